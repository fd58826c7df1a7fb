"""Pages of 社情民意信息.

- the member (or information officer): 我的社情民意 (their reports, state and where each reached, their
  counts), write a report (save a draft or submit), a report's page (edit and submit a draft or a returned
  report; the reason it was returned or not adopted; levels, sending up, instructions);
- staff (office viewers and leaders read): the list, a report's page with the actions (edit, return, merge,
  adopt or not, send up, adoption at a level, instruction, forward to departments), bulletins (create, compile,
  publish, DOCX), the periodic report (figures on the page; the DOCX and the workbook as background jobs);
- a department: the reports forwarded to it and its reply.
Objects come through the selectors (outside them: 404); actions need Scope.can_manage (403 otherwise); every
POST calls one service and redirects with a message."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.scopes import scope_for
from members.selectors import committees_visible_to
from portal.audit import audit_export
from portal.filters import ID_MAX
from portal.pagination import EXACT

from ..downloads import docx_response
from ..outcomes.to_report import report_sources
from ..pages import form_failed, paginate, require_manage, require_reader, require_unit, run_service, timeline_rows
from . import documents, forms, selectors, services
from .enums import (
    BULLETIN_ACTIONS,
    FORWARD_ACTIONS,
    MEMBER_EDITABLE,
    REPORT_ACTIONS,
    STAFF_ACTIONS,
    BulletinState,
    ForwardState,
    ReportState,
)
from .export_jobs import KINDS, PeriodForm


def _member(request):
    member = scope_for(request.user).member
    if member is None:
        raise PermissionDenied(_("只有委员本人可以访问此页面。"))
    return member


def _get(queryset, pk):
    if pk > ID_MAX:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _report(request, pk):
    return _get(selectors.reports_visible_to(request.user).select_related("committee", "submitter", "merged_into",
                                                                           "bulletin"), pk)


def _report_context(request, report):
    forwards = selectors.with_forward_due_dates(report.forwards.select_related("unit")).order_by("unit__name", "id")
    return {
        "report": report, "today": timezone.localdate(),
        "merged": report.merged_reports.select_related("submitter").order_by("id"),
        "levels": report.level_adoptions.all(), "sendings": report.sendings.all(),
        "instructions": report.instructions.all(), "forwards": forwards,
        "timeline": timeline_rows(report, REPORT_ACTIONS, ReportState),
        "sources": report_sources(report, request.user),
    }


# ---------------------------------------------------------------- the member's pages


@login_required
def my_reports(request):
    member = _member(request)
    page, query = paginate(request, selectors.reports_of(member))
    counts = selectors.member_counts([member.pk], year=timezone.localdate().year)[member.pk]
    return render(request, "consult/reports/my_reports.html", {
        "member": member, "page": page, "query": query, "counts": counts, "year": timezone.localdate().year})


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request):
    _member(request)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            submit = request.POST.get("submit") == "1"
            report = run_service(request, services.create_report, title=form.cleaned_data["title"],
                                 content=form.cleaned_data["content"], submit=submit,
                                 success=_("信息已报送，等待政协机关处理。") if submit else _("草稿已保存。"))
            if report is not None:
                return redirect("consult:my_report", report.pk)
        else:
            form_failed(request, form)
    return render(request, "consult/reports/report_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_report(request, pk):
    """The member's report: its state, the reason when returned or not adopted, where it reached."""
    member = _member(request)
    report = _report(request, pk)
    context = _report_context(request, report)
    context["mine"] = report.submitter_id == member.pk
    if context["mine"] and report.state in MEMBER_EDITABLE:
        context["form"] = forms.ReportForm(initial={"title": report.title, "content": report.content})
    return render(request, "consult/reports/my_report.html", context)


@login_required
@require_POST
def my_report_revise(request, pk):
    _member(request)
    report = _report(request, pk)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        submit = request.POST.get("submit") == "1"
        run_service(request, services.revise, report=report, submit=submit, **form.cleaned_data,
                    success=_("信息已报送，等待政协机关处理。") if submit else _("修改已保存。"))
    else:
        form_failed(request, form)
    return redirect("consult:my_report", report.pk)


# ---------------------------------------------------------------- staff


@login_required
def report_list(request):
    require_reader(request)
    form = forms.ListFilterForm(request.GET or None)
    reports = selectors.reports_visible_to(request.user).select_related("committee", "submitter", "bulletin").defer(
        "content", "edited_content")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("state"):
            reports = reports.filter(state=d["state"])
        if d.get("year"):
            reports = reports.filter(created_at__year=d["year"])
        if d.get("q"):
            reports = reports.filter(title__icontains=d["q"])
    page, query = paginate(request, reports.order_by("-created_at", "-id"))
    return render(request, "consult/reports/report_list.html", {"page": page, "query": query, "form": form})


