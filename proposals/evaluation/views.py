"""Pages of 民主评议 and the yearly awards.

Staff, office viewers and leaders read the yearly table, details and nominations of their subtree;
staff record panel scores, publish, nominate and publish awards. A unit reads its own published
evaluations and awards (`mine`). Everyone reads the published awards (`public_awards`, no login).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members.models import Committee, HandlingUnit
from members.scopes import scope_for
from portal.audit import audit_export, timeline
from portal.documents.workbook import INTEGER, NUMBER, TEXT, Column, WorkbookWriter, xlsx_response

from .. import services
from ..enums import ACCEPTED_STATES
from ..errors import ProposalError
from ..models import EvaluationSettings, Proposal
from ..views.common import form_failed, run_service
from . import metrics as ev
from .enums import AwardKind, EvaluationState
from .forms import NominateForm, PanelScoreForm
from .services import check_year

SORTS = [("composite", _("综合得分")), ("on_time", _("按时答复率")), ("satisfaction", _("满意度得分")), ("panel", _("民主评议得分")),
         ("assigned", _("交办件数")), ("unit", _("单位名称"))]
ACTION_LABELS = {"open": _("开展评议"), "score": _("录入评议得分"), "publish": _("发布")}


def _require_reader(request):
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.read_paths):
        raise PermissionDenied(_("只有政协机关工作人员、区县政协和主席会议成员可以查看民主评议。"))
    return scope


def readable_committees(user):
    """Committees (not townships) whose evaluations the user reads, top of the tree first."""
    scope = scope_for(user)
    return Committee.objects.filter(scope.committee_q("")).exclude(level="township").order_by("path")


def selection(request, params=None):
    """(committee, year, committees) from ?committee=&year= (or `params`); defaults: the user's top
    committee, last year. A committee the user may not read falls back to the default."""
    committees = list(readable_committees(request.user))
    if not committees:
        raise PermissionDenied(_("没有可查看的政协组织。"))
    params = params if params is not None else {**request.GET.dict(), **request.POST.dict()}
    wanted = str(params.get("committee") or "")
    committee = next((c for c in committees if str(c.pk) == wanted), committees[0])
    raw = params.get("year") or timezone.localdate().year - 1
    try:
        year = check_year(raw)
    except ProposalError:
        year = timezone.localdate().year - 1
    return committee, year, committees


def _table_url(committee, year, name="proposals:evaluation_table"):
    return f"{reverse(name)}?committee={committee.pk}&year={year}"


@login_required
def table(request):
    """民主评议 table: every unit of the committee for the year with its metrics, sortable."""
    scope = _require_reader(request)
    committee, year, committees = selection(request)
    sort = request.GET.get("sort", "composite")
    rows = ev.sort_rows(ev.evaluation_table(committee, year, evaluations=ev.evaluations_visible_to(request.user)), sort)
    return render(request, "proposals/evaluation/table.html", {
        "committee": committee, "year": year, "committees": committees, "rows": rows, "sort": sort, "sorts": SORTS,
        "paginator": _Count(len(rows)), "can_manage": scope.can_manage(committee),
        "weights": EvaluationSettings.for_committee(committee),
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    })


class _Count:
    """The table is one committee's units (not paged); `count` lets tests and the pager read its size."""

    def __init__(self, count):
        self.count = count


@login_required
@require_POST
def open_round(request):
    _require_reader(request)
    committee, year, _selected = selection(request)
    created = run_service(request, services.open_evaluation, success="", committee=committee, year=year)
    if created is not None:
        messages.success(request, gettext("已开展 %(year)s 年度民主评议：新建 %(count)s 个承办单位的评议。")
                         % {"year": year, "count": len(created)})
    return redirect(_table_url(committee, year))


@login_required
@require_POST
def publish_round(request):
    _require_reader(request)
    committee, year, _selected = selection(request)
    result = run_service(request, services.publish_evaluations, success="", committee=committee, year=year)
    if result is not None:
        done, failed = result
        messages.success(request, gettext("已发布 %(count)s 个单位的评议结果。") % {"count": len(done)})
        if failed:
            messages.error(request, gettext("未发布：%(errors)s") % {"errors": gettext("；").join(m for _e, m in failed)})
    return redirect(_table_url(committee, year))


