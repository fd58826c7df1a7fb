"""Writes of 民主评议 and the yearly awards. Keyword-only; `actor` is the staff user acting.

Every function raises ProposalPermissionError unless the actor manages the committee (staff of it or an
ancestor), and ProposalError (a Chinese message) for bad input or an illegal state; nothing changes then.
State changes (未发布 → 已发布) go through `portal.workflow.perform` against `EVALUATION_ACTIONS`
(lock, check, save with update_fields, timeline row), all in one transaction; notifications go out after
commit.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from members.models import HandlingUnit
from members.scopes import scope_for
from portal import workflow
from portal.audit import record_transition
from supervision.messages import Message

from ..enums import ACCEPTED_STATES
from ..errors import ProposalError, ProposalPermissionError
from ..models import Award, EvaluationSettings, UnitEvaluation
from ..notify import notify, users_of_members, users_of_unit
from . import metrics as ev
from .enums import EVALUATION_ACTIONS, AwardKind, EvaluationGrade, EvaluationState

E = EvaluationState
FIRST_YEAR = 2000

# Choice labels as message ids (a notification renders them in each reader's language)
GRADE_IDS = {EvaluationGrade.EXCELLENT: gettext_noop("优秀"), EvaluationGrade.GOOD: gettext_noop("良好"),
             EvaluationGrade.FAIR: gettext_noop("一般"), EvaluationGrade.POOR: gettext_noop("较差")}
AWARD_IDS = {AwardKind.PROPOSAL: gettext_noop("优秀提案"), AwardKind.UNIT: gettext_noop("优秀承办单位")}

workflow.declare(UnitEvaluation, EVALUATION_ACTIONS, error=ProposalError)
workflow.declare(Award, EVALUATION_ACTIONS, error=ProposalError)


def _require_manager(actor, committee):
    if not scope_for(actor).can_manage(committee):
        raise ProposalPermissionError(_("只有本级政协机关工作人员可以开展民主评议和评选。"))


def check_year(year):
    """The year as an int between 2000 and this year, else ProposalError."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ProposalError(_("年度格式不正确。")) from None
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ProposalError(_("年度须在 %(first)s 年至今年之间。") % {"first": FIRST_YEAR})
    return year


def _publish(obj, *, actor, note="", fields=None):
    """未发布 → 已发布 (workflow action "publish"), stamping published_at."""
    return workflow.perform(obj, "publish", actor=actor, note=note,
                            fields={"published_at": timezone.now(), **(fields or {})})


# ---------------------------------------------------------------------------- 民主评议


def open_evaluation(*, committee, year, actor):
    """Open the year's 民主评议: a draft UnitEvaluation for each active unit of the committee that has
    none yet. Side effects: one timeline row per evaluation created. Returns the created rows."""
    _require_manager(actor, committee)
    year = check_year(year)
    created = []
    with transaction.atomic():
        existing = set(UnitEvaluation.objects.filter(year=year, unit__committee=committee).values_list("unit_id", flat=True))
        for unit in HandlingUnit.objects.filter(committee=committee, active=True).exclude(pk__in=existing):
            row = UnitEvaluation.objects.create(committee=committee, unit=unit, year=year)
            record_transition(row, actor=actor, action="open", to_state=E.DRAFT, note=_("开展%(year)s年度民主评议") % {"year": year})
            created.append(row)
    return created


def clean_panel_score(value):
    """The panel score as a Decimal in 0–100 with at most two decimals, else ProposalError."""
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ProposalError(_("民主评议得分须为 0 至 100 之间的数字。")) from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ProposalError(_("民主评议得分须为 0 至 100 之间的数字。"))
    if score != score.quantize(ev.TWO):
        raise ProposalError(_("民主评议得分最多保留两位小数。"))
    return score


def record_panel_score(*, evaluation, actor, panel_score, grade, note=""):
    """Record the evaluation panel's score (0–100), grade (优秀/良好/一般/较差) and note on a draft.

    Side effects: the row saved; a timeline row with the score. Published evaluations are final."""
    _require_manager(actor, evaluation.committee)
    score = clean_panel_score(panel_score)
    if grade not in EvaluationGrade.values:
        raise ProposalError(_("请选择等次：优秀、良好、一般或较差。"))
    with transaction.atomic():
        current = workflow.lock(evaluation)
        if current.state != E.DRAFT:
            raise ProposalError(_("该评议结果已发布，不能再修改得分。"), code="illegal_state")
        current.panel_score, current.grade, current.note = score, grade, note or ""
        current.scored_by, current.scored_at = actor, timezone.now()
        current.save(update_fields=["panel_score", "grade", "note", "scored_by", "scored_at"])
        record_transition(current, actor=actor, action="score", from_state=current.state, to_state=current.state,
                          note=_("民主评议得分 %(score)s，等次 %(grade)s") % {"score": score, "grade": current.get_grade_display()})
    return current


