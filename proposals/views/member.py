"""The member's pages: my proposals, writing and editing, co-signers, submission, invitations, ratings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for
from portal.limits import search_term
from portal.pagination import EXACT

from .. import rules, selectors, services
from ..enums import EDITABLE_STATES
from ..forms import AttachmentForm, DisclosureForm, InviteForm, NoteForm, ProposalForm, RatingForm
from ..models import CoSignature
from ..services.drafting import members_for_invitation
from ..services.handling import may_rate_reply
from .common import back, form_failed, keep_input, kept_input, paginate, run_service, visible_proposal


def _member_or_404(request):
    member = scope_for(request.user).member
    if member is None:
        raise Http404(_("只有委员可以使用此页面。"))
    return member


def _own_proposal(request, pk):
    """A proposal the user sees and proposed (403 if they see it but are not the proposer)."""
    proposal = visible_proposal(request, pk)
    if not rules.is_proposer(request.user, proposal):
        raise PermissionDenied(_("只有提案人本人可以执行此操作。"))
    return proposal


def detail_url(proposal):
    return reverse("proposals:detail", args=[proposal.pk])


@login_required
def my_proposals(request):
    """我的提案: proposals I wrote or co-signed (any state), and invitations waiting for my answer."""
    member = _member_or_404(request)
    signed = CoSignature.objects.filter(member=member).values("proposal_id")
    mine = selectors.proposals_visible_to(request.user).filter(Q(proposer=member) | Q(pk__in=signed))
    # a member's own proposals (tens, a few hundred over the years): counted exactly, no estimate asked first
    page, query = paginate(request, selectors.api_rows(mine).order_by("-created_at", "-id"), limit=EXACT)
    page.object_list = selectors.page_rows(page.object_list)  # plain values, as the API's list
    return render(request, "proposals/member/list.html", {
        "page": page, "query": query, "member": member, "today": timezone.localdate(),  # "已逾期" on a late reply
        "invitations": selectors.cosign_invitations(request.user),
    })


@login_required
def create(request):
    """新建提案: the draft is saved; the member invites co-signers and submits from its page."""
    member = _member_or_404(request)
    form = ProposalForm(request.POST or None, request.FILES or None, committee=member.committee,
                        initial={"session": services.current_session(member.committee)})
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        proposal = run_service(request, services.create_draft, success=_("提案草稿已保存。"),
                               title=data.pop("title"), kind=data.pop("kind"), session=data.pop("session"), **data)
        if proposal is not None:
            _store_attachment(request, proposal, form.cleaned_data.get("attachment"))
            return redirect(detail_url(proposal))
    return render(request, "proposals/member/form.html", {"form": form, "member": member})


def _store_attachment(request, proposal, uploaded):
    if uploaded is not None:
        run_service(request, services.add_attachment, success="", proposal=proposal, uploaded=uploaded)


@login_required
def edit(request, pk):
    """修改草稿 (or a proposal returned for revision)."""
    proposal = _own_proposal(request, pk)
    if proposal.state not in EDITABLE_STATES:
        messages.error(request, gettext("提案当前状态为“%(state)s”，只有草稿或退回修改的提案可以修改。")
                       % {"state": proposal.get_state_display()})
        return redirect(detail_url(proposal))
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal, committee=proposal.committee)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        proposal.refresh_from_db()  # the ModelForm changed the instance in memory; the service saves
        if run_service(request, services.update_draft, success=_("提案已保存。"), proposal=proposal, **data) is not None:
            _store_attachment(request, proposal, form.cleaned_data.get("attachment"))
            return redirect(detail_url(proposal))
    return render(request, "proposals/member/form.html", {"form": form, "proposal": proposal})


@login_required
def cosigners(request, pk):
    """邀请联名: search members of the same committee by name and invite the chosen ones."""
    proposal = _own_proposal(request, pk)
    candidates = members_for_invitation(proposal).order_by("name", "id")
    form = InviteForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        if form.is_valid():
            done = run_service(request, services.invite_cosigners, success=_("已发出联名邀请。"), proposal=proposal,
                               members=list(form.cleaned_data["members"]))
            if done is not None:
                return redirect(detail_url(proposal))
        else:
            form_failed(request, form)
    q = search_term(request.GET.get("q"))
    found = candidates.filter(name__contains=q)[:50] if q else []
    return render(request, "proposals/member/cosigners.html", {
        "proposal": proposal, "q": q, "found": found,
        "signatures": proposal.signatures.select_related("member").order_by("order", "id"),
    })


@login_required
@require_POST
def submit(request, pk):
    proposal = _own_proposal(request, pk)
    done = run_service(request, services.submit, success="", proposal=proposal)
    if done is not None:
        messages.success(request, _("提案已提交，等待联名委员确认。") if done.state == "cosigning" else _("提案已提交审查。"))
    return redirect(detail_url(proposal))


@login_required
@require_POST
def withdraw(request, pk):
    proposal = _own_proposal(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        run_service(request, services.withdraw, success=_("提案已撤回。"), proposal=proposal, note=form.cleaned_data["note"])
    else:
        form_failed(request, form)
    return redirect(detail_url(proposal))


@login_required
@require_POST
def disclosure(request, pk):
    proposal = _own_proposal(request, pk)
    form = DisclosureForm(request.POST)
    if form.is_valid():
        run_service(request, services.set_disclosure, success=_("公开意见已保存。"), proposal=proposal,
                    consent=form.cleaned_data["consent"], reason=form.cleaned_data.get("reason") or "")
    else:
        form_failed(request, form)
    return redirect(detail_url(proposal))


@login_required
@require_POST
def attachment_add(request, pk):
    proposal = _own_proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, services.add_attachment, success=_("附件已上传。"), proposal=proposal,
                    uploaded=form.cleaned_data["file"])
    else:
        form_failed(request, form)
    return redirect(detail_url(proposal))


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user).select_related("proposal"), pk=pk)
    run_service(request, services.remove_attachment, success=_("附件已删除。"), attachment=attachment)
    return redirect(detail_url(attachment.proposal))


@login_required
@require_POST
def cosigner_remove(request, pk):
    signature = get_object_or_404(
        CoSignature.objects.filter(proposal__in=selectors.proposals_visible_to(request.user)).select_related("proposal", "member"),
        pk=pk,
    )
    run_service(request, services.remove_cosigner, success=_("已撤回联名邀请。"), signature=signature)
    return back(request, reverse("proposals:cosigners", args=[signature.proposal_id]))


@login_required
@require_POST
def cosign_respond(request, pk):
    """确认 / 谢绝联名 (the invited member only; others get 404: the invitation is not theirs)."""
    member = _member_or_404(request)
    signature = get_object_or_404(CoSignature.objects.select_related("proposal"), pk=pk, member=member)
    confirm = request.POST.get("answer") == "confirm"
    run_service(request, services.respond_cosignature, success=_("已确认联名。") if confirm else _("已谢绝联名。"),
                signature=signature, confirm=confirm)
    return back(request, reverse("proposals:mine"))


@login_required
@require_POST
def rate(request, pk):
    """办理评价 of one approved reply by the proposer or a confirmed co-signer."""
    reply = get_object_or_404(selectors.replies_visible_to(request.user).select_related("assignment__proposal"), pk=pk)
    proposal = reply.assignment.proposal
    if not rules.may_rate(request.user, proposal):
        raise PermissionDenied(_("只有提案人和联名委员可以评价答复。"))
    form = RatingForm(request.POST, prefix=f"r{reply.pk}")
    if form.is_valid():
        c = form.cleaned_data
        if run_service(request, services.rate_reply, success=_("评价已提交。"), reply=reply, attitude=c["attitude"],
                       relevance=c["relevance"], result=c["result"], note=c.get("note") or "") is not None:
            return redirect(detail_url(proposal))
    else:
        form_failed(request, form)
    keep_input(request, f"rate-{reply.pk}")
    return redirect(detail_url(proposal))


def rateable_replies(request, replies):
    """Replies this user may still rate (approved, current round; a co-signer also an earlier round's while
    their window on it is open: services.handling.may_rate_reply): {reply_id: RatingForm} (with the input of
    a rating refused a moment ago)."""
    member = scope_for(request.user).member
    if member is None:
        return {}
    out = {}
    for r in replies:
        if r.state == "approved" and member.pk in rules.rater_ids(r.assignment.proposal) and may_rate_reply(member, r):
            out[r.pk] = RatingForm(kept_input(request, f"rate-{r.pk}"), prefix=f"r{r.pk}")
    return out


def proposer_forms(proposal):
    return {
        "disclosure_form": DisclosureForm(initial={"consent": "1" if proposal.disclosure_consent else "0",
                                                   "reason": proposal.nondisclosure_reason}),
        "attachment_form": AttachmentForm(),
    }

