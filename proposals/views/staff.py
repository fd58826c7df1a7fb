"""Pages of the proposal committee's staff: review queue and staged decisions, assignment (single and
bulk), adjustment and extension requests, reply review, key proposals, the overview and its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for
from portal.jobs.services import in_background
from portal.jobs.views import offer_background
from portal.pagination import bounded_count

from .. import selectors, services
from ..enums import (
    IN_HANDLING_STATES,
    KEY_STATES,
    REPLYING_ROLES,
    AssignmentRole,
    AssignmentState,
    ConvertTarget,
    ReplyState,
    Satisfaction,
    StagedAction,
)
from ..filters import ProposalFilter
from ..forms import (
    AssignForm,
    BulkAssignForm,
    DecisionForm,
    KeyForm,
    NoteForm,
    OverviewFilterForm,
    RehandleForm,
    ReplyReviewForm,
    RequestDecisionForm,
)
from ..models import AdjustmentRequest, DeclineGround, ExtensionRequest, Proposal, Rating
from ..services import deadlines
from . import lists
from .common import (
    back,
    form_failed,
    keep_input,
    kept_input,
    paginate,
    require_staff,
    require_staff_of,
    run_service,
    visible_proposal,
)


def _detail(pk):
    return reverse("proposals:detail", args=[pk])


def _similar_for(viewer, proposal):
    from ..similarity import similar_proposals, source_text

    text = source_text(proposal.title, proposal.reason, proposal.suggestions)
    return similar_proposals(viewer=viewer, committee=proposal.committee, text=text, exclude_id=proposal.pk, k=3)


# ------------------------------------------------------------ decisions that cannot be undone ask first
# 立案, 退回, 不予立案, 并案, 转 and 交办: a first POST without confirmed=1 answers with a page saying what will
# happen and a button that posts the same fields again with confirmed=1. static/js/portal.js asks for that
# page with the PREVIEW_HEADER (nothing is stored) and shows it in a <dialog> instead. Staged marks stay one-click.
PREVIEW_HEADER = "X-Confirm-Preview"

DECISION_HEADINGS = {
    StagedAction.ACCEPT: _("确认立案"), StagedAction.RETURN: _("确认退回修改"), StagedAction.MERGE: _("确认并案"),
    StagedAction.CONVERT: _("确认转办"), StagedAction.REJECT: _("确认不予立案"),
}


def _confirmed(request):
    return request.POST.get("confirmed") == "1"


def _preview(request):
    return request.headers.get(PREVIEW_HEADER) == "1"


def _day(value):
    return formats.date_format(value, "Y-m-d")


def confirmation_page(request, *, heading, subject, consequences, cancel):
    """The page (or, for the script, the dialog's content) that says what a decision will do."""
    fields = [(name, value) for name, values in request.POST.lists() if name not in ("csrfmiddlewaretoken", "confirmed")
              for value in values]
    return render(request, "proposals/staff/confirm.html", {
        "heading": heading, "subject": subject, "consequences": consequences, "fields": fields,
        "action": request.path, "cancel": cancel,
    })


def _next_number(proposal):
    """The number 立案 would give the proposal now (the service numbers it under a lock when it is done)."""
    if proposal.session_id is None:
        return None
    top = Proposal.objects.filter(session_id=proposal.session_id).aggregate(m=Max("sequence"))["m"] or 0
    return f"{proposal.session.code}-{top + 1:04d}"


def decision_consequences(proposal, cleaned):
    action = cleaned["action"]
    if action == StagedAction.ACCEPT:
        number = _next_number(proposal)
        lines = [gettext("立案后将编号为 %(number)s，并进入交办。") % {"number": number} if number
                 else gettext("该提案没有所属届次会议，不能编号立案。请先设置届次会议。")]
    elif action == StagedAction.RETURN:
        lines = [gettext("退回后提案人可以修改后重新提交。"), gettext("修改意见：%(note)s") % {"note": cleaned.get("note") or ""}]
    elif action == StagedAction.MERGE:
        target = cleaned.get("merge_into")
        lines = [gettext("并入《%(title)s》后，本提案随主提案办理，答复随主提案送达，不再单独答复。") % {"title": target.title if target else ""}]
    elif action == StagedAction.CONVERT:
        target = ConvertTarget(cleaned.get("convert_to") or ConvertTarget.OPINION).label
        lines = [gettext("%(target)s后，本件不再作为提案办理。") % {"target": target}]
    else:
        ground = cleaned.get("decline_ground")
        lines = [gettext("不予立案后本提案不再办理。"), gettext("理由：%(ground)s") % {"ground": ground.name if ground else ""}]
    lines.append(gettext("提案人和联名人将收到通知。"))
    return lines


def assign_consequences(proposal, cleaned):
    """What 交办 will do: each unit is notified, with the due date its assignment gets today."""
    today = timezone.localdate()
    lines = []
    units = ([(cleaned["lead"], AssignmentRole.LEAD)] if cleaned.get("lead") else []) + [
        (u, AssignmentRole.CO) for u in cleaned.get("co_units") or []] + [
        (u, AssignmentRole.SEPARATE) for u in cleaned.get("separate_units") or []]
    replying = [u for u, role in units if role != AssignmentRole.CO]
    if replying:
        due = deadlines.assignment_due(AssignmentRole.LEAD, proposal, today)
        lines.append(gettext("交办后承办单位将收到通知，答复期限为 %(due)s。") % {"due": _day(due)})
    for unit, role in units:
        due = deadlines.assignment_due(role, proposal, today)
        if role == AssignmentRole.CO:
            lines.append(gettext("会办单位%(unit)s：会办意见期限为 %(due)s。") % {"unit": unit.name, "due": _day(due)})
        else:
            lines.append(gettext("%(role)s单位%(unit)s：答复期限为 %(due)s。") % {
                "role": AssignmentRole(role).label, "unit": unit.name, "due": _day(due)})
    lines.append(gettext("承办单位须在签收期限内签收或申请调整。"))
    return lines


def decision_form(proposal, data=None, *, viewer=None):
    """The review decision form of one proposal. The 并案 target is typed, checked on POST against the
    proposals it may be merged into (`viewer`: whose visible proposals explain a refusal)."""
    visible = selectors.proposals_visible_to(viewer) if viewer is not None and data is not None else None
    return DecisionForm(data, proposal=proposal, merge_targets=lists.merge_targets(proposal), visible=visible,
                        prefix=f"d{proposal.pk}")


@login_required
def review_queue(request):
    """提案审查: submitted proposals, oldest first, each with a decision form; the similar-proposal hints
    load row by row as they come into view (proposals:similar?of=pk)."""
    require_staff(request)
    return _review_queue_page(request)


def _review_queue_page(request):
    """A constant number of queries however many rows, committees and sessions the page shows."""
    page, query = paginate(request, selectors.review_queue_rows(request.user))
    _row_forms(request, page)
    return render(request, "proposals/staff/review_queue.html", {"page": page, "query": query})


class _RenderedForm:
    """A decision form already rendered (for `{{ form.as_div }}` in proposals/staff/_decision.html)."""

    def __init__(self, html):
        self.html = mark_safe(html)  # noqa: S308 - rendered by Django's form renderer just before

    def as_div(self):
        return self.html


ROW = "ROW"  # the prefix placeholder of a shared rendering: replaced only inside name, id, for and aria attributes


def _row_forms(request, page):
    """Give each row its decision form (`p.form`).

    A row's unbound form differs from the others only in its prefix (d<pk>) and its committee's decline
    grounds, and rendering the same widgets twenty times costs more than the rest of the page: each
    distinct form is rendered once and its HTML reused with the row's prefix (attribute values only:
    `="d<pk>-` and `="id_d<pk>-`; option labels are escaped, so they cannot contain them). A form refused
    a moment ago comes back bound, with its input and errors, rendered on its own."""
    grounds = decline_ground_choices(page)
    rendered = {}
    for p in page:
        choices = grounds[p.committee_id]
        kept = kept_input(request, f"decision-{p.pk}")
        if kept is not None:
            p.form = decision_form(p, kept, viewer=request.user)
            p.form.fields["decline_ground"].choices = choices
            continue
        key = tuple(str(value) for value, _label in choices)
        if key not in rendered:
            form = DecisionForm(proposal=p, merge_targets=Proposal.objects.none(), prefix=f"d{ROW}")
            form.fields["decline_ground"].choices = choices
            rendered[key] = str(form.as_div())
        html = rendered[key].replace(f'="d{ROW}-', f'="d{p.pk}-').replace(f'="id_d{ROW}-', f'="id_d{p.pk}-')
        p.form = _RenderedForm(html)


def _path_ids(committee):
    return [int(c) for c in committee.path.strip("/").split("/") if c] if committee and committee.path else []


def decline_ground_choices(proposals):
    """{committee id: the decline-ground options of its forms}, for every committee of `proposals`, read in one
    query (DeclineGround.objects.for_committee of each, in the same order). Validation of a posted form still
    uses the form's queryset."""
    committees = {p.committee_id: p.committee for p in proposals}
    if not committees:
        return {}
    ids = {pk for c in committees.values() for pk in _path_ids(c)}
    rows = list(DeclineGround.objects.filter(Q(committee__isnull=True) | Q(committee_id__in=sorted(ids)), active=True))
    field = DecisionForm.base_fields["decline_ground"]
    iterator = field.iterator(field)
    choices = {}
    for committee_id, committee in committees.items():
        own = set(_path_ids(committee))
        choices[committee_id] = [("", field.empty_label)] + [
            iterator.choice(g) for g in rows if g.committee_id is None or g.committee_id in own]
    return choices


def share_choices(cache, form, name, key):
    """Evaluate the options of a model choice field once per `key` and reuse them in the next forms of a list
    page (one query per committee, not one per row). Validation of a posted form still uses the queryset."""
    field = form.fields[name]
    if (name, key) not in cache:
        cache[name, key] = list(field.choices)
    field.choices = cache[name, key]


@login_required
@require_POST
def decide(request, pk):
    """Decide now (mode=now) or stage the decision (mode=stage) for one submitted proposal."""
    proposal = visible_proposal(request, pk)
    require_staff_of(request, proposal)
    form = decision_form(proposal, request.POST, viewer=request.user)
    if not form.is_valid():
        if _preview(request):
            return HttpResponse(status=204)  # the script submits the form as it is: the errors show then
        form_failed(request, form)
        keep_input(request, f"decision-{pk}")
        return back(request, _detail(pk))
    kwargs = form.service_kwargs()
    if request.POST.get("mode") != "stage" and not _confirmed(request):
        return confirmation_page(
            request, heading=DECISION_HEADINGS[form.cleaned_data["action"]], subject=proposal.title,
            consequences=decision_consequences(proposal, form.cleaned_data), cancel=back(request, _detail(pk)).url)
    if request.POST.get("mode") == "stage":
        done = run_service(request, services.stage_decision, success=_("已标记拟处理意见，可在审查列表批量执行。"),
                           proposal=proposal, **kwargs)
    else:
        done = run_service(request, services.decide, success="", proposal=proposal, **kwargs)
        if done is not None:
            values = {"title": done.title, "state": done.get_state_display(), "number": done.number}
            text = gettext("《%(title)s》：%(state)s，案号 %(number)s。") if done.number else gettext("《%(title)s》：%(state)s。")
            messages.success(request, text % values)
    if done is None:
        keep_input(request, f"decision-{pk}")
    return back(request, _detail(pk))


@login_required
@require_POST
def apply_staged(request):
    """批量执行 the staged decisions of the ticked proposals (each on its own; failures listed)."""
    require_staff(request)
    ids = [int(i) for i in request.POST.getlist("proposals") if i.isdigit()]
    if not ids:
        messages.error(request, _("请勾选要批量执行的提案。"))
        return redirect("proposals:review_queue")
    chosen = selectors.review_queue(request.user).filter(pk__in=ids)
    result = run_service(request, services.apply_staged_decisions, success="", proposals=list(chosen))
    if result is not None:
        if result["applied"]:
            messages.success(request, gettext("已执行 %(count)s 件提案的拟处理意见。") % {"count": len(result["applied"])})
        for proposal, message in result["failed"]:
            messages.error(request, gettext("《%(title)s》未执行：%(error)s") % {"title": proposal.title, "error": message})
        if not result["applied"] and not result["failed"]:
            messages.error(request, _("所选提案没有拟处理意见。"))
    return redirect("proposals:review_queue")


@login_required
@require_POST
def assign(request, pk):
    proposal = visible_proposal(request, pk)
    require_staff_of(request, proposal)
    form = AssignForm(request.POST, units=lists.units_for(proposal.committee))
    if form.is_valid() and not _confirmed(request):
        return confirmation_page(request, heading=gettext("确认交办"), subject=proposal.title,
                                 consequences=assign_consequences(proposal, form.cleaned_data), cancel=_detail(pk))
    if _preview(request):
        return HttpResponse(status=204)
    if form.is_valid():
        if run_service(request, services.assign_units, success=_("已交办。"), proposal=proposal,
                       **form.service_kwargs()) is not None:
            return redirect(_detail(pk))
    else:
        form_failed(request, form)
    keep_input(request, f"assign-{pk}")
    return redirect(_detail(pk))


@login_required
def assign_bulk(request):
    """批量交办: tick accepted proposals and give them the same lead / co-handling / separate units."""
    require_staff(request)
    proposals = lists.to_assign(request.user)
    form = BulkAssignForm(request.POST if request.method == "POST" else None, units=lists.managed_units(request.user),
                          proposals=proposals)
    if request.method == "POST":
        if form.is_valid() and not _confirmed(request):
            chosen = list(form.cleaned_data["proposals"])
            consequences = [gettext("共 %(count)s 件提案。") % {"count": len(chosen)}]
            consequences += assign_consequences(chosen[0], form.cleaned_data)
            return confirmation_page(request, heading=gettext("确认批量交办"),
                                     subject="、".join(f"《{p.title}》" for p in chosen[:10]) + ("…" if len(chosen) > 10 else ""),
                                     consequences=consequences, cancel=reverse("proposals:assign_bulk"))
        if _preview(request):
            return HttpResponse(status=204)
        if form.is_valid():
            data = form.service_kwargs()
            result = run_service(request, services.assign_units_bulk, success="",
                                 proposals=list(form.cleaned_data["proposals"]), **data)
            if result is not None:
                if result["assigned"]:
                    messages.success(request, gettext("已交办 %(count)s 件提案。") % {"count": len(result["assigned"])})
                for proposal, message in result["failed"]:
                    messages.error(request, gettext("《%(title)s》未交办：%(error)s") % {"title": proposal.title, "error": message})
            return redirect("proposals:assign_bulk")
        form_failed(request, form)
    page, query = paginate(request, proposals, per_page=50)
    return render(request, "proposals/staff/assign_bulk.html", {"form": form, "page": page, "query": query})


@login_required
def requests(request):
    """调整申请与延期申请 waiting for this staff user's decision."""
    require_staff(request)
    adjustments = list(lists.pending_adjustments(request.user)[:100])
    shared = {}
    for req in adjustments:
        committee_id = req.assignment.proposal.committee_id
        req.form = RequestDecisionForm(units=lists.units_for(committee_id), prefix=f"a{req.pk}",
                                       initial={"new_unit": req.suggested_unit_id})
        share_choices(shared, req.form, "new_unit", committee_id)
    extensions = list(lists.pending_extensions(request.user)[:100])
    for req in extensions:
        req.form = RequestDecisionForm(prefix=f"e{req.pk}", initial={"granted_due_date": req.requested_due_date})
    return render(request, "proposals/staff/requests.html", {"adjustments": adjustments, "extensions": extensions})


def _visible_request(request, model, pk):
    return get_object_or_404(
        model.objects.filter(assignment__in=selectors.assignments_visible_to(request.user))
        .select_related("assignment__proposal__committee", "assignment__unit"),
        pk=pk,
    )


@login_required
@require_POST
def adjustment_decide(request, pk):
    req = _visible_request(request, AdjustmentRequest, pk)
    require_staff_of(request, req.assignment.proposal)
    form = RequestDecisionForm(request.POST, units=lists.units_for(req.assignment.proposal.committee), prefix=f"a{pk}")
    if form.is_valid():
        c = form.cleaned_data
        run_service(request, services.resolve_adjustment, success=_("调整申请已审批。"), request=req, approve=c["approve"],
                    new_unit=c.get("new_unit"), note=c.get("note") or "")
    else:
        form_failed(request, form)
    return back(request, reverse("proposals:requests"))


@login_required
@require_POST
def extension_decide(request, pk):
    req = _visible_request(request, ExtensionRequest, pk)
    require_staff_of(request, req.assignment.proposal)
    form = RequestDecisionForm(request.POST, prefix=f"e{pk}")
    if form.is_valid():
        c = form.cleaned_data
        run_service(request, services.decide_extension, success=_("延期申请已审批。"), request=req, approve=c["approve"],
                    note=c.get("note") or "", granted_due_date=c.get("granted_due_date"))
    else:
        form_failed(request, form)
    return back(request, reverse("proposals:requests"))


@login_required
def reply_queue(request):
    """督办审核: replies waiting for review, with the review form."""
    require_staff(request)
    return _reply_queue_page(request)


def _reply_queue_page(request):
    page, query = paginate(request, lists.replies_to_review(request.user))
    shared = {}
    for reply in page:
        committee = reply.assignment.proposal.committee
        reply.form = ReplyReviewForm(kept_input(request, f"review-{reply.pk}"), committee=committee, prefix=f"v{reply.pk}")
        share_choices(shared, reply.form, "category", committee.pk)
    return render(request, "proposals/staff/reply_queue.html", {"page": page, "query": query})


@login_required
@require_POST
def reply_review(request, pk):
    reply = get_object_or_404(
        selectors.replies_visible_to(request.user).select_related("assignment__proposal__committee"), pk=pk
    )
    proposal = reply.assignment.proposal
    require_staff_of(request, proposal)
    form = ReplyReviewForm(request.POST, committee=proposal.committee, prefix=f"v{pk}")
    if form.is_valid():
        c = form.cleaned_data
        if run_service(request, services.review_reply, success=_("答复已审核。") if c["approve"] else _("答复已退回修改。"),
                       reply=reply, approve=c["approve"], category=c.get("category"), note=c.get("note") or "") is not None:
            return back(request, _detail(proposal.pk))
    else:
        form_failed(request, form)
    keep_input(request, f"review-{pk}")
    return back(request, _detail(proposal.pk))


@login_required
@require_POST
def rehandle(request, pk):
    """要求重新办理: staff send an answered assignment back to its unit with a note (e.g. after a 回头看 shows no
    progress). 404 outside the user's assignments, 403 unless they manage the proposal."""
    a = get_object_or_404(selectors.assignments_visible_to(request.user).select_related("proposal__committee", "unit"), pk=pk)
    require_staff_of(request, a.proposal)
    form = RehandleForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        rating = None
        if form.cleaned_data.get("rating"):
            rating = get_object_or_404(Rating.objects.select_related("reply", "rater"), pk=form.cleaned_data["rating"],
                                       reply__assignment=a)
        if run_service(request, services.start_rehandling, success=gettext("已要求%(unit)s重新办理。") % {"unit": a.unit.name}, assignment=a,
                       note=form.cleaned_data["note"], rating=rating) is not None:
            return redirect(_detail(a.proposal_id))
    else:
        form_failed(request, form)
    keep_input(request, f"rehandle-{pk}")
    return redirect(_detail(a.proposal_id))


def rehandle_forms(request, proposal):
    """(assignment, form, grounds) for each replying assignment whose reply was approved: staff may order
    re-handling; `grounds`: (rating, form) for each co-signer's 不满意 of its current reply, to order it on."""
    answered = proposal.assignments.filter(role__in=REPLYING_ROLES, state=AssignmentState.ANSWERED).select_related("unit")
    out = []
    for a in answered:
        unsatisfied = (Rating.objects.filter(reply__assignment=a, reply__round=a.round, reply__state=ReplyState.APPROVED,
                                             result=Satisfaction.UNSATISFIED)
                       .exclude(rater_id=proposal.proposer_id).select_related("rater").order_by("id"))
        grounds = [(rt, RehandleForm(initial={"note": rt.note, "rating": rt.pk}, prefix=f"r{a.pk}")) for rt in unsatisfied]
        out.append((a, RehandleForm(kept_input(request, f"rehandle-{a.pk}"), prefix=f"r{a.pk}"), grounds))
    return out


@login_required
@require_POST
def mark_key(request, pk):
    proposal = visible_proposal(request, pk)
    require_staff_of(request, proposal)
    form = KeyForm(request.POST, leaders=lists.leaders_for(proposal.committee))
    if form.is_valid():
        c = form.cleaned_data
        if run_service(request, services.mark_key, success=_("重点提案设置已保存。"), proposal=proposal, is_key=c["is_key"],
                       leaders=list(c.get("leaders") or []), meeting_date=c.get("meeting_date"),
                       meeting_note=c.get("meeting_note") or "") is not None:
            return redirect(_detail(pk))
    else:
        form_failed(request, form)
    keep_input(request, f"key-{pk}")
    return redirect(_detail(pk))


@login_required
@require_POST
def close(request, pk):
    """办结 by staff (e.g. after talking with a proposer who did not rate)."""
    proposal = visible_proposal(request, pk)
    require_staff_of(request, proposal)
    form = NoteForm(request.POST)
    if form.is_valid():
        run_service(request, services.close_proposal, success=_("提案已办结。"), proposal=proposal,
                    note=form.cleaned_data["note"])
    else:
        form_failed(request, form)
    return redirect(_detail(pk))


def _require_reader(request):
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.read_paths):
        raise PermissionDenied(_("只有政协机关工作人员和领导可以查看提案总览。"))


