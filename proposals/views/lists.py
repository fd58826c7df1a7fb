"""Small reads the staff and unit pages need that the domain selectors do not offer (all scoped)."""


from django.db.models import Q

from members.enums import Role
from members.models import HandlingUnit, RoleAssignment, Session
from members.scopes import scope_for
from members.selectors import committees_visible_to, near_committee_ids

from .. import search, selectors
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


def overview_choices(user, picked=None):
    """Choices for the overview filters: the committees of the user's readable subtree, and the categories,
    units and sessions of its top committees and of the committee picked (`picked`, from the query)."""
    committees = committees_visible_to(user)
    near = near_committee_ids(committees, picked)
    return {
        "committees": committees.order_by("path"),
        "categories": ProposalCategory.objects.filter(
            Q(committee__isnull=True) | Q(committee_id__in=near), active=True).order_by("order", "id"),
        "units": HandlingUnit.objects.filter(committee_id__in=near).order_by("name", "id"),
        "sessions": Session.objects.filter(term__committee_id__in=near).select_related("term", "term__committee")
        .order_by("term__committee__path", "-term__number", "-number"),
    }


def keyword(qs, text):
    """Full-text search (proposals.search) on title, number, 案由, 建议, the proposer's name and 提案单位: the
    proposals holding every word of `text` (at most limits.SEARCH characters); unordered."""
    return search.matching(qs, text)


def ranked(qs, text, *ordering):
    """`keyword` ranked: title (案号, proposer) matches first, then the others, each in `ordering`;
    without a search, `qs` in `ordering`."""
    return search.ranked(qs, text, *ordering)

