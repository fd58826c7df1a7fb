"""Writes of topics: recommend or record a topic, 预可研, 商题, 定题 into the plan, research, 回头看, close or drop.

Every state change goes through portal.workflow.perform (lock, check the table, save, timeline row);
every refusal is a ConsultError with a Chinese message and changes nothing."""

from django.db import transaction
from django.utils.translation import gettext as _

from members.scopes import scope_for
from portal import limits
from portal.audit import record_transition

from .. import deadlines
from ..common import member_of, perform, reference, require_manage, require_state, text
from ..errors import ConsultError, ConsultPermissionError
from ..models import PlanItem, Research, Topic
from .enums import EDITABLE_STATES, PRESTUDY_FIELDS, TopicSource, TopicState

T = TopicState


def _prestudy_values(values):
    return {name: text(values.get(name), label, limits.LONG_TEXT, required=False)
            for name, label in PRESTUDY_FIELDS if name in values}


def propose_topic(*, actor, title, source, committee=None, proposer=None, resident_name="", resident_phone="",
                  **prestudy):
    """A topic enters the pipeline (已征集).

    A member recommends one for their own committee (委员荐题, they are the proposer). Staff record any
    source for a committee they manage: 委员荐题 names the member, 社会征集 the resident (name, phone).
    Side effects: the Topic, a timeline row "create".
    """
    scope = scope_for(actor)
    title = text(title, _("议题"), 200)
    if source not in TopicSource.values:
        raise ConsultError(_("未知的选题来源：%(source)s。") % {"source": source})
    if committee is not None and scope.can_manage(committee):
        if source == TopicSource.MEMBER:
            if proposer is None:
                raise ConsultError(_("委员荐题须指定荐题委员。"))
            reference(proposer, committee, _("荐题委员"), subtree=True)
        else:
            proposer = None
        if source == TopicSource.PUBLIC:
            resident_name = text(resident_name, _("提出人姓名"), 50)
            resident_phone = text(resident_phone, _("提出人电话"), 20, required=False)
        else:
            resident_name = resident_phone = ""
    else:
        member = member_of(actor)
        if committee is not None and committee.pk != member.committee_id:
            raise ConsultPermissionError(_("委员只能向本人所在的政协组织推荐议题。"))
        if source != TopicSource.MEMBER:
            raise ConsultPermissionError(_("委员只能推荐议题（委员荐题）。"))
        committee, proposer, resident_name, resident_phone = member.committee, member, "", ""
    with transaction.atomic():
        topic = Topic.objects.create(
            committee=committee, title=title, source=source, proposer=proposer, resident_name=resident_name,
            resident_phone=resident_phone, created_by=actor if getattr(actor, "pk", None) else None,
            **_prestudy_values(prestudy),
        )
        record_transition(topic, actor=actor, action="create", to_state=topic.state)
    return topic


def propose_public_topic(*, committee, title, resident_name, resident_phone, problems, directions):
    """社会征集: a resident proposes a topic on the public form (no login; the form's abuse protection
    comes first). The problem they see and their suggestion become 存在问题 and 建言方向; staff complete
    the rest in 预可研. Side effects: the Topic (已征集, no author account), a timeline row "create"."""
    title = text(title, _("议题"), 200)
    resident_name = text(resident_name, _("提出人姓名"), 50)
    resident_phone = text(resident_phone, _("提出人电话"), 20)
    problems = text(problems, _("存在问题"), limits.LONG_TEXT)
    directions = text(directions, _("建言方向"), limits.LONG_TEXT)
    with transaction.atomic():
        topic = Topic.objects.create(
            committee=committee, title=title, source=TopicSource.PUBLIC, resident_name=resident_name,
            resident_phone=resident_phone, problems=problems, directions=directions,
        )
        record_transition(topic, actor=None, action="create", to_state=topic.state)
    return topic

def update_prestudy(*, topic, actor, title=None, **prestudy):
    """Staff fill in or revise the five 预可研 elements (until 定题)."""
    require_manage(actor, topic.committee)
    require_state(topic, EDITABLE_STATES, _("修改预可研内容"))
    values = _prestudy_values(prestudy)
    if title is not None:
        values["title"] = text(title, _("议题"), 200)
    if values:
        for name, value in values.items():
            setattr(topic, name, value)
        topic.save(update_fields=[*values, "updated_at"])
    return topic


def start_prestudy(*, topic, actor, note=""):
    require_manage(actor, topic.committee)
    return perform(topic, "start_prestudy", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))


def discuss(*, topic, actor, note=""):
    """商题: the topic goes to the joint discussion with party and government, its 预可研 complete."""
    require_manage(actor, topic.committee)
    missing = [str(label) for name, label in PRESTUDY_FIELDS if not getattr(topic, name).strip()]
    if missing:
        raise ConsultError(_("预可研五要素尚未填写完整，缺少：%(missing)s。") % {"missing": _("、").join(missing)})
    return perform(topic, "discuss", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))


