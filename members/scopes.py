"""The one permission layer: who may see and manage what, used by pages, admin and API alike.

A user's `Scope` is computed once per request from their RoleAssignments and Member record:
- staff manage their committee's subtree;
- office viewers and leaders read their committee's subtree;
- a unit liaison sees its unit and what is assigned to it;
- a member sees their own records (and the member list of their own committee, masked).
Every list goes through a `*_visible_to(user)` selector built on `Scope.committee_q()`.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.db.models import Q

from .enums import Role
from .privacy import MEMBER_PERSONAL_FIELDS, mask_id_number, mask_phone, shown


class CommitteeRow(NamedTuple):
    """A committee of a user's subtree as read once per request (Scope.committee_rows): what lists of
    committees show and filter by, without a model instance each."""

    pk: int
    name: str
    level: str
    path: str
    parent_id: int | None

    @property
    def depth(self):
        return self.path.count("/") - 2  # Committee.depth

    def __str__(self):
        return self.name


@dataclass
class Scope:
    user: object
    is_superuser: bool = False
    staff_paths: list = field(default_factory=list)
    office_paths: list = field(default_factory=list)
    leader_paths: list = field(default_factory=list)
    unit_ids: list = field(default_factory=list)
    unit_committee_ids: list = field(default_factory=list)
    member: object = None
    _committee_rows: dict = field(default_factory=dict, repr=False)
    _committee_ids: dict = field(default_factory=dict, repr=False)

    @property
    def authenticated(self):
        return bool(self.user and self.user.is_authenticated)

    @property
    def read_paths(self):
        return self.staff_paths + self.office_paths + self.leader_paths

    @property
    def is_staff(self):
        return self.is_superuser or bool(self.staff_paths)

    @property
    def is_office(self):
        return bool(self.office_paths)

    @property
    def is_leader(self):
        return bool(self.leader_paths)

    @property
    def is_unit(self):
        return bool(self.unit_ids)

    @property
    def is_member(self):
        return self.member is not None

    @property
    def can_see_personal_data(self):
        """Phone and ID numbers unmasked: staff only (DESIGN §6)."""
        return self.is_staff

    @staticmethod
    def _paths_q(paths, prefix):
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))

    def committee_rows(self, *, manage=False):
        """The committees of the subtrees this user may read (or manage) as CommitteeRows in path order,
        read once per request (a province has a few hundred): their ids filter every list of the request
        (committee_ids), their names make the home page's list of the subtree. [] for a superuser (no
        subtree: committee_q() is Q()) and for users who read no subtree."""
        key = "manage" if manage else "read"
        if key not in self._committee_rows and sorted(self.staff_paths) == sorted(self.read_paths):
            other = "read" if manage else "manage"  # a staff member reads what they manage: one lookup
            if other in self._committee_rows:
                self._committee_rows[key] = self._committee_rows[other]
        if key not in self._committee_rows:
            from .models import Committee

            paths = self.staff_paths if manage else self.read_paths
            rows = (Committee.objects.filter(self._paths_q(paths, "")).order_by("path")
                    .values_list(*CommitteeRow._fields)) if paths else []
            self._committee_rows[key] = [CommitteeRow(*row) for row in rows]
        return self._committee_rows[key]

    def committee_ids(self, *, manage=False):
        """The ids of the committees in the subtrees this user may read (or manage), sorted: a literal id list
        lets every query use the index on its own committee column instead of joining the committee table
        for a path prefix."""
        key = "manage" if manage else "read"
        if key not in self._committee_ids:
            self._committee_ids[key] = sorted(row.pk for row in self.committee_rows(manage=manage))
        return self._committee_ids[key]

    def committee_q(self, field_name="committee", *, manage=False):
        """Q selecting rows whose committee lies in a subtree this user may read (or manage).
        `field_name` is the path to a foreign key to Committee ("" for Committee rows themselves)."""
        if self.is_superuser:
            return Q()
        ids = self.committee_ids(manage=manage)
        if not ids:
            return Q(pk__in=[])
        return Q(**{f"{field_name}_id__anyof" if field_name else "pk__anyof": ids})  # portal.lookups

    def _in_paths(self, committee, paths):
        if self.is_superuser:
            return True
        if committee is None:
            return False
        return any(committee.path.startswith(p) for p in paths)

    def can_manage(self, committee):
        return self._in_paths(committee, self.staff_paths)

    def can_read(self, committee):
        return self._in_paths(committee, self.read_paths)


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return Scope(user=user)
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    from .models import Member, RoleAssignment

    scope = Scope(user=user, is_superuser=user.is_superuser)
    for ra in RoleAssignment.objects.filter(user=user).select_related("committee", "unit"):
        if ra.role == Role.STAFF:
            scope.staff_paths.append(ra.committee.path)
        elif ra.role == Role.OFFICE:
            scope.office_paths.append(ra.committee.path)
        elif ra.role == Role.LEADER:
            scope.leader_paths.append(ra.committee.path)
        elif ra.role == Role.UNIT and ra.unit_id:
            scope.unit_ids.append(ra.unit_id)
            scope.unit_committee_ids.append(ra.unit.committee_id)
    scope.member = (
        Member.objects.select_related("committee", "sector", "special_committee").filter(user=user, active=True).first()
    )
    user._portal_scope = scope
    return scope


def phone_for(user, value: str) -> str:
    """A phone number as `user` sees it in lists (members.privacy decides)."""
    return value if scope_for(user).can_see_personal_data else shown(value, MEMBER_PERSONAL_FIELDS["phone"])

__all__ = ["Scope", "mask_id_number", "mask_phone", "phone_for", "scope_for"]


def committee_of_reference(obj):
    """The committee a referenced record belongs to: itself for a Committee, `committee` for most records,
    the term's committee for a Session, the proposal's for proposal records (None: a shared default row)."""
    from .models import Committee

    if isinstance(obj, Committee):
        return obj
    for path in ("committee", "term.committee", "proposal.committee", "unit.committee"):
        current, found = obj, True
        for part in path.split("."):
            if not hasattr(current, f"{part}_id") and not hasattr(current, part):
                found = False
                break
            current = getattr(current, part)
            if current is None:
                break
        if found:
            return current
    raise TypeError(f"{type(obj).__name__} has no committee")


def in_scope(obj, committee, *, shared=False, subtree=False) -> bool:
    """Whether a referenced record may be used in a write about `committee`.

    Default: it belongs to `committee` itself (a sector, a unit, a member, a session of that committee).
    `shared`: a committee list (categories, grounds) — the committee's own rows, its ancestors' and the
    shared defaults (no committee). `subtree`: anything in the committee's subtree (townships).
    """
    ref = committee_of_reference(obj)
    if ref is None:
        return shared
    if shared:
        return committee.path.startswith(ref.path)
    if subtree:
        return ref.path.startswith(committee.path)
    return ref.pk == committee.pk


def require_in_scope(obj, committee, label, *, error, shared=False, subtree=False, active=True):
    """The one check of a reference in a write: `obj` (given by a user as an id or object) must belong to
    `committee` (see in_scope) and, when it has an `active` flag, be active. Otherwise raise
    `error(message)` with a Chinese message naming `label` (what was picked, e.g. 界别). None passes.

    Services call this for every reference they take, so the API, the pages and the admin are held
    to the same rule whatever their forms offer.
    """
    from django.utils.translation import gettext as _

    if obj is None:
        return obj
    if not in_scope(obj, committee, shared=shared, subtree=subtree):
        raise error(_("所选的%(label)s不属于%(committee)s，不能使用。") % {"label": label, "committee": committee.name})
    if active and getattr(obj, "active", True) is False:
        raise error(_("所选的%(label)s已停用，不能使用。") % {"label": label})
    return obj
