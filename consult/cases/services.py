"""Writes of grassroots cases (四单工作法). One function per action; every state change goes through
portal.workflow.perform (CASE_ACTIONS) with its timeline row; every refusal is a ConsultError with a
Chinese message raised before anything changes.

Who may do what (`roles`):
- a case's managers — staff who manage its committee, the leader of its member group (组长), a convenor
  (召集人) of its committee — register cases for residents, check them (定单/不予受理), grade and offer
  them to a member group (分单), record its progress, and approve the archive (归单);
- members of the offered group claim it (接单, the first is the lead claimant) or join it (共同接单);
- the claimants record the micro-consultation (协商解单), follow-ups (跟进督单) and the resolution.
Deadlines per stage are supervision Obligations (consult/cases/deadlines.py), met when the stage is done."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import CommitteeLevel
from members.models import Member
from members.scopes import scope_for
from portal import limits
from portal.audit import record_transition
from portal.workflow import check, perform

from ..common import reference, text  # consult.common declares the CommunityCase workflow
from ..errors import ConsultError, ConsultPermissionError
from . import deadlines
from .enums import CaseGrade, CaseOutcome, CaseSource, CaseState, CaseTheme
from .models import CaseClaim, CaseConsultation, CaseFollowUp, CaseSettings, CommunityCase
from .search import index_case

# 滁州's city members work in 18 communities (seed 003), counties and townships in theirs.
CASE_LEVELS = (CommitteeLevel.CITY, CommitteeLevel.COUNTY, CommitteeLevel.TOWNSHIP)
# Tracking codes: no 0/O, 1/I/L — easy to read out on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


# ---- who the actor is for a case


def _member(actor):
    return scope_for(actor).member if actor is not None else None


def is_convenor_of(member, committee):
    return bool(member and member.is_convenor and committee.pk in (member.committee_id, member.township_id))


def is_manager(actor, case):
    """Staff of the case's committee, the leader of its member group, or a convenor of its committee."""
    if actor is None:
        return False
    if scope_for(actor).can_manage(case.committee):
        return True
    member = _member(actor)
    if member is None:
        return False
    if case.member_group_id and case.member_group.leader_id == member.pk:
        return True
    return is_convenor_of(member, case.committee)


def is_claimant(actor, case):
    member = _member(actor)
    return bool(member) and case.claims.filter(member=member).exists()


def can_see_contact(actor, case):
    """The resident's name and phone: the case's managers and the members on the case, nobody else."""
    return is_manager(actor, case) or is_claimant(actor, case)


def _require_manager(actor, case):
    if not is_manager(actor, case):
        raise ConsultPermissionError(_("只有本级政协机关工作人员、该社区委员小组组长或召集人可以执行此操作。"))


def _require_worker(actor, case):
    """The claimants or a manager."""
    if not (is_manager(actor, case) or is_claimant(actor, case)):
        raise ConsultPermissionError(_("只有接单委员、委员小组组长、召集人或机关工作人员可以记录办理情况。"))


def _actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


# ---- 群众点单


def accepts_cases(committee):
    return committee.level in CASE_LEVELS


def accepts_public(committee):
    if not accepts_cases(committee):
        return False
    settings = CaseSettings.objects.filter(committee=committee).first()
    return bool(settings and settings.accepts_public)


def _check_registrar(actor, committee, source, member_group, reception_duty):
    if source == CaseSource.PUBLIC:
        if actor is not None and getattr(actor, "is_authenticated", False) is False:
            actor = None
        if not accepts_public(committee):
            raise ConsultError(_("%(committee)s暂未开通群众网上点单。") % {"committee": committee.name})
        return
    if actor is None:
        raise ConsultPermissionError(_("请先登录。"))
    if scope_for(actor).can_manage(committee):
        return
    member = _member(actor)
    if member is None:
        raise ConsultPermissionError(_("只有机关工作人员、召集人、委员小组组长或委员可以代群众点单。"))
    if is_convenor_of(member, committee):
        return
    if member_group is not None and member_group.leader_id == member.pk:
        return
    if source == CaseSource.RECEPTION and reception_duty is not None and reception_duty.member_id == member.pk:
        return
    if source == CaseSource.MEMBER and committee.pk in (member.committee_id, member.township_id):
        return
    raise ConsultPermissionError(_("您不是%(committee)s的召集人或该委员小组组长，不能代群众点单。") % {
        "committee": committee.name})


