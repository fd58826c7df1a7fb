"""Attention items for the home page: "5 件提案待审查", "2 件答复已逾期" … each linking to the list
where the user acts on them.

They come from the deadline engine: everything someone owes is an open Obligation, so one grouped
query over the obligations the user owes (or, for staff, their committee's staff owe) gives the counts.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.scopes import scope_for
from portal.pagination import bounded_count
from supervision.enums import PENDING_STATES, ObligationKind, OwnerKind
from supervision.models import Obligation

# Where each kind of obligation is acted on; the rest go to the filtered obligations list.
ACTION_PAGES = {
    ObligationKind.PROPOSAL_COSIGN: "proposals:mine",
    ObligationKind.PROPOSAL_RATING: "proposals:mine",
    ObligationKind.PROPOSAL_REVIEW: "proposals:review_queue",
    ObligationKind.PROPOSAL_REPLY_REVIEW: "proposals:reply_queue",
    ObligationKind.PROPOSAL_EXTENSION_REVIEW: "proposals:requests",
    ObligationKind.PROPOSAL_ADJUST: "proposals:inbox",
    ObligationKind.PROPOSAL_CONTACT: "proposals:inbox",
    ObligationKind.PROPOSAL_REPLY: "proposals:inbox",
    ObligationKind.PROPOSAL_REHANDLE: "proposals:inbox",
    ObligationKind.OUTCOME_REPLY: "consult:sendings",
    ObligationKind.OPINION_REPLY: "consult:report_forwards",
    ObligationKind.CONSULT_LEAVE_REVIEW: "consult:meetings",
    ObligationKind.CONSULT_SPEECH_DECISION: "consult:meetings",
    ObligationKind.CONSULT_INVITATION: "consult:my_meetings",
    ObligationKind.CASE_CHECK: "consult:case_bank",
    ObligationKind.CASE_CLAIM: "consult:my_cases",
    ObligationKind.CASE_CONSULT: "consult:my_cases",
    ObligationKind.CASE_FOLLOWUP: "consult:my_cases",
    ObligationKind.RECEPTION_CONFIRM: "consult:my_reception",
    ObligationKind.RECEPTION_DAY: "consult:my_reception",
}


@dataclass
class AttentionItem:
    kind: str
    label: str
    total: int
    overdue: int
    url: str


def _owed_q(scope):
    """The obligations this user has to act on: their own, their unit's, and (staff) their committees' staff work."""
    q = Q(pk__in=[])
    if scope.member:
        q |= Q(owner_kind=OwnerKind.MEMBER, owner_member_id=scope.member.pk)
    if scope.unit_ids:
        q |= Q(owner_kind=OwnerKind.UNIT, owner_unit_id__in=scope.unit_ids)
    if scope.is_staff:
        q |= Q(owner_kind=OwnerKind.STAFF) & scope.committee_q(manage=True)
    return q


def _url(kind):
    return _kind_url(kind, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def _kind_url(kind, prefix, urlconf):
    """Where an obligation of `kind` is acted on, for the site's prefix and URLs (the same on every request)."""
    name = ACTION_PAGES.get(kind)
    if name:
        try:
            return reverse(name)
        except NoReverseMatch:
            pass
    return f"{reverse('supervision:obligations')}?{urlencode({'kind': kind})}"


def _owes(scope, obligation):
    """Whether the obligation is this user's to act on (theirs, their unit's, or their committees' staff work)."""
    if obligation.owner_kind == OwnerKind.MEMBER:
        return scope.member is not None and obligation.owner_member_id == scope.member.pk
    if obligation.owner_kind == OwnerKind.UNIT:
        return obligation.owner_unit_id in scope.unit_ids
    return scope.is_staff and (scope.is_superuser or scope.can_manage(obligation.committee))


@lru_cache(maxsize=4)
def _detail_pattern(prefix):
    """proposals:detail's path as a pattern, with or without `prefix` (the script prefix in force: a URL
    stored by a request of a site served under a sub-path carries it, one stored by a worker does not)."""
    path = reverse("proposals:detail", args=[0])[len(prefix) - 1:]  # "/proposals/0/"
    return re.compile(f"(?:{re.escape(prefix.rstrip('/'))})?" + re.escape(path).replace("/0/", r"/(\d+)/") + "$")


def _proposal_pk(url):
    """The proposal a proposals:detail URL points at (None for any other URL): matched against the detail
    page's own path (resolving each row's URL through every pattern of the site was most of with_links)."""
    match = _detail_pattern(get_script_prefix()).match(url.split("?")[0])
    return int(match.group(1)) if match else None


def with_links(user, obligations):
    """Give each obligation a `link` its user may open: the page where it is done (its `url`) when that
    page is open to the user, else the obligation's own page (which whoever sees the obligation may open).

    A proposal's page is open to whoever sees the proposal (checked in one query for all rows); any other
    page to whoever owes the obligation. So a staff member or an office viewer who sees a member's
    co-signing deadline is led to the deadline, not to a draft proposal they may not open."""
    from proposals.selectors import visible_among

    scope = scope_for(user)
    pks = {o.pk: _proposal_pk(o.url) if o.url else None for o in obligations}
    wanted = {pk for pk in pks.values() if pk}
    visible = visible_among(user, wanted)
    for o in obligations:
        proposal = pks[o.pk]
        opens = bool(o.url) and (proposal in visible if proposal else _owes(scope, o))
        o.link = o.url if opens else reverse("supervision:obligation_detail", args=[o.pk])
    return obligations


def attention_items(user):
    """Counts of what the user must act on, by kind, most urgent first (one query)."""
    scope = scope_for(user)
    if not scope.authenticated:
        return []
    today = timezone.localdate()
    rows = (
        Obligation.objects.filter(_owed_q(scope), state__in=PENDING_STATES)
        .values("kind")
        .annotate(total=Count("kind"), overdue=Count("kind", filter=Q(due_date__lt=today)))  # read from the pending indexes alone
        .order_by()
    )
    labels = dict(ObligationKind.choices)
    items = [
        AttentionItem(kind=row["kind"], label=str(labels.get(row["kind"], row["kind"])), total=row["total"],
                      overdue=row["overdue"], url=_url(row["kind"]))
        for row in rows
    ]
    return sorted(items, key=lambda item: (-item.overdue, -item.total, item.label))


@dataclass
class Tally:
    """A count as the home page shows it: exact, or PostgreSQL's estimate ("约 65,000") when large."""

    count: int
    exact: bool

    def __bool__(self):
        return self.count > 0

    def __str__(self):
        return str(self.count) if self.exact else _("约 %(n)s") % {"n": f"{self.count:,}"}


def overdue_in_subtree(user):
    """For readers of a subtree (staff, office, leaders): how many obligations there are overdue, by anyone
    (a Tally: exact up to the pagers' limit, estimated above it, as the deadline list it links to counts)."""
    scope = scope_for(user)
    if not (scope.is_superuser or scope.read_paths):
        return None
    return Tally(*bounded_count(Obligation.objects.filter(
        scope.committee_q(), state__in=PENDING_STATES, due_date__lt=timezone.localdate())))


def unconfirmed_calendar_years(user):
    """For staff: the years their committees' open deadlines reach whose calendar is still provisional
    (holidays computed by rule, the State Council's notice with its 调休 days not yet entered). [] for others."""
    from supervision.services.calendar_years import unconfirmed_years_reached

    scope = scope_for(user)
    if not scope.is_staff:
        return []
    mine = Obligation.objects.all() if scope.is_superuser else Obligation.objects.filter(scope.committee_q())
    return unconfirmed_years_reached(obligations=mine)
