"""Writes of 社情民意信息 (opinion reports) and their bulletins, one keyword-only function per action.

Every state change goes through portal.workflow.perform (REPORT_ACTIONS, BULLETIN_ACTIONS, FORWARD_ACTIONS)
with its timeline row; acts that keep the state (an edit, a sending up, an instruction) are actions that keep
it, so they are allowed only in their states and logged alike. A refusal is a ConsultError with a Chinese
message and changes nothing; acting on someone else's report is a ConsultPermissionError (403).

- the member (or information officer): create (draft or submitted), revise a draft or a returned report,
  submit it;
- staff of the report's committee: edit (the original text stays), return with a reason, merge others into
  one (the merged ones point to it), adopt (recording adoption at the committee's own level) or not with a
  reason; bulletins: create an issue (numbered per committee, kind and year under a lock on the committee
  row), compile adopted reports into it, publish it; send up (报送), record adoption at a level, record a
  leader's instruction (批示), forward an instructed report to departments (each owes a reply: an
  OPINION_REPLY obligation, 1 month by default);
- the department: reply (meets its obligation).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from members.enums import CommitteeLevel
from members.models import Committee
from members.scopes import scope_for
from portal import limits
from portal.audit import record_transition
from portal.workflow import lock
from supervision import services as obligations
from supervision.calendar import Months
from supervision.enums import ObligationKind, OwnerKind
from supervision.messages import Message

from ..common import member_of, perform, reference, require_manage, require_state, text
from ..errors import ConsultError, ConsultPermissionError
from ..models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from .enums import (
    FORWARD_REPLY_MONTHS,
    MAX_REPLY_MONTHS,
    BulletinKind,
    BulletinState,
    Level,
    SendTarget,
)

K = ObligationKind
MAX_MERGE = 20
MAX_COMPILE = 50
MAX_UNITS = 20
LEVEL_OF_COMMITTEE = {CommitteeLevel.COUNTY: Level.COUNTY, CommitteeLevel.CITY: Level.CITY,
                      CommitteeLevel.PROVINCE: Level.PROVINCE}


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _own(report, actor):
    """The report's submitter only (403 for anyone else, staff included: they edit through `edit`)."""
    member = member_of(actor)
    if report.submitter_id != member.pk:
        raise ConsultPermissionError(_("只能修改自己报送的社情民意信息。"))
    return member


def _date(value, label, *, not_before=None):
    if not isinstance(value, dt.date):
        raise ConsultError(_("请填写%(label)s。") % {"label": label})
    if value > timezone.localdate():
        raise ConsultError(_("%(label)s不能晚于今天。") % {"label": label})
    if not_before is not None and value < not_before:
        raise ConsultError(_("%(label)s不能早于%(date)s。") % {"label": label, "date": not_before.isoformat()})
    return value


def _tell(report, key, *, note=""):
    """An in-app notification to everyone credited (after commit), in their language, linking the report."""
    from django.urls import reverse

    from proposals.notify import notify

    submitters = [report.submitter, *(r.submitter for r in report.merged_reports.select_related("submitter__user"))]
    users = [m.user for m in submitters if m.user_id]
    body = Message(gettext_noop("理由：%(note)s"), note=note) if note else ""
    notify(users, title=Message(key, title=report.title), body=body,
           url=reverse("consult:my_report", args=[report.pk]))


def _decided_on(report):
    return timezone.localtime(report.decided_at).date() if report.decided_at else None


# ---------------------------------------------------------------- the member's side


def create_report(*, actor, title, content, submit=False):
    """A member (or information officer) writes a report for their committee: kept as a draft, or submitted
    at once. Side effects: the report and its timeline rows."""
    member = member_of(actor)
    title = text(title, _("标题"), 200)
    content = text(content, _("正文"), limits.LONG_TEXT)
    with transaction.atomic():
        report = OpinionReport.objects.create(committee=member.committee, submitter=member, title=title, content=content)
        record_transition(report, actor=actor, action="create", to_state=report.state)
        if submit:
            report = perform(report, "submit", actor=actor, fields={"submitted_at": timezone.now()})
    return report


