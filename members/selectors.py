"""Reusable reads: what each user may see of the organisation."""

from functools import cache

from django.db.models import OuterRef, Q, Subquery

from .models import (
    Committee,
    HandlingUnit,
    Member,
    MemberGroup,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
)
from .scopes import scope_for


def committees_visible_to(user):
    scope = scope_for(user)
    if not scope.authenticated:
        return Committee.objects.none()
    if scope.is_superuser:
        return Committee.objects.all()
    q = scope.committee_q(field_name="")
    if scope.member:
        q |= Q(pk=scope.member.committee_id)
    if scope.unit_committee_ids:
        q |= Q(pk__in=scope.unit_committee_ids)
    return Committee.objects.filter(q)


def near_committee_ids(committees, picked=None):
    """The top committees of `committees` (those not under another of them) and the `picked` one (an id
    from a query string, used only when it is one of `committees`): whose sectors, sessions and units a
    filter form offers, rather than every township's of a whole province. `committees` may also be their
    (pk, path, …) rows already read, in path order."""
    rows = committees if isinstance(committees, list) else list(committees.order_by("path").values_list("pk", "path"))
    tops = []
    for pk, path, *_rest in rows:
        if not any(path.startswith(top) for _pk, top in tops):
            tops.append((pk, path))
    ids = {pk for pk, _path in tops}
    if picked and str(picked).isdigit() and int(picked) in {row[0] for row in rows}:
        ids.add(int(picked))
    return sorted(ids)


def sectors_visible_to(user):
    return Sector.objects.filter(committee__in=committees_visible_to(user))


def members_visible_to(user):
    """Staff/office/leaders: their subtree. A member: the members of their own committee."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Member.objects.none()
    if scope.is_superuser:
        return Member.objects.all()
    q = scope.committee_q()
    if scope.member:
        # their committee's active members, and themselves (a row of that committee too): written with the
        # committee first, PostgreSQL knows it is one committee and joins it for the list's path order as one
        # row; `active AND committee OR me` had it walk every committee against each colleague (2.7 ms, now 0.5)
        q |= Q(committee_id=scope.member.committee_id) & (Q(active=True) | Q(pk=scope.member.pk))
    elif not scope.read_paths and not scope.is_superuser:
        return Member.objects.none()
    return Member.objects.filter(q)


def _name_of(model, key):
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values("name")[:1])


@cache
def _member_names():
    """The names a member row shows, as expressions built once (a query resolves a copy of them)."""
    return {
        "committee_name": _name_of(Committee, "committee_id"), "sector_name": _name_of(Sector, "sector_id"),
        "special_committee_name": _name_of(SpecialCommittee, "special_committee_id"),
        "township_name": _name_of(Committee, "township_id"), "member_group_name": _name_of(MemberGroup, "member_group_id"),
    }


def with_member_names(members):
    """Members with the names of their committee, sector, special committee, township and group
    (`committee_name` …) by scalar subqueries, run for the page's rows only: five joins had PostgreSQL
    plan for 2.4 ms and walk every committee against a member's 213 colleagues."""
    return members.annotate(**_member_names())


def units_visible_to(user):
    """Staff/office/leaders: their subtree. A liaison: its own unit. A member: units of their committee."""
    scope = scope_for(user)
    if not scope.authenticated:
        return HandlingUnit.objects.none()
    if scope.is_superuser:
        return HandlingUnit.objects.all()
    q = scope.committee_q()
    if scope.unit_ids:
        q |= Q(pk__in=scope.unit_ids)
    if scope.member:
        q |= Q(committee_id=scope.member.committee_id, active=True)
    if not (scope.is_superuser or scope.read_paths or scope.unit_ids or scope.member):
        return HandlingUnit.objects.none()
    return HandlingUnit.objects.filter(q)


def _in_visible_committees(queryset, user, field="committee"):
    """Rows of `queryset` whose committee (via `field`) is one the user may see."""
    return queryset.filter(**{f"{field}__in": committees_visible_to(user)})


def terms_visible_to(user):
    return _in_visible_committees(Term.objects.all(), user)


def sessions_visible_to(user):
    return _in_visible_committees(Session.objects.all(), user, "term__committee")


def special_committees_visible_to(user):
    return _in_visible_committees(SpecialCommittee.objects.all(), user)


def member_groups_visible_to(user):
    return _in_visible_committees(MemberGroup.objects.all(), user)


def studios_visible_to(user):
    return _in_visible_committees(Studio.objects.all(), user)


def role_assignments_visible_to(user):
    """Staff only: the role assignments of the subtree they manage."""
    scope = scope_for(user)
    if not scope.is_staff:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(scope.committee_q(manage=True))
