"""Writes of outcomes: record an outcome with its recommendations, send it to units (each owes a reply:
2 months), record a leader's instruction (the units named owe the 3-month closed loop from its date),
the unit's reply with adoption per recommendation, and the 回头看 report."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.scopes import scope_for
from portal import limits

from .. import deadlines
from ..common import perform, reference, require_manage, text
from ..errors import ConsultError, ConsultPermissionError
from ..meetings.enums import MeetingState
from ..models import Instruction, Outcome, OutcomeSending, Recommendation, RecommendationReply
from ..topics.enums import TopicState
from .enums import Adoption, OutcomeKind, OutcomeState, SendingState

K = deadlines.K
OUTCOME_TOPIC_STATES = {TopicState.RESEARCHING, TopicState.CONSULTED, TopicState.OUTCOME_SENT, TopicState.REPLIED,
                        TopicState.LOOKBACK}
MAX_RECOMMENDATIONS = 50


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def create_outcome(*, actor, kind, title, text_body, recommendations=(), meeting=None, topic=None):
    """An outcome of a held meeting or of a topic under research or consulted, with its recommendations
    (numbered in order)."""
    if meeting is None and topic is None:
        raise ConsultError(_("协商成果须关联协商活动或议题。"))
    committee = meeting.committee if meeting is not None else topic.committee
    require_manage(actor, committee)
    if kind not in OutcomeKind.values:
        raise ConsultError(_("未知的成果类型：%(kind)s。") % {"kind": kind})
    if meeting is not None:
        if meeting.state != MeetingState.HELD:
            raise ConsultError(_("协商活动“%(title)s”尚未召开，不能记录成果。") % {"title": meeting.title})
        topic = topic or meeting.topic
    if topic is not None:
        reference(topic, committee, _("议题"))
        if meeting is not None and meeting.topic_id not in (None, topic.pk):
            raise ConsultError(_("所选议题与协商活动的议题不一致。"))
        if topic.state not in OUTCOME_TOPIC_STATES:
            raise ConsultError(_("议题《%(title)s》当前状态为“%(state)s”，调研或协商后才能记录成果。") % {
                "title": topic.title, "state": topic.get_state_display()})
    title = text(title, _("标题"), 200)
    body = text(text_body, _("正文"), limits.LONG_TEXT)
    items = [text(item, _("建议"), limits.NOTE) for item in recommendations or []]
    if len(items) > MAX_RECOMMENDATIONS:
        raise ConsultError(_("建议条目最多 %(n)d 条。") % {"n": MAX_RECOMMENDATIONS})
    with transaction.atomic():
        outcome = Outcome.objects.create(committee=committee, meeting=meeting, topic=topic, kind=kind, title=title,
                                         text=body, created_by=_actor(actor))
        Recommendation.objects.bulk_create(
            Recommendation(outcome=outcome, number=n, text=item) for n, item in enumerate(items, start=1))
        from portal.audit import record_transition

        record_transition(outcome, actor=actor, action="create", to_state=outcome.state)
    return outcome


def _units(units, committee):
    units = list(dict.fromkeys(units or []))
    if not units:
        raise ConsultError(_("请选择承办单位。"))
    for unit in units:
        reference(unit, committee, _("承办单位"))
    return units


def _instruction_start(outcome, unit):
    """The date of the latest instruction naming `unit` on `outcome`, or None."""
    return (Instruction.objects.filter(outcome=outcome, units=unit).order_by("-instructed_on")
            .values_list("instructed_on", flat=True).first())


def send(*, outcome, actor, units, note=""):
    """报送 to units; each owes a reply within 2 months (or the 3-month loop if a leader's instruction
    already names it). Sending to a unit again is refused."""
    require_manage(actor, outcome.committee)
    units = _units(units, outcome.committee)
    already = set(outcome.sendings.filter(unit__in=units).values_list("unit__name", flat=True))
    if already:
        raise ConsultError(_("已经报送过以下单位：%(units)s。") % {"units": _("、").join(sorted(already))})
    note = text(note, _("说明"), limits.NOTE, required=False)
    now = timezone.now()
    names = _("、").join(u.name for u in units)
    with transaction.atomic():
        action = "send" if outcome.state == OutcomeState.DRAFT else "send_more"
        outcome = perform(outcome, action, actor=actor, note=_("报送：%(units)s") % {"units": names} + (f"。{note}" if note else ""),
                          fields={"sent_at": outcome.sent_at or now})
        sendings = []
        for unit in units:
            sending = OutcomeSending.objects.create(outcome=outcome, unit=unit, sent_at=now)
            instructed_on = _instruction_start(outcome, unit)
            deadlines.reply_deadline(sending, start=instructed_on or timezone.localdate(now),
                                     instructed=instructed_on is not None, actor=actor)
            sendings.append(sending)
        from ..topics.services import outcome_sent

        outcome_sent(outcome.topic, actor=actor)
    return sendings


def instruct(*, outcome, actor, leader, instructed_on, text_body, units):
    """A leader's 批示 on a sent outcome. Each unit named owes its reply within the 3-month closed loop from
    the instruction's date: a pending 2-month reply is waived and owed again on the new footing; a unit the
    outcome was not sent to gets it now."""
    require_manage(actor, outcome.committee)
    leader = text(leader, _("批示领导"), 100)
    body = text(text_body, _("批示内容"), limits.NOTE)
    if not isinstance(instructed_on, dt.date):
        raise ConsultError(_("请填写批示日期。"))
    if instructed_on > timezone.localdate():
        raise ConsultError(_("批示日期不能晚于今天。"))
    if outcome.sent_at and instructed_on < timezone.localtime(outcome.sent_at).date():
        raise ConsultError(_("批示日期不能早于成果报送日期。"))
    units = _units(units, outcome.committee)
    with transaction.atomic():
        outcome = perform(outcome, "instruct", actor=actor, note=_("%(leader)s批示：%(text)s") % {"leader": leader, "text": body})
        instruction = Instruction.objects.create(outcome=outcome, leader=leader, instructed_on=instructed_on, text=body,
                                                 created_by=_actor(actor))
        instruction.units.set(units)
        sent = {s.unit_id: s for s in outcome.sendings.select_related("unit")}
        now = timezone.now()
        for unit in units:
            sending = sent.get(unit.pk)
            if sending is None:
                sending = OutcomeSending.objects.create(outcome=outcome, unit=unit, sent_at=now)
            elif sending.state != SendingState.SENT:
                continue  # already replied: the instruction is on record, nothing more is owed
            else:
                deadlines.waive(sending, K.OUTCOME_REPLY, actor=actor, note=_("领导已批示，按三个月闭环重新计算时限"))
            deadlines.reply_deadline(sending, start=instructed_on, instructed=True, actor=actor)
    return instruction


def reply(*, sending, actor, measures, adoptions):
    """The unit answers: measures taken, and adoption (采纳/部分采纳/未采纳) for every recommendation.

    `adoptions`: [{"recommendation": Recommendation, "adoption": str, "measures": str}] covering each
    recommendation of the outcome once. Side effects: the reply rows, state → 已答复, the reply obligation
    met; the topic moves to 已反馈 when every unit has replied."""
    if sending.unit_id not in scope_for(actor).unit_ids:
        raise ConsultPermissionError(_("只有%(unit)s可以答复。") % {"unit": sending.unit.name})
    measures = text(measures, _("落实措施"), limits.LONG_TEXT)
    expected = {r.pk: r for r in sending.outcome.recommendations.all()}
    given = {}
    for row in adoptions or []:
        rec = row.get("recommendation")
        if rec is None or rec.pk not in expected:
            raise ConsultError(_("所选的建议条目不属于本成果。"))
        if rec.pk in given:
            raise ConsultError(_("第 %(n)d 条建议重复答复。") % {"n": rec.number})
        if row.get("adoption") not in Adoption.values:
            raise ConsultError(_("第 %(n)d 条建议的采纳情况无效。") % {"n": rec.number})
        given[rec.pk] = (row["adoption"], text(row.get("measures"), _("措施"), limits.NOTE, required=False))
    missing = [str(expected[pk].number) for pk in sorted(expected, key=lambda pk: expected[pk].number) if pk not in given]
    if missing:
        raise ConsultError(_("请逐条答复采纳情况，尚缺第 %(numbers)s 条建议。") % {"numbers": _("、").join(missing)})
    with transaction.atomic():
        sending = perform(sending, "reply", actor=actor, fields={
            "measures": measures, "replied_at": timezone.now(), "replied_by": _actor(actor)})
        RecommendationReply.objects.bulk_create(
            RecommendationReply(sending=sending, recommendation_id=pk, adoption=adoption, measures=text_)
            for pk, (adoption, text_) in given.items())
        deadlines.meet(sending, K.OUTCOME_REPLY, actor=actor)
        from ..topics.services import sync_replied

        sync_replied(sending.outcome.topic, actor=actor)
    return sending


def lookback_report(*, sending, actor, report):
    """回头看: the unit reports what it carried out (meets its 回头看 obligation)."""
    if sending.unit_id not in scope_for(actor).unit_ids:
        raise ConsultPermissionError(_("只有%(unit)s可以报送。") % {"unit": sending.unit.name})
    report = text(report, _("回头看落实情况"), limits.LONG_TEXT)
    if not deadlines.pending(sending, K.REVIEW).exists():
        raise ConsultError(_("本成果目前没有要求回头看。"))
    with transaction.atomic():
        sending = perform(sending, "lookback_report", actor=actor, fields={"lookback_report": report})
        deadlines.meet(sending, K.REVIEW, actor=actor)
    return sending