@login_required
def report_detail(request, pk):
    require_reader(request)
    report = _report(request, pk)
    context = _report_context(request, report)
    manage = scope_for(request.user).can_manage(report.committee)
    context["manage"] = manage
    if manage:
        c = report.committee
        state = report.state
        if state == ReportState.SUBMITTED:
            context["edit_form"] = forms.EditForm(initial={"title": report.shown_title, "content": report.shown_content})
            context["merge_form"] = forms.MergeForm(candidates=_merge_candidates(report))
        if state == ReportState.ADOPTED:
            context["send_form"] = forms.SendUpForm()
            context["level_form"] = forms.LevelForm()
            context["instruct_form"] = forms.InstructForm()
            if report.instructions.exists():
                context["forward_form"] = forms.ForwardForm(committee=c)
    return render(request, "consult/reports/report_detail.html", context)


def _merge_candidates(report):
    return (report.committee.opinion_reports.filter(state=ReportState.SUBMITTED).exclude(pk=report.pk)
            .select_related("submitter").defer("content", "edited_content").order_by("-submitted_at", "-id")[:100])


def _merge_queryset(report):
    return report.committee.opinion_reports.filter(state=ReportState.SUBMITTED).exclude(pk=report.pk)


ACTION_FORMS = {
    "edit": lambda r, d: forms.EditForm(d), "return": lambda r, d: forms.ReasonForm(d),
    "reject": lambda r, d: forms.ReasonForm(d), "adopt": lambda r, d: forms.NoteForm(d),
    "merge": lambda r, d: forms.MergeForm(d, candidates=_merge_queryset(r)),
    "send_up": lambda r, d: forms.SendUpForm(d), "level_adopt": lambda r, d: forms.LevelForm(d),
    "instruct": lambda r, d: forms.InstructForm(d), "forward": lambda r, d: forms.ForwardForm(d, committee=r.committee),
}
ACTION_SERVICES = {
    "edit": services.edit, "return": services.return_report, "reject": services.reject, "adopt": services.adopt,
    "merge": services.merge, "send_up": services.send_up, "level_adopt": services.record_level,
    "instruct": services.instruct, "forward": services.forward,
}


@login_required
@require_POST
def report_act(request, pk, action):
    if action not in STAFF_ACTIONS:
        raise Http404
    report = _report(request, pk)
    require_manage(request, report.committee)
    form = ACTION_FORMS[action](report, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if action == "merge":
            data["others"] = list(data["others"])
        if action == "forward":
            data["units"] = list(data["units"])
        run_service(request, ACTION_SERVICES[action], report=report, **data,
                    success=_("已执行：%(action)s。") % {"action": REPORT_ACTIONS[action].label})
    else:
        form_failed(request, form)
    return redirect("consult:report", report.pk)


# ---------------------------------------------------------------- bulletins


def _managed_committees(user):
    scope = scope_for(user)
    return committees_visible_to(user).filter(scope.committee_q("", manage=True)).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_list(request):
    """Staff and readers: the subtree's issues; a member: the published issues of their committee."""
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.read_paths or scope.member):
        raise PermissionDenied(_("您没有权限访问此页面。"))
    form = None
    if scope.is_staff:
        form = forms.BulletinForm(request.POST or None, committees=_managed_committees(request.user))
        if request.method == "POST":
            if form.is_valid():
                bulletin = run_service(request, services.create_bulletin, success=_("已新建一期刊物。"), **form.cleaned_data)
                if bulletin is not None:
                    return redirect("consult:bulletin", bulletin.pk)
            else:
                form_failed(request, form)
    elif request.method == "POST":
        raise PermissionDenied(_("只有政协机关工作人员可以执行此操作。"))
    bulletins = selectors.bulletins_visible_to(request.user).select_related("committee")
    # a member sees their own committee's published issues (tens a year): counted without the planner's estimate
    member_only = not (scope.is_superuser or scope.read_paths)
    page, query = paginate(request, bulletins.order_by("-year", "-number", "-id"), limit=EXACT if member_only else None)
    return render(request, "consult/reports/bulletin_list.html", {"page": page, "query": query, "form": form})


def _bulletin(request, pk):
    return _get(selectors.bulletins_visible_to(request.user).select_related("committee"), pk)


