"""The periodic reports of 社情民意信息 as background jobs (portal.jobs): the monthly report to the party
committee and government and the quarterly report to members, as a document (DOCX, the letter builder) or a
workbook (Excel, the workbook writer). Registered through consult/export_jobs.py (found by autodiscovery).

Filters (query parameters): `committee` (a committee the reader sees; its subtree; default: the topmost they
read), `year`, and exactly one of `month` (monthly) or `quarter` (quarterly). Who: staff, office viewers and
leaders (and superusers)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from members.models import Committee
from members.scopes import scope_for
from members.selectors import committees_visible_to
from portal.documents.workbook import DATE, DATETIME, INTEGER, Column, WorkbookWriter, form_filters
from portal.forms import ModelChoiceField
from portal.jobs.registry import ExportKind, InvalidParams, register

from . import documents
from .selectors import Period, period_figures


class PeriodForm(forms.Form):
    committee = ModelChoiceField(label=gettext_lazy("政协组织"), queryset=None, required=False)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("月份"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=gettext_lazy("季度"), min_value=1, max_value=4, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["committee"].queryset = committees_visible_to(user).filter(scope_for(user).committee_q(""))

    def clean(self):
        data = super().clean()
        if bool(data.get("month")) == bool(data.get("quarter")):
            raise forms.ValidationError(_("请选择月份（月报）或季度（季报），二者只选其一。"))
        if not data.get("committee"):
            tops = sorted(Committee.objects.filter(path__in=scope_for(self.user).read_paths), key=lambda c: len(c.path))
            if not tops and not scope_for(self.user).is_superuser:
                raise forms.ValidationError(_("请选择政协组织。"))
            data["committee"] = tops[0] if tops else Committee.objects.order_by("path").first()
        return data

    @property
    def quarterly(self):
        return bool(self.cleaned_data.get("quarter"))

    def period(self):
        d = self.cleaned_data
        return Period.quarter(d["year"], d["quarter"]) if d.get("quarter") else Period.month(d["year"], d["month"])

    def committee_ids(self):
        committee = self.cleaned_data["committee"]
        ids = Committee.objects.filter(path__startswith=committee.path)
        scope = scope_for(self.user)
        if not scope.is_superuser:
            ids = ids.filter(pk__in=scope.committee_ids())
        return list(ids.values_list("pk", flat=True))


FILTERS = tuple(PeriodForm.base_fields)


def may_export(user) -> bool:
    scope = scope_for(user)
    return bool(scope.is_superuser or scope.read_paths)


def period_form(user, query):
    form = PeriodForm(query, user=user)
    if not form.is_valid():
        raise InvalidParams({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form


def figures_for(form):
    return period_figures(form.committee_ids(), form.period())


def rows(user, query):
    """(form, the reports touched in the period) — for counting and the job's total."""
    from ..models import OpinionReport

    form = period_form(user, query)
    return form, OpinionReport.objects.filter(pk__in=[r.pk for r in figures_for(form).reports])


def build_docx(user, query, progress=None):
    form = period_form(user, query)
    figures = figures_for(form)
    committee = form.cleaned_data["committee"]
    letter = documents.periodic_letter(committee, figures, quarterly=form.quarterly)
    total = len(figures.reports)
    if progress is not None:
        progress(total, total)
    return (letter.to_bytes(), documents.periodic_filename(committee, figures, quarterly=form.quarterly, ext="docx"),
            total)


SUMMARY_HEADERS = ["指标", Column("数量", kind=INTEGER)]
DETAIL_HEADERS = ["政协组织", "标题", "反映人", Column("报送时间", kind=DATETIME), "状态", Column("处理时间", kind=DATETIME),
                  "编入刊物", "分级采用", "报送上级", "领导批示"]
DEPT_HEADERS = ["办理部门", "信息", Column("转交时间", kind=DATETIME), "状态", "办理情况", Column("答复时间", kind=DATETIME)]
INSTRUCTION_HEADERS = ["信息", "反映人", "批示领导", Column("批示日期", kind=DATE), "批示内容", "涉及部门"]


def summary_rows(figures):
    rows = [["收到信息", figures.submitted], ["采用信息", figures.adopted], ["报送上级政协和党委政府", figures.sent],
            ["获领导批示", figures.instructed], ["转交部门办理", figures.forwarded], ["部门已答复", figures.replied],
            ["编印专报、期刊", figures.bulletins]]
    from .enums import Level

    rows += [[f"{Level(level).label}级采用", count] for level, count in figures.levels.items()]
    return rows


def build_xlsx(user, query, progress=None):
    from django.utils import timezone

    form = period_form(user, query)
    figures = figures_for(form)
    committee = form.cleaned_data["committee"]
    what = "通报" if form.quarterly else "报告"
    book = WorkbookWriter(committee=committee.name, subject=f"{figures.period.label}社情民意信息{what}",
                          filters=form_filters(form))
    book.add_table("概况", SUMMARY_HEADERS, summary_rows(figures))
    total = len(figures.reports)

    def detail():
        for done, r in enumerate(figures.reports, start=1):
            yield [r.committee.name, r.shown_title, r.submitter.name, timezone.localtime(r.submitted_at) if r.submitted_at else None,
                   r.get_state_display(), timezone.localtime(r.decided_at) if r.decided_at else None,
                   str(r.bulletin) if r.bulletin_id else "",
                   "、".join(f"{a.get_level_display()}（{a.adopted_by}）" for a in r.level_adoptions.all()),
                   "、".join(f"{s.get_target_display()}{s.recipient}" for s in r.sendings.all()),
                   "；".join(f"{i.leader}：{i.text}" for i in r.instructions.all())]
            if progress is not None:
                progress(done, total)

    book.add_table("信息明细", DETAIL_HEADERS, detail())
    book.add_table("领导批示", INSTRUCTION_HEADERS, [
        [i.report.shown_title, i.report.submitter.name, i.leader, i.instructed_on, i.text, i.departments]
        for i in figures.instructions])
    book.add_table("部门办理", DEPT_HEADERS, [
        [f.unit.name, f.report.shown_title, timezone.localtime(f.sent_at), f.get_state_display(), f.reply,
         timezone.localtime(f.replied_at) if f.replied_at else None] for f in figures.forwards])
    return book.to_bytes(), documents.periodic_filename(committee, figures, quarterly=form.quarterly, ext="xlsx"), total


DOCX = register(ExportKind(
    kind="opinion_report_docx", label=gettext_noop("社情民意信息工作报告（Word）"), audit_name="社情民意信息工作报告",
    permitted=may_export, rows=rows, build=build_docx, filter_names=FILTERS,
))
XLSX = register(ExportKind(
    kind="opinion_report_xlsx", label=gettext_noop("社情民意信息工作报告（Excel）"), audit_name="社情民意信息工作报告",
    permitted=may_export, rows=rows, build=build_xlsx, filter_names=FILTERS,
))
KINDS = {"docx": DOCX, "xlsx": XLSX}
__all__ = ["DOCX", "KINDS", "XLSX"]
