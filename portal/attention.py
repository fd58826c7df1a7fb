"""Attention items for the home page: "5 件提案待审查", "2 件答复已逾期" … each linking to the list
where the user acts on them.

They come from the deadline engine: everything someone owes is an open Obligation, so one grouped
query over the obligations the user owes (or, for staff, their committee's staff owe) gives the counts.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from members.scopes import scope_for
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
    name = ACTION_PAGES.get(kind)
    if name:
        try:
            return reverse(name)
        except NoReverseMatch:
            pass
    return f"{reverse('supervision:obligations')}?{urlencode({'kind': kind})}"


def attention_items(user):
    """Counts of what the user must act on, by kind, most urgent first (one query)."""
    scope = scope_for(user)
    if not scope.authenticated:
        return []
    today = timezone.localdate()
    rows = (
        Obligation.objects.filter(_owed_q(scope), state__in=PENDING_STATES)
        .values("kind")
        .annotate(total=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
        .order_by()
    )
    labels = dict(ObligationKind.choices)
    items = [
        AttentionItem(kind=row["kind"], label=str(labels.get(row["kind"], row["kind"])), total=row["total"],
                      overdue=row["overdue"], url=_url(row["kind"]))
        for row in rows
    ]
    return sorted(items, key=lambda item: (-item.overdue, -item.total, item.label))


def overdue_in_subtree(user):
    """For readers of a subtree (staff, office, leaders): how many obligations there are overdue, by anyone."""
    scope = scope_for(user)
    if not (scope.is_superuser or scope.read_paths):
        return None
    return Obligation.objects.filter(
        scope.committee_q(), state__in=PENDING_STATES, due_date__lt=timezone.localdate()
    ).count()
