"""What every proposal page shares: finding objects through the selectors, running a service from a
POST, pagination, timeline labels, attachment download and the similar-proposal fragment."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from members.scopes import scope_for
from portal.limits import LONG_TEXT
from portal.pagination import paginate  # noqa: F401 - the views of the app import it from here

from .. import rules, selectors
from ..enums import AssignmentRole, AssignmentState, CoSignatureState, ProposalState, ReplyState, RequestState
from ..errors import ProposalError, ProposalPermissionError
from ..forms import errors_text
from ..models import Assignment, Attachment, Proposal

# Timeline action codes (written by the services) → what a person reads.
ACTION_LABELS = {
    "create": _("创建草稿"), "edit": _("修改"), "invite_cosigners": _("邀请联名"), "remove_cosigner": _("撤回联名邀请"),
    "start_cosigning": _("提交，等待联名确认"), "submit": _("提交审查"), "withdraw": _("撤回"), "confirmed": _("确认联名"),
    "declined": _("谢绝联名"), "cosigning_failed": _("无人确认联名"), "disclosure": _("公开意见"), "accept": _("立案"),
    "return": _("退回修改"), "merge": _("并案"), "merge_in": _("并入提案"), "convert": _("转意见建议"), "decline": _("不予立案"),
    "stage": _("标记拟处理意见"), "mark_key": _("重点提案"), "assign": _("交办"), "assign_more": _("追加交办"),
    "acknowledge": _("签收"), "request_adjustment": _("申请调整"), "resolve_adjustment": _("审批调整申请"),
    "reassign": _("调整改交"), "adjustment_denied": _("不同意调整"), "request_extension": _("申请延期"),
    "decide_extension": _("审批延期申请"), "extend": _("延期"), "contact": _("沟通"), "co_opinion": _("会办意见"),
    "reply": _("提交答复"), "reply_approved": _("答复审核通过"), "reply_sent_back": _("答复退回修改"),
    "review_reply": _("审核答复"), "rate": _("办理评价"), "rehandle": _("重新办理"), "sync": _("状态更新"), "close": _("办结"),
    "review_report": _("回头看"),
    "confirm_cosign": _("确认联名"), "decline_cosign": _("谢绝联名"), "expire_cosign": _("逾期未确认，退出联名"),
    "reconfirm_cosign": _("文本已修改，须重新确认联名"),
}
# Which timeline rows each viewer sees is declared once, in selectors.timeline_visible_to.

# State labels per kind of timeline row: the same code means different things ("submitted" is 待审查 for a
# proposal, 待审核 for a reply; "replied" is 已答复待评价 for a proposal, 答复待审核 for an assignment).
STATE_LABELS_BY_MODEL = {
    "proposal": dict(ProposalState.choices), "assignment": dict(AssignmentState.choices),
    "cosignature": dict(CoSignatureState.choices), "reply": dict(ReplyState.choices),
    "adjustmentrequest": dict(RequestState.choices), "extensionrequest": dict(RequestState.choices),
}


def visible_proposal(request, pk):
    """The proposal if the user may see it, else 404 (one permission layer: the selector)."""
    return get_object_or_404(
        selectors.proposals_visible_to(request.user).select_related(
            "committee", "session__term", "category", "proposer", "collective_sector", "collective_special_committee",
            "merged_into", "decline_ground",
        ),
        pk=pk,
    )


def require_staff_of(request, proposal):
    """403 unless the user manages the proposal's committee (they can see it already)."""
    if not rules.manages_proposal(request.user, proposal):
        raise PermissionDenied(_("只有本级政协机关工作人员可以执行此操作。"))


def require_staff(request):
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("只有政协机关工作人员可以访问此页面。"))


def run_service(request, fn, /, *, success, **kwargs):
    """Call one service. A domain error becomes an error message (nothing changed); a permission error 403.

    Returns the service's result, or None when it failed.
    """
    try:
        result = fn(actor=request.user, **kwargs)
    except ProposalPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ProposalError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


def form_failed(request, form):
    """Show an invalid action form's errors as one message (nothing changed)."""
    messages.error(request, errors_text(form))


INPUT_KEY = "proposals:input:"


def keep_input(request, key):
    """Keep a refused form's input in the session for the page the user is sent back to (Post/Redirect/Get):
    that page binds the form again with `kept_input(request, key)`, so nothing typed is lost. Not files."""
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    request.session[INPUT_KEY + key] = data.urlencode()


def kept_input(request, key):
    """The input kept for `key` as a QueryDict (once), or None."""
    raw = request.session.pop(INPUT_KEY + key, None) if hasattr(request, "session") else None
    return QueryDict(raw) if raw is not None else None