def approve(*, topic, actor, plan, meeting_type, quarter=None, month=None, lead_special_committee=None,
            lead_sector_group=None, units=(), note=""):
    """定题: the topic becomes an item of the committee's annual plan.

    Side effects: a PlanItem (format, quarter or month, lead, participating units), state → 已定题, a timeline row."""
    from ..plans.services import check_item

    require_manage(actor, topic.committee)
    if plan.committee_id != topic.committee_id:
        raise ConsultError(_("所选的年度计划不属于%(committee)s，不能使用。") % {"committee": topic.committee.name})
    values = check_item(plan, meeting_type=meeting_type, quarter=quarter, month=month,
                        lead_special_committee=lead_special_committee, lead_sector_group=lead_sector_group, units=units)
    note = text(note, _("说明"), limits.NOTE, required=False)
    with transaction.atomic():
        topic = perform(topic, "approve", actor=actor, note=note)
        item = PlanItem.objects.create(plan=plan, topic=topic, title=topic.title, **values)
        item.units.set(units)
    return topic


def drop(*, topic, actor, reason):
    """不予采用, with the reason (kept on the topic and in the timeline)."""
    require_manage(actor, topic.committee)
    reason = text(reason, _("不予采用理由"), limits.NOTE)
    return perform(topic, "drop", actor=actor, note=reason, fields={"drop_reason": reason})


def record_research(*, topic, actor, kind, start_date, end_date, places, participants, report):
    """调研 or 视察 on a topic approved into the plan (不调研不协商 reads these records).

    Side effects: the Research row with its participants; the topic moves to 调研中 (or, later, gets a
    timeline row)."""
    from .enums import ResearchKind

    require_manage(actor, topic.committee)
    require_state(topic, {T.PLANNED, T.RESEARCHING, T.CONSULTED}, _("记录调研视察"))
    if kind not in ResearchKind.values:
        raise ConsultError(_("未知的调研类型：%(kind)s。") % {"kind": kind})
    if start_date is None or end_date is None:
        raise ConsultError(_("请填写调研的开始和结束日期。"))
    if end_date < start_date:
        raise ConsultError(_("结束日期（%(end)s）不能早于开始日期（%(start)s）。") % {"end": end_date, "start": start_date})
    places = text(places, _("调研地点"), 300)
    report = text(report, _("调研报告"), limits.LONG_TEXT)
    participants = list(participants or [])
    if not participants:
        raise ConsultError(_("请选择参加调研的委员。"))
    for member in participants:
        reference(member, topic.committee, _("参加委员"), subtree=True)
    with transaction.atomic():
        action = "start_research" if topic.state == T.PLANNED else "add_research"
        topic = perform(topic, action, actor=actor, note=places)
        research = Research.objects.create(
            committee=topic.committee, topic=topic, kind=kind, start_date=start_date, end_date=end_date,
            places=places, report=report, created_by=actor if getattr(actor, "pk", None) else None,
        )
        research.participants.set(participants)
    return research


def start_lookback(*, topic, actor, note=""):
    """回头看: every unit that replied on the topic's outcomes owes a report on what it carried out."""
    from ..models import OutcomeSending
    from ..outcomes.enums import SendingState

    require_manage(actor, topic.committee)
    note = text(note, _("说明"), limits.NOTE, required=False)
    sendings = list(OutcomeSending.objects.filter(outcome__topic=topic, state=SendingState.REPLIED)
                    .select_related("unit", "outcome__committee"))
    with transaction.atomic():
        topic = perform(topic, "start_lookback", actor=actor, note=note)
        for sending in sendings:
            deadlines.lookback_deadline(sending, actor=actor)
    return topic


def close(*, topic, actor, note=""):
    """办结: all replies in (a leader's instruction may have named a unit after the others replied: its
    3-month loop is waited for), and 回头看 reported where it was started."""
    from ..models import OutcomeSending
    from ..outcomes.enums import SendingState

    require_manage(actor, topic.committee)
    note = text(note, _("说明"), limits.NOTE, required=False)
    sendings = list(OutcomeSending.objects.filter(outcome__topic=topic).select_related("unit"))
    unreplied = [s.unit.name for s in sendings if s.state == SendingState.SENT]
    if unreplied:
        raise ConsultError(_("以下单位尚未答复协商成果，不能办结：%(units)s。") % {"units": _("、").join(unreplied)})
    waiting = [s.unit.name for s in sendings if deadlines.pending(s, deadlines.K.REVIEW).exists()]
    if waiting:
        raise ConsultError(_("以下单位尚未报送回头看落实情况，不能办结：%(units)s。") % {"units": _("、").join(waiting)})
    return perform(topic, "close", actor=actor, note=note)


# ---- moves made by other steps (a meeting held, an outcome sent, the last reply in)


def meeting_held(topic, *, actor):
    if topic is not None and topic.state == T.RESEARCHING:
        perform(topic, "consulted", actor=actor)


def outcome_sent(topic, *, actor):
    if topic is not None and topic.state == T.CONSULTED:
        perform(topic, "send_outcome", actor=actor)


def sync_replied(topic, *, actor):
    """The topic's outcomes are replied by every unit they were sent to: 已反馈."""
    from ..models import OutcomeSending
    from ..outcomes.enums import SendingState

    if topic is None or topic.state != T.OUTCOME_SENT:
        return
    if not OutcomeSending.objects.filter(outcome__topic=topic, state=SendingState.SENT).exists():
        perform(topic, "all_replied", actor=actor)