def register_case(*, actor, committee, title, description, source, resident_name="", resident_phone="",
                  member_group=None, reception_duty=None):
    """群众点单: a resident's issue enters the problem bank (待定单) with a tracking code.

    `source` "public" is the public form (actor None); staff, a convenor or a group leader register any
    source on a resident's behalf; a member records what they heard on a visit ("member") or on their own
    reception day ("reception", with the ReceptionDuty). Side effects: the case, its timeline row, the
    check obligation (CASE_CHECK, owed by the group leader or staff)."""
    if source not in CaseSource.values:
        raise ConsultError(_("未知的点单来源：%(source)s。") % {"source": source})
    if committee is None:
        raise ConsultError(_("请选择政协组织。"))
    if not accepts_cases(committee):
        raise ConsultError(_("%(committee)s不受理群众点单：群众点单由市、县区政协和乡镇（街道）联络组受理。") % {
            "committee": committee.name})
    if member_group is not None:
        reference(member_group, committee, _("委员小组"))
    if reception_duty is not None and reception_duty.studio.committee_id != committee.pk:
        raise ConsultError(_("所选的接待日值班不属于%(committee)s，不能使用。") % {"committee": committee.name})
    if source != CaseSource.RECEPTION and reception_duty is not None:
        raise ConsultError(_("只有来源为委员接待日的点单可以关联接待日值班。"))
    _check_registrar(actor, committee, source, member_group, reception_duty)
    title = text(title, _("事项"), 200)
    description = text(description, _("具体情况"), limits.LONG_TEXT)
    resident_name = text(resident_name, _("群众姓名"), 50, required=False)
    resident_phone = text(resident_phone, _("联系电话"), 20, required=False)
    user = _actor_user(actor) if source != CaseSource.PUBLIC else None
    code = new_code()
    while CommunityCase.objects.filter(code=code).exists():  # 31^10 codes: practically never
        code = new_code()
    with transaction.atomic():
        case = CommunityCase.objects.create(
            committee=committee, member_group=member_group, code=code, source=source, title=title,
            description=description, resident_name=resident_name, resident_phone=resident_phone,
            reception_duty=reception_duty, created_by=user)
        record_transition(case, actor=user, action="create", to_state=case.state, note=CaseSource(source).label)
        index_case(case)
        deadlines.check_deadline(case, actor=user)
    return case


# ---- 定单 / 分单


def _choice(value, choices, label):
    if value not in choices.values:
        raise ConsultError(_("请选择%(label)s。") % {"label": label})
    return value


def accept(*, case, actor, grade, theme, member_group=None, note=""):
    """定单要准: the case is fit for consultation; graded (A–D) and themed. With `member_group`, it is offered
    at once (分单). Side effects: the check obligation met; see `offer`."""
    _require_manager(actor, case)
    grade = _choice(grade, CaseGrade, _("分类"))
    theme = _choice(theme, CaseTheme, _("主题"))
    note = text(note, _("说明"), limits.NOTE, required=False)
    if member_group is not None:
        reference(member_group, case.committee, _("委员小组"))
    with transaction.atomic():
        case = perform(case, "accept", actor=actor, note=note, fields={"grade": grade, "theme": theme})
        deadlines.meet(case, deadlines.K.CASE_CHECK, actor=actor)
        if member_group is not None:
            case = _offer(case, actor, member_group)
    return case


def decline(*, case, actor, reason):
    """不予受理, with a reason the resident sees on the status page."""
    _require_manager(actor, case)
    reason = text(reason, _("不予受理理由"), limits.NOTE)
    with transaction.atomic():
        case = perform(case, "decline", actor=actor, note=reason, fields={"decline_reason": reason})
        deadlines.meet(case, deadlines.K.CASE_CHECK, actor=actor)
    return case


def _offer(case, actor, member_group):
    previous = case.member_group_id
    case = perform(case, "offer", actor=actor, note=member_group.name, fields={"member_group": member_group})
    if previous != member_group.pk:
        deadlines.waive(case, deadlines.K.CASE_CLAIM, actor=actor, note=_("改派委员小组"))
    if not deadlines.pending(case, deadlines.K.CASE_CLAIM).exists():
        deadlines.claim_deadline(case, actor=actor)
    return case