def _overview_filters(request):
    """Visible proposals filtered by the query string's filters (same names as the API), not yet searched."""
    return ProposalFilter(request.GET, queryset=selectors.proposals_visible_to(request.user), request=request).qs


def filtered_overview(request):
    """The overview's queryset: visible proposals filtered by the query string, `search` included."""
    return lists.keyword(_overview_filters(request), request.GET.get("search"))


@login_required
def overview(request):
    """提案总览: every proposal in the subtree with filters, deadlines and what is overdue."""
    _require_reader(request)
    form = OverviewFilterForm(request.GET or None, **lists.overview_choices(request.user, request.GET.get("committee")))
    rows = selectors.api_rows(_overview_filters(request))
    page, query = paginate(request, lists.ranked(rows, request.GET.get("search"), "-accepted_at", "-submitted_at", "-id"))
    page.object_list = selectors.page_rows(page.object_list)  # plain values, as the API's list
    return render(request, "proposals/staff/overview.html", {
        "form": form, "page": page, "query": query, "today": timezone.localdate(),
    })


@login_required
def export(request):
    """Excel export of the filtered overview: the API's export action (one implementation, audited); over
    settings.EXPORT_INLINE_MAX_ROWS rows a background job (portal.jobs), which this page offers to start."""
    _require_reader(request)
    total, _exact = bounded_count(filtered_overview(request))  # an estimate for a huge export is enough here
    if in_background(total):
        return offer_background(request, "proposals", total)
    from ..api import ProposalViewSet

    return ProposalViewSet.as_view({"get": "export"})(request)