def publish_evaluation(*, evaluation, actor, today=None):
    """Publish one evaluation: its metrics are computed now and kept as a snapshot with the composite score.

    Needs a recorded panel score and grade. Side effects: state 未发布 → 已发布 (timeline row); the unit's
    liaisons notified after commit."""
    _require_manager(actor, evaluation.committee)
    with transaction.atomic():
        fresh = UnitEvaluation.objects.select_related("unit", "committee").get(pk=evaluation.pk)
        if fresh.state == E.DRAFT and (fresh.panel_score is None or not fresh.grade):
            raise ProposalError(_("请先录入%(unit)s的民主评议得分和等次，再发布。") % {"unit": fresh.unit})
        metrics = ev.unit_metrics([fresh.unit_id], fresh.year, today=today)[fresh.unit_id]
        composite = ev.composite_score(metrics, fresh.panel_score, EvaluationSettings.for_committee(fresh.committee))
        current = _publish(fresh, actor=actor, note=_("综合得分 %(score)s") % {"score": composite if composite is not None else "—"},
                           fields={"metrics": metrics.snapshot(), "composite_score": composite})
        notify(users_of_unit(fresh.unit), title=Message(gettext_noop("%(year)s年度提案办理民主评议结果已发布"), year=fresh.year),
               body=Message(gettext_noop("等次：%(grade)s"), grade=Message(GRADE_IDS.get(current.grade, current.grade))), url=reverse("proposals:evaluation_detail", args=[current.pk]))
    return current


def publish_evaluations(*, committee, year, actor, today=None):
    """Publish every scored draft of the committee's year; returns (published, [(evaluation, message)])."""
    _require_manager(actor, committee)
    done, failed = [], []
    drafts = UnitEvaluation.objects.filter(committee=committee, year=check_year(year), state=E.DRAFT).select_related("unit")
    for row in drafts:
        try:
            done.append(publish_evaluation(evaluation=row, actor=actor, today=today))
        except ProposalError as exc:
            failed.append((row, exc.message))
    return done, failed


# ---------------------------------------------------------------------------- 优秀提案、优秀承办单位


def _check_subject(committee, year, kind, proposal, unit):
    if kind == AwardKind.PROPOSAL:
        if proposal is None or unit is not None:
            raise ProposalError(_("请选择一件提案。"))
        if proposal.committee_id != committee.pk:
            raise ProposalError(_("只能推荐本级政协的提案。"))
        if proposal.state not in ACCEPTED_STATES or proposal.accepted_at is None:
            raise ProposalError(_("只能推荐已立案（办理中或已办结）的提案。"))
        if timezone.localtime(proposal.accepted_at).year != year:
            raise ProposalError(_("只能推荐 %(year)s 年立案的提案。") % {"year": year})
    elif kind == AwardKind.UNIT:
        if unit is None or proposal is not None:
            raise ProposalError(_("请选择一个承办单位。"))
        if unit.committee_id != committee.pk or not unit.active:
            raise ProposalError(_("只能推荐本级政协的承办单位。"))
    else:
        raise ProposalError(_("奖项不正确。"))


def nominate_award(*, committee, year, kind, actor, proposal=None, unit=None, citation=""):
    """Nominate a proposal for 优秀提案 or a unit for 优秀承办单位 of `year` (not public until published).

    Side effects: a draft Award and its timeline row."""
    _require_manager(actor, committee)
    year = check_year(year)
    _check_subject(committee, year, kind, proposal, unit)
    try:
        with transaction.atomic():
            award = Award.objects.create(committee=committee, year=year, kind=kind, proposal=proposal, unit=unit,
                                         citation=citation or "", nominated_by=actor)
            record_transition(award, actor=actor, action="nominate", to_state=E.DRAFT, note=citation or "")
    except IntegrityError:
        raise ProposalError(_("%(subject)s已在 %(year)s 年度的推荐名单中。") % {"subject": proposal or unit, "year": year}) from None
    return award


def withdraw_nomination(*, award, actor):
    """Remove an unpublished nomination (published awards stay). Side effects: the row deleted."""
    _require_manager(actor, award.committee)
    with transaction.atomic():
        current = Award.objects.select_for_update().get(pk=award.pk)
        if current.state != E.DRAFT:
            raise ProposalError(_("已发布的评选结果不能撤回。"), code="illegal_state")
        current.delete()


def publish_awards(*, committee, year, actor):
    """Publish the year's nominations of the committee: they show on the public pages and the units'
    pages. Side effects: each award 未发布 → 已发布 (timeline row); proposers and unit liaisons notified
    after commit. Returns the awards published (ProposalError when there is none to publish)."""
    _require_manager(actor, committee)
    year = check_year(year)
    with transaction.atomic():
        drafts = list(Award.objects.filter(committee=committee, year=year, state=E.DRAFT)
                      .select_related("proposal__proposer__user", "unit"))
        if not drafts:
            raise ProposalError(_("%(year)s 年度没有待发布的推荐名单。") % {"year": year})
        published = [_publish(a, actor=actor) for a in drafts]
        for a in drafts:
            users = users_of_members([a.proposal.proposer]) if a.proposal_id else users_of_unit(a.unit)
            notify(users, title=Message(gettext_noop("祝贺！获评%(year)s年度%(kind)s"), year=year,
                                          kind=Message(AWARD_IDS.get(a.kind, a.kind))), body=str(a.subject),
                   url=reverse("proposals:public_awards") + f"?year={year}")
    return published