def offer(*, case, actor, member_group):
    """分单要准: offer the case to a community member group (again: to another group). Side effects: the
    claim obligation (CASE_CLAIM) by the grade's rule, owed by the group's leader (or staff)."""
    _require_manager(actor, case)
    if member_group is None:
        raise ConsultError(_("请选择委员小组。"))
    reference(member_group, case.committee, _("委员小组"))
    with transaction.atomic():
        return _offer(case, actor, member_group)


# ---- 委员接单


def _group_member(actor, case):
    member = _member(actor)
    if member is None:
        raise ConsultPermissionError(_("只有委员本人可以接单。"))
    if not case.member_group_id or member.member_group_id != case.member_group_id:
        raise ConsultPermissionError(_("只有%(group)s的委员可以接单。") % {
            "group": case.member_group.name if case.member_group_id else _("受派委员小组")})
    return member


def claim(*, case, actor, co_members=(), note=""):
    """委员接单: a member of the offered group claims the case as lead claimant, optionally with co-claimants
    of the same group (自发结对). Side effects: the claims, the claim obligation met, the consultation
    obligation (CASE_CONSULT) owed by the lead claimant."""
    member = _group_member(actor, case)
    note = text(note, _("说明"), limits.NOTE, required=False)
    others = []
    for m in dict.fromkeys(co_members or []):
        if m.pk == member.pk:
            continue
        if m.member_group_id != case.member_group_id or not m.active:
            raise ConsultError(_("%(member)s不是%(group)s的在任委员，不能共同接单。") % {
                "member": m.name, "group": case.member_group.name})
        others.append(m)
    with transaction.atomic():
        case = perform(case, "claim", actor=actor, note=note)
        CaseClaim.objects.create(case=case, member=member, lead=True)
        for m in others:
            CaseClaim.objects.create(case=case, member=m, lead=False)
        deadlines.meet(case, deadlines.K.CASE_CLAIM, actor=actor)
        deadlines.consult_deadline(case, member, actor=actor)
    return case


def join(*, case, actor, note=""):
    """共同接单: another member of the group joins a claimed case."""
    member = _group_member(actor, case)
    with transaction.atomic():
        case = perform(case, "join", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))
        if CaseClaim.objects.filter(case=case, member=member).exists():
            raise ConsultError(_("您已接下此单。"))
        CaseClaim.objects.create(case=case, member=member, lead=False)
    return case


# ---- 协商解单, 跟进督单, 办结, 归单


def _date(value, label):
    if not isinstance(value, dt.date):
        raise ConsultError(_("请填写%(label)s。") % {"label": label})
    if value > timezone.localdate():
        raise ConsultError(_("%(label)s不能晚于今天。") % {"label": label})
    return value


def consult(*, case, actor, held_on, place, participants, result, departments=""):
    """协商解单: record the micro-consultation (date, place, participants, departments, result). Side effects:
    the record (建言库), the consultation obligation met, the follow-up obligation (CASE_FOLLOWUP) owed by
    the lead claimant until resolved."""
    _require_worker(actor, case)
    check(case, "consult")
    held_on = _date(held_on, _("协商日期"))
    values = {
        "held_on": held_on, "place": text(place, _("协商地点"), 200),
        "participants": text(participants, _("参加人员"), limits.NOTE),
        "departments": text(departments, _("涉及部门"), limits.NOTE, required=False),
        "result": text(result, _("协商结果与建议"), limits.LONG_TEXT),
    }
    with transaction.atomic():
        case = perform(case, "consult", actor=actor, note=values["place"])
        CaseConsultation.objects.create(case=case, recorded_by=_actor_user(actor), **values)
        index_case(case)
        deadlines.meet(case, deadlines.K.CASE_CONSULT, actor=actor)
        deadlines.followup_deadline(case, actor=actor)
    return case


def follow_up(*, case, actor, on, note):
    """跟进督单: what was done since (a dated note)."""
    _require_worker(actor, case)
    check(case, "follow_up")
    on = _date(on, _("跟进日期"))
    note = text(note, _("跟进情况"), limits.NOTE)
    with transaction.atomic():
        case = perform(case, "follow_up", actor=actor, note=note)
        CaseFollowUp.objects.create(case=case, on=on, note=note, recorded_by=_actor_user(actor))
    return case


