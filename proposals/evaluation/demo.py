"""Demo 民主评议 and awards for last year (called from proposals.demo.seed with its `Demo` helper).

A few proposals are handled, replied and rated through the services, then moved back a year (the
assignments, their obligations and the proposals' dates), so last year has real metrics; then last
year's evaluation is opened, scored and published, and an 优秀提案 and an 优秀承办单位 are published.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from supervision.models import Obligation
from supervision.services import obligations_for

from .. import services
from ..enums import ContactWay, Satisfaction
from ..models import Assignment, Proposal, UnitEvaluation
from .enums import AwardKind

YEAR_BACK = datetime.timedelta(days=365)
# (topic index, reply category, proposer's rating of the result)
HISTORY = [(17, "A", Satisfaction.SATISFIED), (18, "B", Satisfaction.BASIC), (19, "A", Satisfaction.SATISFIED),
           (20, "C", Satisfaction.BASIC)]
PANEL = [("92", "excellent", "答复及时，与委员沟通充分，办理成效明显。"), ("84", "good", "办理规范，个别答复针对性有待加强。"),
         ("76", "fair", "答复较为原则，建议加强面对面沟通。")]


def _handled_last_year(d):
    """Proposals handled, replied (one with an extra face-to-face meeting) and rated, then moved back a year."""
    made = []
    for i, code, result in HISTORY:
        p = d.handling(i, co=False)
        reply = d.reply(p, code)
        if code == "A":
            a = p.assignments.get(role="lead")
            services.record_contact(assignment=a, actor=d.liaison(a.unit), date=timezone.localdate(),
                                    way=ContactWay.PUBLIC, note="办理结果在门户网站公开")
        d.rate(reply, result)
        if code == "B":  # B 类答复：回头看已报送
            a = p.assignments.get(role="lead")
            services.record_review_report(assignment=a, actor=d.liaison(a.unit), progress=60,
                                          note="已完成年度计划的六成，剩余部分列入明年预算。")
        made.append(p)
    for p in made:
        _move_back(p)
    return made


def _move_back(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=F("submitted_at") - YEAR_BACK, accepted_at=F("accepted_at") - YEAR_BACK,
        closed_at=F("closed_at") - YEAR_BACK)
    for a in Assignment.objects.filter(proposal=proposal):
        Assignment.objects.filter(pk=a.pk).update(
            assigned_at=F("assigned_at") - YEAR_BACK, closed_at=F("closed_at") - YEAR_BACK)  # due dates: obligations
        Obligation.objects.filter(pk__in=obligations_for(a).values("pk")).update(
            start_date=F("start_date") - YEAR_BACK, due_date=F("due_date") - YEAR_BACK,
            original_due_date=F("original_due_date") - YEAR_BACK, met_at=F("met_at") - YEAR_BACK)


def seed(ctx, d):
    """Last year's published evaluation of 临沭县's units and its awards. Returns the evaluations published."""
    made = _handled_last_year(d)
    year = Proposal.objects.get(pk=made[0].pk).accepted_at.year
    services.open_evaluation(committee=d.committee, year=year, actor=d.staff)
    rows = list(UnitEvaluation.objects.filter(committee=d.committee, year=year).select_related("unit").order_by("unit__name"))
    for row, (score, grade, note) in zip(rows, PANEL * len(rows), strict=False):
        services.record_panel_score(evaluation=row, actor=d.staff, panel_score=score, grade=grade, note=note)
    published, _failed = services.publish_evaluations(committee=d.committee, year=year, actor=d.staff)
    best = max(published, key=lambda e: e.composite_score or 0, default=None)
    closed = Proposal.objects.get(pk=made[0].pk)
    services.nominate_award(committee=d.committee, year=year, kind=AwardKind.PROPOSAL, proposal=closed, actor=d.staff,
                            citation="选题贴近民生，建议具体可行，办理成效明显")
    if best is not None:
        services.nominate_award(committee=d.committee, year=year, kind=AwardKind.UNIT, unit=best.unit, actor=d.staff,
                                citation="办理态度端正，答复及时，委员满意")
    services.publish_awards(committee=d.committee, year=year, actor=d.staff)
    ctx.log(f"  民主评议：{year} 年度 {len(published)} 个承办单位已发布；优秀提案、优秀承办单位已发布")
    return len(published)