def create_on_behalf(*, actor, committee, submitter, title, content, note=""):
    """Staff of `committee` write a report in the name of `submitter` (an active member of that committee),
    submitted at once so it reaches the committee's 社情民意 queue (转为社情民意信息 from a consultation
    outcome). The "create" and "submit" timeline rows name the staff member; `note` says on whose behalf and why."""
    require_manage(actor, committee)
    if submitter is None:
        raise ConsultError(_("请选择报送人（本政协的委员）。"))
    reference(submitter, committee, _("报送人"))
    title = text(title, _("标题"), 200)
    content = text(content, _("正文"), limits.LONG_TEXT)
    note = text(note, _("说明"), limits.NOTE, required=False)
    with transaction.atomic():
        report = OpinionReport.objects.create(committee=committee, submitter=submitter, title=title, content=content)
        record_transition(report, actor=actor, action="create", to_state=report.state, note=note)
        report = perform(report, "submit", actor=actor, note=note, fields={"submitted_at": timezone.now()})
    return report


def revise(*, report, actor, title, content, submit=False):
    """The submitter changes a draft or a returned report (and may submit it again)."""
    _own(report, actor)
    title = text(title, _("标题"), 200)
    content = text(content, _("正文"), limits.LONG_TEXT)
    with transaction.atomic():
        report = perform(report, "revise", actor=actor, fields={"title": title, "content": content})
        if submit:
            report = perform(report, "submit", actor=actor, fields={"submitted_at": timezone.now()}, locked=True)
    return report


def submit(*, report, actor):
    """The submitter sends a draft or a returned report to the committee's staff."""
    _own(report, actor)
    return perform(report, "submit", actor=actor, fields={"submitted_at": timezone.now()})


# ---------------------------------------------------------------- staff: editing and deciding


def edit(*, report, actor, title, content, note=""):
    """编辑加工: staff keep the submitter's text and store their edited version beside it."""
    require_manage(actor, report.committee)
    title = text(title, _("编辑后标题"), 200)
    content = text(content, _("编辑后正文"), limits.LONG_TEXT)
    note = text(note, _("说明"), limits.NOTE, required=False)
    return perform(report, "edit", actor=actor, note=note,
                   fields={"edited_title": title, "edited_content": content, "edited_by": _actor(actor)})


def return_report(*, report, actor, note):
    """退回修改 with a reason the submitter sees."""
    require_manage(actor, report.committee)
    note = text(note, _("退回理由"), limits.NOTE)
    with transaction.atomic():
        report = perform(report, "return", actor=actor, note=note, fields={"decision_note": note})
        _tell(report, gettext_noop("您报送的社情民意信息《%(title)s》已退回修改"), note=note)
    return report


def adopt(*, report, actor, note=""):
    """采用: the report is adopted at its committee's level (a LevelAdoption row for a county, city or
    province committee); it may then be compiled into a bulletin and sent up."""
    require_manage(actor, report.committee)
    note = text(note, _("说明"), limits.NOTE, required=False)
    now = timezone.now()
    with transaction.atomic():
        report = perform(report, "adopt", actor=actor, note=note, fields={"decision_note": note, "decided_at": now})
        level = LEVEL_OF_COMMITTEE.get(report.committee.level)
        if level is not None:
            LevelAdoption.objects.create(report=report, level=level, adopted_on=timezone.localdate(now),
                                         adopted_by=report.committee.name, created_by=_actor(actor))
        _tell(report, gettext_noop("您报送的社情民意信息《%(title)s》已被采用"))
    return report


def reject(*, report, actor, note):
    """不予采用 with a reason the submitter sees."""
    require_manage(actor, report.committee)
    note = text(note, _("不予采用理由"), limits.NOTE)
    with transaction.atomic():
        report = perform(report, "reject", actor=actor, note=note,
                         fields={"decision_note": note, "decided_at": timezone.now()})
        _tell(report, gettext_noop("您报送的社情民意信息《%(title)s》未被采用"), note=note)
    return report