@login_required
def bulletin_detail(request, pk):
    bulletin = _bulletin(request, pk)
    manage = scope_for(request.user).can_manage(bulletin.committee)
    context = {"bulletin": bulletin, "manage": manage,
               "reports": bulletin.reports.select_related("submitter").order_by("id"),
               "timeline": timeline_rows(bulletin, BULLETIN_ACTIONS, BulletinState)}
    if manage and bulletin.state == BulletinState.DRAFT:
        context["compile_form"] = forms.CompileForm(candidates=_compile_candidates(bulletin)[:100])
    return render(request, "consult/reports/bulletin_detail.html", context)


def _compile_candidates(bulletin):
    return (bulletin.committee.opinion_reports.filter(state=ReportState.ADOPTED, bulletin__isnull=True)
            .defer("content", "edited_content").order_by("-decided_at", "-id"))


@login_required
@require_POST
def bulletin_compile(request, pk):
    bulletin = _bulletin(request, pk)
    require_manage(request, bulletin.committee)
    form = forms.CompileForm(request.POST, candidates=_compile_candidates(bulletin))
    if form.is_valid():
        run_service(request, services.compile_reports, bulletin=bulletin, reports=list(form.cleaned_data["reports"]),
                    success=_("已编入本期。"))
    else:
        form_failed(request, form)
    return redirect("consult:bulletin", bulletin.pk)


@login_required
@require_POST
def bulletin_publish(request, pk):
    bulletin = _bulletin(request, pk)
    require_manage(request, bulletin.committee)
    run_service(request, services.publish, bulletin=bulletin, success=_("本期已印发。"))
    return redirect("consult:bulletin", bulletin.pk)


@login_required
def bulletin_docx(request, pk):
    """The issue as a DOCX: staff of its committee; members of the committee once it is published."""
    bulletin = _bulletin(request, pk)
    letter = documents.bulletin_letter(bulletin)
    audit_export(request, str(bulletin), bulletin.reports.count())
    return docx_response(letter.to_bytes(), documents.bulletin_filename(bulletin))


# ---------------------------------------------------------------- the periodic report


@login_required
def periodic(request):
    """月报 / 季报: the figures of a period for a committee subtree; the DOCX and the workbook are made by
    background jobs (the buttons post to jobs:start with this query)."""
    require_reader(request)
    form = PeriodForm(request.GET or None, user=request.user)
    figures = committee = None
    if request.GET and form.is_valid():
        from .export_jobs import figures_for

        figures, committee = figures_for(form), form.cleaned_data["committee"]
    elif request.GET:
        form_failed(request, form)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consult/reports/periodic.html", {
        "form": form, "figures": figures, "committee": committee, "query": query.urlencode(),
        "kinds": {name: spec.kind for name, spec in KINDS.items()},
        "quarterly": bool(figures and form.quarterly)}, status=400 if form.errors else 200)


# ---------------------------------------------------------------- the department's pages


@login_required
def forward_list(request):
    scope = require_unit(request)
    forwards = selectors.with_forward_due_dates(
        selectors.forwards_visible_to(request.user).filter(unit_id__in=scope.unit_ids)
        .select_related("report__committee", "unit").defer("report__content", "report__edited_content", "reply")
    ).annotate(waiting=Case(When(state=ForwardState.SENT, then=Value(0)), default=Value(1), output_field=IntegerField()))
    page, query = paginate(request, forwards.order_by("waiting", F("due_date").asc(nulls_last=True), "-sent_at", "-id"))
    return render(request, "consult/reports/forward_list.html", {"page": page, "query": query,
                                                                 "today": timezone.localdate()})


def _forward(request, pk):
    return _get(selectors.with_forward_due_dates(
        selectors.forwards_visible_to(request.user).select_related("report__committee", "report__submitter", "unit")), pk)


@login_required
def forward_detail(request, pk):
    fwd = _forward(request, pk)
    mine = fwd.unit_id in scope_for(request.user).unit_ids
    context = {"forward": fwd, "report": fwd.report, "mine": mine, "today": timezone.localdate(),
               "instructions": fwd.report.instructions.all(),
               "timeline": timeline_rows(fwd, FORWARD_ACTIONS, ForwardState)}
    if mine and fwd.state == ForwardState.SENT:
        context["reply_form"] = forms.ReplyForm()
    return render(request, "consult/reports/forward_detail.html", context)


@login_required
@require_POST
def forward_reply(request, pk):
    fwd = _forward(request, pk)
    if fwd.unit_id not in scope_for(request.user).unit_ids:
        raise PermissionDenied(_("只有%(unit)s可以答复。") % {"unit": fwd.unit.name})
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        run_service(request, services.reply, forward=fwd, text_body=form.cleaned_data["text_body"],
                    success=_("办理情况已答复。"))
    else:
        form_failed(request, form)
    return redirect(reverse("consult:report_forward", args=[fwd.pk]))