def _evaluation(request, pk):
    return get_object_or_404(ev.evaluations_visible_to(request.user).select_related("unit", "committee", "scored_by"), pk=pk)


@login_required
def detail(request, pk, form=None):
    """One unit's evaluation: metrics, panel score and grade, composite score and its timeline."""
    evaluation = _evaluation(request, pk)
    metrics = ev.metrics_of(evaluation)
    weights = EvaluationSettings.for_committee(evaluation.committee)
    can_manage = scope_for(request.user).can_manage(evaluation.committee)
    draft = evaluation.state == EvaluationState.DRAFT
    if form is None and can_manage and draft:
        form = PanelScoreForm(initial={"panel_score": evaluation.panel_score, "grade": evaluation.grade,
                                       "note": evaluation.note})
    history = [(row, ACTION_LABELS.get(row.action, row.action)) for row in timeline(evaluation)]
    return render(request, "proposals/evaluation/detail.html", {
        "e": evaluation, "m": metrics, "weights": weights, "row": ev.row_for(evaluation, metrics, weights),
        "form": form if can_manage and draft else None, "can_manage": can_manage, "history": history,
        "internal": bool(scope_for(request.user).read_paths) or scope_for(request.user).is_superuser,
    })


@login_required
def score(request, pk):
    """Record the panel's score and grade (GET shows the detail page with the form)."""
    evaluation = _evaluation(request, pk)
    if not scope_for(request.user).can_manage(evaluation.committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以录入民主评议得分。"))
    if request.method != "POST":
        return detail(request, pk)
    form = PanelScoreForm(request.POST)
    if not form.is_valid():
        form_failed(request, form)
        return detail(request, pk, form=form)
    if run_service(request, services.record_panel_score, success=_("民主评议得分已保存。"), evaluation=evaluation,
                   **form.cleaned_data) is None:
        return detail(request, pk, form=form)
    return redirect("proposals:evaluation_detail", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    evaluation = _evaluation(request, pk)
    if not scope_for(request.user).can_manage(evaluation.committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以发布评议结果。"))
    run_service(request, services.publish_evaluation, success=_("评议结果已发布，承办单位可以查看。"), evaluation=evaluation)
    return redirect("proposals:evaluation_detail", pk=pk)


EXPORT_HEADERS = ["承办单位", "交办件数", "主办", "会办", "分办", "答复件数", "退回修改", "按时答复率(%)", "延期",
                  "沟通(电话/书面)", "走访面商", "公开", "评价数", "满意(%)", "基本满意(%)", "不满意(%)", "态度满意(%)",
                  "答复针对(%)", "答复类别", "回头看应完成", "回头看已完成", "民主评议得分", "等次", "综合得分", "状态"]


EXPORT_TEXT = {"承办单位", "答复类别", "等次", "状态"}


def export_columns():
    """Counts as whole numbers, shares and scores as decimals, the rest text: typed cells an office can sum."""
    return [Column(h, kind=TEXT if h in EXPORT_TEXT else NUMBER if "(%)" in h or "得分" in h else INTEGER)
            for h in EXPORT_HEADERS]


def export_row(row):
    m, e = row.metrics, row.evaluation
    return [
        row.unit.name, m.assigned, m.lead, m.co, m.separate, m.replies, m.sent_back, m.on_time_rate, m.extended,
        m.communication, m.meeting, m.public, m.ratings, m.satisfied_share, m.basic_share, m.unsatisfied_share,
        m.attitude_satisfied_share, m.relevant_share, "、".join(f"{c} {n}" for c, n, _s in m.category_mix),
        m.lookback_due, m.lookback_met, float(e.panel_score) if e and e.panel_score is not None else None,
        e.get_grade_display() if e and e.grade else "", float(row.composite) if row.composite is not None else None,
        e.get_state_display() if e else "未开展",
    ]


@login_required
def export(request):
    """The yearly table as Excel (cells escaped against formulas; the export is audited)."""
    _require_reader(request)
    committee, year, _selected = selection(request)
    rows = ev.sort_rows(ev.evaluation_table(committee, year, evaluations=ev.evaluations_visible_to(request.user)))
    audit_export(request, f"{committee.name}{year}年度提案办理民主评议", len(rows))
    book = WorkbookWriter(committee=committee.name, subject=f"{year}年度提案办理民主评议")
    book.add_table(f"{year}年度民主评议", export_columns(), (export_row(r) for r in rows))
    return xlsx_response(book.to_bytes(), book.filename())


@login_required
def mine(request):
    """A unit's own published evaluations and awards."""
    scope = scope_for(request.user)
    if not scope.is_unit:
        raise PermissionDenied(_("只有承办单位可以查看本单位的评议结果。"))
    evaluations = (ev.evaluations_visible_to(request.user).filter(unit_id__in=scope.unit_ids)
                   .select_related("unit").order_by("-year", "unit__name"))
    awards = ev.public_awards().filter(unit_id__in=scope.unit_ids).select_related("unit").order_by("-year")
    return render(request, "proposals/evaluation/mine.html", {"evaluations": evaluations, "awards": awards})


# ---------------------------------------------------------------------------- awards


def eligible_proposals(committee, year):
    """Proposals of the committee accepted in `year` (办理中 or 已办结) — 优秀提案 candidates."""
    return (Proposal.objects.filter(committee=committee, state__in=ACCEPTED_STATES, accepted_at__year=year)
            .order_by("sequence", "id"))


def _nominate_form(committee, year, data=None):
    units = HandlingUnit.objects.filter(committee=committee, active=True).order_by("name", "id")
    return NominateForm(data, proposals=eligible_proposals(committee, year), units=units)


@login_required
def awards(request, form=None):
    """The year's nominations of a committee (readers), with the staff's nomination form and publish button."""
    scope = _require_reader(request)
    committee, year, committees = selection(request)
    rows = (ev.awards_visible_to(request.user).filter(committee=committee, year=year)
            .select_related("proposal__proposer", "unit", "nominated_by").order_by("kind", "id"))
    can_manage = scope.can_manage(committee)
    return render(request, "proposals/evaluation/awards.html", {
        "committee": committee, "year": year, "committees": committees, "awards": rows, "can_manage": can_manage,
        "form": (form or _nominate_form(committee, year)) if can_manage else None,
        "has_drafts": any(a.state == EvaluationState.DRAFT for a in rows), "kinds": AwardKind,
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    })


@login_required
@require_POST
def nominate(request):
    _require_reader(request)
    committee, year, _years = selection(request)
    if not scope_for(request.user).can_manage(committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以推荐。"))
    form = _nominate_form(committee, year, request.POST)
    if not form.is_valid():
        form_failed(request, form)
        return awards(request, form=form)
    if run_service(request, services.nominate_award, success=_("已加入推荐名单（发布前不公开）。"), committee=committee,
                   year=year, **form.cleaned_data) is None:
        return awards(request, form=form)
    return redirect(_table_url(committee, year, "proposals:awards"))


@login_required
@require_POST
def withdraw_award(request, pk):
    award = get_object_or_404(ev.awards_visible_to(request.user).select_related("committee"), pk=pk)
    run_service(request, services.withdraw_nomination, success=_("已撤回推荐。"), award=award)
    return redirect(_table_url(award.committee, award.year, "proposals:awards"))


@login_required
@require_POST
def publish_awards(request):
    _require_reader(request)
    committee, year, _selected = selection(request)
    run_service(request, services.publish_awards, success=gettext("%(year)s 年度评选结果已发布。") % {"year": year}, committee=committee, year=year)
    return redirect(_table_url(committee, year, "proposals:awards"))


def public_awards(request):
    """优秀提案 and 优秀承办单位 of a year, published (no login). Proposals link to their public page when disclosed."""
    from ..selectors import public_proposals

    years = list(ev.public_awards().order_by("-year").values_list("year", flat=True).distinct())
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year - 1))
    except ValueError as exc:
        raise Http404 from exc
    rows = list(ev.public_awards().filter(year=year).select_related("committee", "proposal__proposer", "unit")
                .order_by("committee__path", "kind", "id"))
    disclosed = set(public_proposals().filter(pk__in=[a.proposal_id for a in rows if a.proposal_id])
                    .values_list("pk", flat=True))
    return render(request, "proposals/evaluation/public_awards.html", {
        "year": year, "years": years, "proposals": [a for a in rows if a.kind == AwardKind.PROPOSAL],
        "units": [a for a in rows if a.kind == AwardKind.UNIT], "disclosed": disclosed,
        "paginator": _Count(len(rows)),
    })