def merge(*, report, actor, others, note=""):
    """合并: `others` (submitted reports of the same committee) are merged into `report`; each points to it
    and its submitter is credited with whatever becomes of `report`."""
    require_manage(actor, report.committee)
    others = list(dict.fromkeys(others or []))
    if not others:
        raise ConsultError(_("请选择要合并的社情民意信息。"))
    if len(others) > MAX_MERGE:
        raise ConsultError(_("一次最多合并 %(n)d 条信息。") % {"n": MAX_MERGE})
    for other in others:
        if other.pk == report.pk:
            raise ConsultError(_("不能把信息合并到它自己。"))
        if other.committee_id != report.committee_id:
            raise ConsultError(_("只能合并本政协组织收到的信息：《%(title)s》不是。") % {"title": other.shown_title})
    note = text(note, _("说明"), limits.NOTE, required=False)
    names = _("、").join(f"《{o.shown_title}》" for o in others)
    now = timezone.now()
    with transaction.atomic():
        report = perform(report, "absorb", actor=actor, note=_("合并了%(titles)s") % {"titles": names})
        for other in others:
            perform(other, "merge", actor=actor, note=note or _("合并至《%(title)s》") % {"title": report.shown_title},
                    fields={"merged_into": report, "decided_at": now})
            # what was merged into `other` before now counts for `report` too (no chains to follow)
            OpinionReport.objects.filter(merged_into=other).update(merged_into=report)
    return report


# ---------------------------------------------------------------- bulletins


def _next_number(committee, kind, year):
    return (Bulletin.objects.filter(committee=committee, kind=kind, year=year).aggregate(n=Max("number"))["n"] or 0) + 1


def create_bulletin(*, actor, committee, kind, title="", year=None):
    """A new issue of the committee's 专报 or 期刊, numbered next in the committee, kind and year (the numbers
    restart each year). The committee row is locked while the number is taken, so two issues created at once
    get consecutive numbers; the unique constraint is the last guard."""
    require_manage(actor, committee)
    if kind not in BulletinKind.values:
        raise ConsultError(_("未知的刊物：%(kind)s。") % {"kind": kind})
    today = timezone.localdate()
    year = year or today.year
    if not isinstance(year, int) or not (today.year - 1 <= year <= today.year):
        raise ConsultError(_("年度只能是今年或去年。"))
    title = text(title, _("标题"), 200, required=False)
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        bulletin = Bulletin.objects.create(committee=committee, kind=kind, year=year,
                                           number=_next_number(committee, kind, year), title=title,
                                           created_by=_actor(actor))
        record_transition(bulletin, actor=actor, action="create", to_state=bulletin.state)
    return bulletin


def compile_reports(*, bulletin, actor, reports):
    """编入: adopted reports of the bulletin's committee, not yet in an issue, go into this draft issue."""
    require_manage(actor, bulletin.committee)
    require_state(bulletin, {BulletinState.DRAFT}, _("编入信息"))
    reports = list(dict.fromkeys(reports or []))
    if not reports:
        raise ConsultError(_("请选择要编入的社情民意信息。"))
    if len(reports) > MAX_COMPILE:
        raise ConsultError(_("一期最多编入 %(n)d 条信息。") % {"n": MAX_COMPILE})
    label = str(bulletin)
    with transaction.atomic():
        Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        for report in reports:
            if report.committee_id != bulletin.committee_id:
                raise ConsultError(_("《%(title)s》不是本政协组织采用的信息。") % {"title": report.shown_title})
            current = lock(report)
            if current.bulletin_id is not None:
                raise ConsultError(_("《%(title)s》已编入其他刊物。") % {"title": current.shown_title})
            perform(current, "compile", actor=actor, note=label, fields={"bulletin": bulletin}, locked=True)
    return bulletin


def publish(*, bulletin, actor):
    """印发: an issue with at least one report; it is then visible to the committee's members."""
    require_manage(actor, bulletin.committee)
    if not bulletin.reports.exists():
        raise ConsultError(_("本期尚未编入任何信息，不能印发。"))
    return perform(bulletin, "publish", actor=actor, fields={"published_at": timezone.now()})


# ---------------------------------------------------------------- after adoption


def send_up(*, report, actor, target, sent_on, recipient=""):
    """报送 to the higher committee or to the party committee / government, on a date."""
    require_manage(actor, report.committee)
    if target not in SendTarget.values:
        raise ConsultError(_("未知的报送对象：%(target)s。") % {"target": target})
    recipient = text(recipient, _("接收单位"), 100, required=False)
    sent_on = _date(sent_on, _("报送日期"), not_before=_decided_on(report))
    label = SendTarget(target).label
    with transaction.atomic():
        report = perform(report, "send_up", actor=actor, note=f"{label} {recipient}".strip())
        ReportSending.objects.create(report=report, target=target, recipient=recipient, sent_on=sent_on,
                                     created_by=_actor(actor))
    return report


