"""The one declaration of who sees which personal data of a person (DESIGN §6), and the masking.

Every output of a member or a unit's contacts — the API serializers, the member list page, the admin
list and change view, the Excel exports and the handling unit's view of a proposer — asks this module,
so a role sees the same fields with the same (masked) values everywhere.

A field is shown FULL, MASKED (`138****1234`) or HIDDEN (left out: None in the API, no column or an
empty cell elsewhere). Staff (and superusers) need personal data to manage members and see it in full;
a member sees their own record in full; a unit liaison sees its own unit's contacts and, while it
handles a proposal, the proposer's phone and e-mail (办前沟通); everyone else (office viewers, leaders,
members looking at colleagues, other units) gets phones masked and birth dates and e-mails hidden.
"""

FULL, MASKED, HIDDEN = "full", "masked", "hidden"

# Personal fields of a Member and how a viewer without a need sees them.
MEMBER_PERSONAL_FIELDS = {"phone": MASKED, "birth_date": HIDDEN, "email": HIDDEN}
# What a handling unit sees of the proposer whose proposal it handles (it must contact them).
PROPOSER_CONTACT_FOR_UNIT = {"phone": FULL, "birth_date": HIDDEN, "email": FULL}
# Contact fields of a HandlingUnit and how a viewer who is neither staff nor that unit sees them.
UNIT_PERSONAL_FIELDS = {"leader_phone": MASKED, "contact_phone": MASKED}

ALL_FULL_MEMBER = dict.fromkeys(MEMBER_PERSONAL_FIELDS, FULL)


def mask_phone(value: str) -> str:
    """138****1234 for phone numbers; keeps the first 3 and last 4 characters."""
    if not value:
        return value
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_id_number(value: str) -> str:
    """3401************1234 for ID numbers; keeps the first and last 4 characters."""
    if not value or len(value) < 8:
        return value
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _scope(viewer):
    from .scopes import scope_for

    return scope_for(viewer)


def member_field_access(viewer, member=None) -> dict:
    """{field: FULL | MASKED | HIDDEN} for the personal fields of `member` as `viewer` sees them."""
    scope = _scope(viewer)
    if scope.can_see_personal_data:
        return dict(ALL_FULL_MEMBER)
    if member is not None and scope.member is not None and scope.member.pk == member.pk:
        return dict(ALL_FULL_MEMBER)
    return dict(MEMBER_PERSONAL_FIELDS)


def proposer_contact_access(viewer, proposal) -> dict:
    """The access `viewer` has to the proposer of `proposal`: a unit liaison handling it sees the contact."""
    access = member_field_access(viewer, proposal.proposer)
    scope = _scope(viewer)
    if scope.unit_ids and proposal.assignments.filter(unit_id__in=scope.unit_ids).exists():
        access = {name: _wider(access[name], level) for name, level in PROPOSER_CONTACT_FOR_UNIT.items()}
    return access


def unit_field_access(viewer, unit=None) -> dict:
    scope = _scope(viewer)
    if scope.can_see_personal_data or (unit is not None and unit.pk in scope.unit_ids):
        return dict.fromkeys(UNIT_PERSONAL_FIELDS, FULL)
    return dict(UNIT_PERSONAL_FIELDS)


_ORDER = {HIDDEN: 0, MASKED: 1, FULL: 2}


def _wider(a, b):
    return a if _ORDER[a] >= _ORDER[b] else b


# What a hidden field reads as where it must appear (the API): null for a date, "" for text.
EMPTY_WHEN_HIDDEN = {"birth_date": None}


def shown(value, level, name=None):
    """`value` as a viewer with `level` sees it: itself, masked, or empty when hidden ("" for text, else None)."""
    if level == FULL:
        return value
    empty = EMPTY_WHEN_HIDDEN.get(name, "" if isinstance(value, str) else None)
    if level == MASKED and isinstance(value, str):
        return mask_phone(value)
    return empty


def visible_fields(access) -> set:
    """The personal fields that appear at all (FULL or MASKED)."""
    return {name for name, level in access.items() if level != HIDDEN}


def apply(data: dict, access: dict) -> dict:
    """Apply `access` to a dict holding (some of) the personal fields; hidden ones become empty."""
    for name, level in access.items():
        if name in data:
            data[name] = shown(data[name], level, name)
    return data


def member_values(viewer, member, access=None) -> dict:
    """The personal fields of `member` as `viewer` sees them ({field: value}, hidden ones empty)."""
    access = access or member_field_access(viewer, member)
    return {name: shown(getattr(member, name), level, name) for name, level in access.items()}
