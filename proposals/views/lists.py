"""Small reads the staff and unit pages need that the domain selectors do not offer (all scoped)."""

from django.db.models import Q

from members.enums import Role
from members.models import HandlingUnit, RoleAssignment, Session
from members.scopes import scope_for
from portal.limits import search_term

from .. import selectors
from ..due_dates import assignment_due_date
from ..enums import ACCEPTED_STATES, ProposalState, ReplyState, RequestState
from ..models import AdjustmentRequest, ExtensionRequest, Proposal, ProposalCategory, Reply

S = ProposalState


def _managed(user, field):
    return scope_for(user).committee_q(field, manage=True)


def pending_adjustments(user):
    """调整申请 awaiting a decision by this staff user."""
    return (
        AdjustmentRequest.objects.filter(_managed(user, "assignment__proposal__committee"), state=RequestState.PENDING)
        .select_related("assignment__proposal", "assignment__unit", "suggested_unit")
        .order_by("requested_at", "id")
    )


def pending_extensions(user):
    """延期申请 awaiting a decision by this staff user."""
    return (
        ExtensionRequest.objects.filter(_managed(user, "assignment__proposal__committee"), state=RequestState.PENDING)
        .select_related("assignment__proposal", "assignment__unit")
        .annotate(current_due_date=assignment_due_date("assignment_id"))  # the reply obligation's
        .order_by("requested_at", "id")
    )


def replies_to_review(user):
    """答复 awaiting 督办审核 by this staff user, oldest first."""
    return (
        Reply.objects.filter(_managed(user, "assignment__proposal__committee"), state=ReplyState.SUBMITTED)
        .select_related("assignment__proposal__committee", "assignment__unit", "category")
        .prefetch_related("attachments")
        .order_by("submitted_at", "id")
    )


def to_assign(user):
    """Accepted proposals not yet assigned to any unit (for bulk assignment)."""
    return selectors.with_list_related(
        Proposal.objects.filter(_managed(user, "committee"), state=S.ACCEPTED)
    ).order_by("sequence", "id")


def units_for(committee):
    return HandlingUnit.objects.filter(committee=committee, active=True).order_by("name", "id")


def managed_units(user):
    """Active units of the committees this staff user manages (for bulk assignment)."""
    return HandlingUnit.objects.filter(_managed(user, "committee"), active=True).select_related("committee").order_by("name", "id")


def merge_targets(proposal):
    """Proposals `proposal` may be merged into: same committee and session, under review or accepted."""
    return merge_candidates(proposal.committee_id, proposal.session_id).exclude(pk=proposal.pk)


def merge_candidates(committee_id, session_id):
    """Proposals of a committee (and session) that others may be merged into."""
    qs = Proposal.objects.filter(committee_id=committee_id, merged_into__isnull=True,
                                 state__in=[S.SUBMITTED, *ACCEPTED_STATES - {S.CLOSED}])
    if session_id:
        qs = qs.filter(session_id=session_id)
    return qs.order_by("-id")


def leaders_for(committee):
    """Users holding the leader role in this committee or above (领衔督办 candidates)."""
    from django.contrib.auth import get_user_model

    ids = [int(p) for p in committee.path.strip("/").split("/") if p]
    users = RoleAssignment.objects.filter(role=Role.LEADER, committee_id__in=ids).values("user_id")
    return get_user_model().objects.filter(pk__in=users).select_related("member").order_by("username")


def overview_choices(user):
    """Choices for the overview filters: categories, units and sessions of the user's readable subtree."""
    scope = scope_for(user)
    committees = Q() if scope.is_superuser else scope.committee_q("committee")
    return {
        "categories": ProposalCategory.objects.filter(active=True).order_by("order", "id"),
        "units": HandlingUnit.objects.filter(committees).order_by("name", "id"),
        "sessions": Session.objects.filter(committees if scope.is_superuser else scope.committee_q("term__committee"))
        .select_related("term").order_by("-term__number", "-number"),
    }


def keyword(qs, text):
    """Keyword search on title, number, 案由, 建议 and the proposer's name (at most limits.SEARCH characters)."""
    text = search_term(text)
    if not text:
        return qs
    return qs.filter(Q(title__icontains=text) | Q(number__icontains=text) | Q(reason__icontains=text)
                     | Q(suggestions__icontains=text) | Q(proposer__name__icontains=text) | Q(collective_name__icontains=text))