def record_level(*, report, actor, level, adopted_on, adopted_by):
    """Adoption at a level it reached (区县/市/省/全国): one row per level, with the date and the adopter."""
    require_manage(actor, report.committee)
    if level not in Level.values:
        raise ConsultError(_("未知的采用层级：%(level)s。") % {"level": level})
    adopted_by = text(adopted_by, _("采用单位"), 100)
    adopted_on = _date(adopted_on, _("采用日期"), not_before=_decided_on(report))
    label = Level(level).label
    with transaction.atomic():
        report = perform(report, "level_adopt", actor=actor, note=_("%(level)s级采用：%(by)s") % {
            "level": label, "by": adopted_by})
        if report.level_adoptions.filter(level=level).exists():
            raise ConsultError(_("已记录过%(level)s级采用。") % {"level": label})
        LevelAdoption.objects.create(report=report, level=level, adopted_on=adopted_on, adopted_by=adopted_by,
                                     created_by=_actor(actor))
    return report


def instruct(*, report, actor, leader, instructed_on, text_body, departments=""):
    """批示: the leader, the date, the text, the departments named (as the leader wrote them)."""
    require_manage(actor, report.committee)
    leader = text(leader, _("批示领导"), 100)
    body = text(text_body, _("批示内容"), limits.NOTE)
    departments = text(departments, _("批示涉及部门"), 300, required=False)
    instructed_on = _date(instructed_on, _("批示日期"), not_before=_decided_on(report))
    with transaction.atomic():
        report = perform(report, "instruct", actor=actor, note=_("%(leader)s批示：%(text)s") % {
            "leader": leader, "text": body})
        instruction = ReportInstruction.objects.create(report=report, leader=leader, instructed_on=instructed_on,
                                                       text=body, departments=departments, created_by=_actor(actor))
    return instruction


def forward(*, report, actor, units, reply_months=FORWARD_REPLY_MONTHS):
    """转交: an instructed report goes to departments of its committee; each owes a reply within
    `reply_months` months (an OPINION_REPLY obligation, reminded by the sweep)."""
    require_manage(actor, report.committee)
    if not report.instructions.exists():
        raise ConsultError(_("记录领导批示后才能转交部门办理。"))
    units = list(dict.fromkeys(units or []))
    if not units:
        raise ConsultError(_("请选择办理部门。"))
    if len(units) > MAX_UNITS:
        raise ConsultError(_("一次最多转交 %(n)d 个部门。") % {"n": MAX_UNITS})
    for unit in units:
        reference(unit, report.committee, _("办理部门"))
    if not isinstance(reply_months, int) or not 1 <= reply_months <= MAX_REPLY_MONTHS:
        raise ConsultError(_("办理时限须为 1 至 %(n)d 个月。") % {"n": MAX_REPLY_MONTHS})
    already = set(report.forwards.filter(unit__in=units).values_list("unit__name", flat=True))
    if already:
        raise ConsultError(_("已经转交过以下部门：%(units)s。") % {"units": _("、").join(sorted(already))})
    now = timezone.now()
    made = []
    with transaction.atomic():
        report = perform(report, "forward", actor=actor, note=_("、").join(u.name for u in units))
        for unit in units:
            fwd = ReportForward.objects.create(report=report, unit=unit, sent_at=now)
            obligations.create_obligation(
                subject=fwd, committee=report.committee, kind=K.OPINION_REPLY,
                title=Message(gettext_noop("办理领导批示的社情民意信息《%(title)s》"), title=report.shown_title),
                owner_kind=OwnerKind.UNIT, owner_unit=unit, due_date=Months(reply_months),
                start_date=timezone.localdate(now), actor=actor)
            made.append(fwd)
    return made


def reply(*, forward, actor, text_body):
    """The department reports what it did; its reply obligation is met."""
    if forward.unit_id not in scope_for(actor).unit_ids:
        raise ConsultPermissionError(_("只有%(unit)s可以答复。") % {"unit": forward.unit.name})
    body = text(text_body, _("办理情况"), limits.LONG_TEXT)
    with transaction.atomic():
        forward = perform(forward, "reply", actor=actor, fields={
            "reply": body, "replied_at": timezone.now(), "replied_by": _actor(actor)})
        obligations.meet_obligation(subject=forward, kind=K.OPINION_REPLY, actor=actor)
    return forward