def staff_forms(request, proposal):
    """The forms of the detail page's staff panel (only for staff managing the proposal); a form refused a
    moment ago comes back with its input."""
    units = lists.units_for(proposal.committee)
    return {
        "decision_form": decision_form(proposal, kept_input(request, f"decision-{proposal.pk}"), viewer=request.user),
        "similar": _similar_for(request.user, proposal) if proposal.state == "submitted" else [],
        "assign_form": AssignForm(kept_input(request, f"assign-{proposal.pk}"), units=units),
        "can_mark_key": proposal.state in KEY_STATES and proposal.merged_into_id is None,
        "rehandle_forms": rehandle_forms(request, proposal) if proposal.state in IN_HANDLING_STATES else [],
        "key_form": KeyForm(kept_input(request, f"key-{proposal.pk}"), leaders=lists.leaders_for(proposal.committee), initial={
            "is_key": proposal.is_key, "leaders": list(proposal.supervising_leaders.all()),
            "meeting_date": proposal.key_meeting_date, "meeting_note": proposal.key_meeting_note,
        }),
        "adjustments": [
            (r, RequestDecisionForm(units=units, prefix=f"a{r.pk}", initial={"new_unit": r.suggested_unit_id}))
            for r in lists.pending_adjustments(request.user).filter(assignment__proposal=proposal)
        ],
        "extensions": [
            (r, RequestDecisionForm(prefix=f"e{r.pk}", initial={"granted_due_date": r.requested_due_date}))
            for r in lists.pending_extensions(request.user).filter(assignment__proposal=proposal)
        ],
    }