def back(request, default):
    """Redirect to the safe `next` value (a path on this site) or `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


def timeline_rows(proposal, *, user):
    """The proposal's timeline rows `user` may read (selectors.timeline_visible_to decides which), labelled."""
    rows = []
    proposal_type = ContentType.objects.get_for_model(Proposal).pk
    assignment_type = ContentType.objects.get_for_model(Assignment).pk
    assignments = {a.pk: a for a in proposal.assignments.select_related("unit")}
    signers = {s.pk: s.member.name for s in proposal.signatures.select_related("member")}
    for row in selectors.timeline_visible_to(user, proposal):
        labels = STATE_LABELS_BY_MODEL.get(ContentType.objects.get_for_id(row.content_type_id).model, {})
        is_proposal_row = row.content_type_id == proposal_type
        is_assignment_row = row.content_type_id == assignment_type
        row.action_label = _subject_label(row, ACTION_LABELS.get(row.action, row.action),
                                          assignments.get(row.object_id) if is_assignment_row else None,
                                          None if is_proposal_row or is_assignment_row else signers.get(row.object_id))
        row.from_label = labels.get(row.from_state, row.from_state)
        row.to_label = labels.get(row.to_state, row.to_state)
        row.state_text = state_text(row.action_label, row.from_state, row.from_label, row.to_state, row.to_label)
        row.is_assignment = not is_proposal_row
        rows.append(row)
    return rows


def _subject_label(row, label, assignment, signer):
    """Name what a row is about: "交办给 临沭县教育局（主办）", "签收：临沭县教育局", "确认联名：王委员"."""
    if assignment is not None:
        if row.action == "assign":
            if row.note in _role_notes():  # the role was written as the note before it was named here
                row.note = ""
            return _("交办给 %(unit)s（%(role)s）") % {"unit": assignment.unit.name, "role": assignment.get_role_display()}
        return _("%(action)s：%(subject)s") % {"action": label, "subject": assignment.unit.name}
    if signer is not None:
        return _("%(action)s：%(subject)s") % {"action": label, "subject": signer}
    return label


def _role_notes():
    with translation.override(settings.LANGUAGE_CODE):
        return {str(label) for label in AssignmentRole.labels}


def state_text(action_label, from_state, from_label, to_state, to_label):
    """The state part of a timeline row: "提交审查 · 草稿 → 待审查"; a first row has no starting state, so it
    reads "创建草稿" (the label says it already) or "交办（办理中）", never "→ 草稿" with an empty start."""
    if not to_state or from_state == to_state:
        return ""
    if not from_state:
        return "" if str(to_label) in str(action_label) else f"（{to_label}）"
    return f"{from_label} → {to_label}"


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    if not selectors.can_download(request.user, attachment):
        raise Http404
    return _file_response(attachment)


def public_attachment_download(request, pk):
    """Reply letters of disclosed proposals, for the public pages (no login)."""
    attachment = get_object_or_404(selectors.public_attachments(), pk=pk)
    return _file_response(attachment)


def _file_response(attachment):
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def similar(request):
    """htmx fragment: earlier proposals similar to the typed title and text (staff also see submitted ones).

    The drafting form POSTs what is typed (a few pages of 案由 do not fit in a URL); with `of=<pk>` (the
    review queue, a GET) the text is that proposal's own, loaded row by row after the page.
    """
    from ..similarity import similar_proposals, source_text

    scope = scope_for(request.user)
    committee = scope.member.committee if scope.member else None
    data = request.POST if request.method == "POST" else request.GET
    text = source_text(*(data.get(f, "")[:LONG_TEXT] for f in ("title", "reason", "suggestions"))).strip()
    of = data.get("of", "")
    exclude = request.GET.get("exclude", "") or data.get("exclude", "") or of
    exclude = int(exclude) if exclude.isdigit() and len(exclude) <= 9 else None  # ids, never out of range
    if exclude:
        own = selectors.proposals_visible_to(request.user).select_related("committee").filter(pk=exclude).first()
        committee = own.committee if own else committee
        if of and own:
            text = source_text(own.title, own.reason, own.suggestions)
    hits = []
    if committee is not None and len(text) >= 4:
        hits = similar_proposals(viewer=request.user, committee=committee, text=text, exclude_id=exclude, k=3 if of else 5)
    return render(request, "proposals/_similar.html", {
        "hits": _with_links(request.user, hits), "searched": bool(text), "for_review": bool(of),
    })


def _with_links(user, hits):
    """(proposal, score, url) with the page this user may open: the proposal's page if they see it, else its
    public page if it is disclosed, else no link."""
    ids = [p.pk for p, _score in hits]
    visible = set(selectors.proposals_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    public = set(selectors.public_proposals().filter(pk__in=ids).values_list("pk", flat=True))
    out = []
    for p, score in hits:
        url = (reverse("proposals:detail", args=[p.pk]) if p.pk in visible
               else reverse("proposals:public_detail", args=[p.pk]) if p.pk in public else "")
        out.append((p, score, url))
    return out
