"""One proposal's page for everyone who may see it, with the panels and forms of the viewer's roles."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from members.scopes import scope_for
from supervision.selectors import obligations_visible_to

from .. import rules, selectors
from ..due_dates import with_assignment_due_dates, with_signature_due_dates
from ..enums import AttachmentPurpose, CoSignatureState, ReplyState
from ..forms import ReplyReviewForm
from .common import kept_input, timeline_rows, visible_proposal
from .member import proposer_forms, rateable_replies
from .staff import staff_forms


def _replies(user, proposal):
    """The replies of the proposal this user may see, each with the ratings they may see."""
    return list(
        selectors.replies_visible_to(user).filter(assignment__proposal=proposal)
        .select_related("assignment__unit", "assignment__proposal", "category", "reviewer")
        .prefetch_related("attachments", Prefetch("ratings", queryset=selectors.ratings_visible_to(user).select_related("rater"),
                                                  to_attr="visible_ratings"))
        .order_by("assignment__role", "assignment_id", "round", "id")
    )


@login_required
def detail(request, pk):
    """The proposal page with the panels of the viewer's roles; a form refused a moment ago comes back with
    its input (common.keep_input)."""
    proposal = visible_proposal(request, pk)
    user = request.user
    scope = scope_for(user)
    manages = scope.can_manage(proposal.committee)
    internal = manages or scope.can_read(proposal.committee) or scope.is_unit
    replies = _replies(user, proposal)
    signatures = list(with_signature_due_dates(proposal.signatures.select_related("member")).order_by("order", "id"))
    my_invitation = next(
        (s for s in signatures if scope.member and s.member_id == scope.member.pk and s.state == CoSignatureState.INVITED),
        None,
    )
    rating_forms = rateable_replies(request, replies)
    for r in replies:
        r.rating_form = rating_forms.get(r.pk)
        if manages and r.state == ReplyState.SUBMITTED:
            r.form = ReplyReviewForm(kept_input(request, f"review-{r.pk}"), committee=proposal.committee, prefix=f"v{r.pk}")
    context = {
        "proposal": proposal,
        "signatures": signatures,
        "my_invitation": my_invitation,
        "is_proposer": rules.is_proposer(user, proposal),
        "manages": manages,
        "internal": internal,
        "materials": [a for a in proposal.attachments.all() if a.purpose == AttachmentPurpose.MATERIAL],
        "assignments": with_assignment_due_dates(proposal.assignments.select_related("unit")).order_by("role", "id"),
        "my_unit_ids": scope.unit_ids,
        "replies": replies,
        "opinions": selectors.opinions_visible_to(user).filter(assignment__proposal=proposal)
        .select_related("assignment__unit").prefetch_related("attachments"),
        "timeline": timeline_rows(proposal, user=user),
        "obligations": obligations_visible_to(user).filter(url=reverse("proposals:detail", args=[proposal.pk]))
        .select_related("owner_unit", "owner_member").order_by("due_date", "id"),
        "merged": proposal.merged_proposals.select_related("proposer"),
        "review_reports": selectors.review_reports_visible_to(user).filter(assignment__proposal=proposal)
        .select_related("assignment__unit").order_by("reported_at", "id"),
        "today": timezone.localdate(),
    }
    if context["is_proposer"]:
        context |= proposer_forms(proposal)
    if manages:
        context |= staff_forms(request, proposal)
    return render(request, "proposals/detail.html", context)