def resolve(*, case, actor, outcome, answer):
    """办结: resolved, or explained to the resident (化为争取群众理解); `answer` is published to the resident on
    the status page. Side effects: the follow-up obligation met."""
    _require_worker(actor, case)
    outcome = _choice(outcome, CaseOutcome, _("办理结果"))
    answer = text(answer, _("给群众的答复"), limits.NOTE)
    with transaction.atomic():
        case = perform(case, "resolve", actor=actor, note=answer, fields={"outcome": outcome, "answer": answer})
        index_case(case)
        deadlines.meet(case, deadlines.K.CASE_FOLLOWUP, actor=actor)
    return case


def archive(*, case, actor, summary):
    """归单要准: a manager approves the case into the case bank (案例库) with a short write-up."""
    _require_manager(actor, case)
    summary = text(summary, _("案例总结"), limits.LONG_TEXT)
    with transaction.atomic():
        case = perform(case, "archive", actor=actor, note=summary[:200],
                       fields={"summary": summary, "archived_at": timezone.now()})
        index_case(case)
    return case


# ---- an issue bigger than a community


def raise_to_topic(*, case, actor, note=""):
    """提升为协商议题: staff of the county committee turn the case into a consultation topic (选题来源：基层案例),
    linked both ways (case.topic, topic.community_cases). The case carries on."""
    from ..topics.enums import TopicSource
    from ..topics.services import propose_topic

    target = case.committee if case.committee.level != CommitteeLevel.TOWNSHIP else case.committee.parent
    if target is None or not scope_for(actor).can_manage(target):
        raise ConsultPermissionError(_("只有%(committee)s机关工作人员可以将点单提升为协商议题。") % {
            "committee": target.name if target else case.committee.name})
    check(case, "raise")
    if case.topic_id:
        raise ConsultError(_("此点单已提升为协商议题《%(title)s》。") % {"title": case.topic.title})
    note = text(note, _("说明"), limits.NOTE, required=False)
    with transaction.atomic():
        topic = propose_topic(actor=actor, title=case.title, source=TopicSource.GRASSROOTS, committee=target,
                              reason=case.description, situation=note)
        case = perform(case, "raise", actor=actor, note=_("协商议题《%(title)s》") % {"title": topic.title},
                       fields={"topic": topic})
    return case


def to_proposal(*, case, actor, note=""):
    """转为提案草稿: a claimant turns the case into an individual proposal draft in their own name (the draft is
    theirs to complete and submit: proposals.services.create_draft), linked both ways (case.proposal,
    proposal.community_cases). The case carries on."""
    from proposals.errors import ProposalError
    from proposals.services import create_draft

    member = _member(actor)
    if member is None or not case.claims.filter(member=member).exists():
        raise ConsultPermissionError(_("只有接单委员可以将点单转为本人的提案草稿。"))
    check(case, "raise")
    if case.proposal_id:
        raise ConsultError(_("此点单已转为提案草稿。"))
    note = text(note, _("说明"), limits.NOTE, required=False)
    consultation = getattr(case, "consultation", None)
    reason = _("群众点单（%(committee)s）：%(description)s") % {"committee": case.committee.name,
                                                             "description": case.description}
    suggestions = consultation.result if consultation is not None else ""
    with transaction.atomic():
        try:
            proposal = create_draft(actor=actor, title=case.title, reason=reason[: limits.LONG_TEXT],
                                    suggestions=suggestions)
        except ProposalError as exc:
            raise ConsultError(exc.message) from exc
        case = perform(case, "raise", actor=actor, note=note or _("转为提案草稿《%(title)s》") % {"title": proposal.title},
                       fields={"proposal": proposal})
    return case


def members_for_claim(case):
    """Active members of the case's group (for the co-claimant picker)."""
    if not case.member_group_id:
        return Member.objects.none()
    return Member.objects.filter(member_group_id=case.member_group_id, active=True).order_by("name", "id")


__all__ = ["CaseState", "accept", "archive", "claim", "consult", "decline", "follow_up", "join", "offer",
           "raise_to_topic", "register_case", "resolve", "to_proposal"]
