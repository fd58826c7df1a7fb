"""Reads of grassroots cases: what each user may see, the three banks (问题库/建言库/案例库) with their
filters, and the per-member counts for the performance record.

- staff, office viewers and leaders: the cases of their committee's subtree;
- a member: the cases offered to their member group, the cases they claimed, the cases of the group they
  lead, and — a convenor — the cases of their committee (or township);
- anyone else: nothing (the resident sees their own case by its tracking code only).
Contact details (resident name, phone) are never part of these lists; see services.can_see_contact."""

from django.db.models import Count, F, Q

from members.models import MemberGroup
from members.scopes import scope_for

from ..selectors import NONE
from .enums import BANKS, CaseState
from .models import CaseClaim, CommunityCase
from .search import matching

LIST_DEFER = ("description", "resident_name", "resident_phone", "decline_reason", "answer", "summary")


def cases_visible_to(user):
    scope = scope_for(user)
    if not scope.authenticated:
        return CommunityCase.objects.none()
    if scope.is_superuser:
        return CommunityCase.objects.all()
    q = scope.committee_q("committee") if scope.read_paths else NONE
    m = scope.member
    if m is not None:
        q |= Q(pk__in=CaseClaim.objects.filter(member=m).values("case_id"))
        if m.member_group_id:
            q |= Q(member_group_id=m.member_group_id)
        led = list(MemberGroup.objects.filter(leader=m).values_list("pk", flat=True))
        if led:
            q |= Q(member_group_id__in=led)
        if m.is_convenor:
            q |= Q(committee_id__in=[c for c in (m.committee_id, m.township_id) if c])
    return CommunityCase.objects.filter(q)


def bank(queryset, name):
    """One of the three banks: the same cases in the states the bank holds."""
    return queryset.filter(state__in=BANKS[name][1])


def search(queryset, *, committee=None, member_group=None, grade="", theme="", year=None, q="", state=""):
    """The banks' filters: committee, member group, grade, theme, year (of raising), text (full-text search of
    title, description, consultation result, answer and write-up: every word must occur; consult/cases/search.py)."""
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    if member_group is not None:
        queryset = queryset.filter(member_group=member_group)
    if grade:
        queryset = queryset.filter(grade=grade)
    if theme:
        queryset = queryset.filter(theme=theme)
    if state:
        queryset = queryset.filter(state=state)
    if year:
        queryset = queryset.filter(created_at__year=year)
    if q:
        queryset = matching(queryset, q)
    return queryset


def list_rows(queryset):
    """A list's rows: newest first (the -id index), long texts and contacts deferred."""
    return queryset.select_related("committee", "member_group").defer(*LIST_DEFER).order_by("-id")


def member_rows(queryset):
    """The member's short lists (我的点单): newest first, only what they show (title, state, grade, date)."""
    return queryset.only("id", "title", "state", "grade", "created_at").order_by("-id")


def offered_to_member(member):
    """Cases waiting for a claim by the member's group (the member's 待接单)."""
    if member is None or not member.member_group_id:
        return CommunityCase.objects.none()
    return CommunityCase.objects.filter(member_group_id=member.member_group_id, state=CaseState.OFFERED)


def to_manage(member):
    """Cases waiting for the member as group leader or convenor: to check (待定单), to offer (已定单), to
    archive (已办结)."""
    if member is None:
        return CommunityCase.objects.none()
    q = Q(member_group_id__in=list(MemberGroup.objects.filter(leader=member).values_list("pk", flat=True)))
    if member.is_convenor:
        q |= Q(committee_id__in=[c for c in (member.committee_id, member.township_id) if c])
    return CommunityCase.objects.filter(q, state__in=(CaseState.SUBMITTED, CaseState.ACCEPTED, CaseState.RESOLVED))


def to_manage_rows(member):
    """`to_manage` as the member's list shows it (`member_rows`), newest first. Ordered by id + 0, the same order
    the primary key's: PostgreSQL walked that index backwards through a county's years of cases (17,000 rows,
    3 ms) for the few hundred a convenor's branches hold, which their (committee, state) and (group, state)
    indexes find at once, then sorted (0.3 ms)."""
    return member_rows(to_manage(member)).order_by((F("id") + 0).desc())


def claimed_by_member(member):
    if member is None:
        return CommunityCase.objects.none()
    return CommunityCase.objects.filter(pk__in=CaseClaim.objects.filter(member=member).values("case_id"))


def member_counts(members=None, *, year=None):
    """{member_id: {"claimed": n, "led": n, "resolved": n}} for the performance record (履职档案): cases
    claimed (lead or co-claimant), led, and resolved or archived, optionally in the year claimed."""
    claims = CaseClaim.objects.all()
    if members is not None:
        claims = claims.filter(member__in=members)
    if year:
        claims = claims.filter(created_at__year=year)
    done = (CaseState.RESOLVED, CaseState.ARCHIVED)
    rows = claims.values("member_id").annotate(
        claimed=Count("id"), led=Count("id", filter=Q(lead=True)),
        resolved=Count("id", filter=Q(case__state__in=done)))
    return {r["member_id"]: {"claimed": r["claimed"], "led": r["led"], "resolved": r["resolved"]} for r in rows}
