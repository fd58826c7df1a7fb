"""Writes of 委员接待日 (DESIGN §2.3), one function per action; every refusal is a ConsultError with a clear
message raised before anything changes (a ConsultPermissionError: 403).

- studios: staff of the studio's committee create and edit them (members only from the committee's subtree);
  the rows are organisation records, audited field by field by portal.change_audit;
- the year's roster: `generate_roster` (idempotent: confirmed, done and past duties stay, the rest is
  recomputed by the pure `roster.plan_roster`; unchanged duties keep their rows and obligations);
- the member's side: unavailable dates, confirming a duty, asking another member of the studio to swap
  (they accept, staff approve: both duties change members, timeline rows on both);
- the day: a member on duty (or staff) records the visitors and each issue; every issue becomes a
  grassroots case through consult.cases when that app takes cases for the committee.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import DutyState, StudioKind
from members.models import ReceptionDuty, Studio
from members.scopes import scope_for
from portal import limits
from portal.audit import acting, record_transition
from portal.workflow import check, declare, lock, perform

from ..common import member_of, reference, require_manage, text
from ..errors import ConsultError, ConsultPermissionError
from . import deadlines
from .enums import DAY_ACTIONS, DUTY_ACTIONS, MAX_ISSUES, OPEN_DUTY, OPEN_SWAP, SWAP_ACTIONS, YEARS_AHEAD
from .models import MAX_VISITORS, DutySwap, ReceptionDay, ReceptionIssue, Unavailability
from .roster import plan_roster, reception_dates

declare(ReceptionDuty, DUTY_ACTIONS, error=ConsultError)
declare(ReceptionDay, DAY_ACTIONS, error=ConsultError)
declare(DutySwap, SWAP_ACTIONS, error=ConsultError)

K = deadlines.K
MAX_STUDIO_MEMBERS = 200
MAX_UNAVAILABLE_DAYS = 366


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _int(value, label, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConsultError(_("%(label)s须为整数。") % {"label": label}) from None
    if not low <= number <= high:
        raise ConsultError(_("%(label)s须在 %(low)d 到 %(high)d 之间。") % {"label": label, "low": low, "high": high})
    return number


def _phone(value, label):
    value = text(value, label, 20, required=False)
    if value and not all(c.isdigit() or c in "-+ " for c in value):
        raise ConsultError(_("%(label)s只能包含数字和“-”。") % {"label": label})
    return value


# ---- studios


def _studio_values(committee, data):
    out = {}
    if "name" in data:
        out["name"] = text(data["name"], _("名称"), 100)
    if "kind" in data:
        if data["kind"] not in StudioKind.values:
            raise ConsultError(_("请选择工作室类型。"))
        out["kind"] = data["kind"]
    for field, label, limit in (("address", _("地址"), 200), ("opening_hours", _("开放时间"), 100)):
        if field in data:
            out[field] = text(data[field], label, limit, required=False)
    if "phone" in data:
        out["phone"] = _phone(data["phone"], _("联系电话"))
    if "reception_day" in data:
        out["reception_day"] = _int(data["reception_day"], _("每月接待日"), 1, 28)
    if "duty_size" in data:
        out["duty_size"] = _int(data["duty_size"], _("每次值班人数"), 2, 3)
    if "active" in data:
        out["active"] = bool(data["active"])
    if "sector" in data:
        out["sector"] = reference(data["sector"], committee, _("界别"))
    return out


def _studio_members(committee, members):
    members = list(dict.fromkeys(members))
    if len(members) > MAX_STUDIO_MEMBERS:
        raise ConsultError(_("入驻委员最多 %(n)d 人。") % {"n": MAX_STUDIO_MEMBERS})
    for m in members:
        reference(m, committee, _("委员（%(name)s）") % {"name": m.name}, subtree=True)
    return members


def create_studio(*, actor, committee, members=(), **data):
    """Staff of `committee` open a studio (委员工作室 / 委员之家 / 议事厅). Side effects: the studio and its
    members (change records)."""
    require_manage(actor, committee)
    data.setdefault("kind", StudioKind.STUDIO)
    values = _studio_values(committee, {"name": "", **data})
    members = _studio_members(committee, members)
    with transaction.atomic(), acting(_user(actor)):
        studio = Studio.objects.create(committee=committee, **values)
        studio.members.set(members)
    return studio


def update_studio(*, actor, studio, members=None, **data):
    """Staff edit a studio (only the fields given; `members` replaces the list). Change records per field."""
    require_manage(actor, studio.committee)
    values = _studio_values(studio.committee, data)
    if members is not None:
        members = _studio_members(studio.committee, members)
    with transaction.atomic(), acting(_user(actor)):
        studio = Studio.objects.select_for_update().get(pk=studio.pk)
        for field, value in values.items():
            setattr(studio, field, value)
        if values:
            studio.save()
        if members is not None:
            studio.members.set(members)
    return studio


# ---- unavailable dates


def _may_act_for(actor, member):
    own = scope_for(actor).member
    if own is not None and own.pk == member.pk:
        return
    if not scope_for(actor).can_manage(member.committee):
        raise ConsultPermissionError(_("只能登记自己的不便值班日期（机关工作人员可为本级委员登记）。"))


def add_unavailability(*, actor, member, start_date, end_date, reason=""):
    """The member (or staff of their committee) records dates they cannot be on duty; the next roster
    leaves them out (duties already planned then stay until the roster is regenerated or swapped)."""
    _may_act_for(actor, member)
    today = timezone.localdate()
    if start_date is None or end_date is None:
        raise ConsultError(_("请填写开始日期和结束日期。"))
    if end_date < start_date:
        raise ConsultError(_("结束日期不能早于开始日期。"))
    if end_date < today:
        raise ConsultError(_("不能登记已经过去的日期。"))
    if (end_date - start_date).days >= MAX_UNAVAILABLE_DAYS:
        raise ConsultError(_("一次最多登记 %(n)d 天。") % {"n": MAX_UNAVAILABLE_DAYS})
    if start_date.year > today.year + YEARS_AHEAD:
        raise ConsultError(_("只能登记今明两年的日期。"))
    reason = text(reason, _("原因"), 200, required=False)
    return Unavailability.objects.create(member=member, start_date=start_date, end_date=end_date, reason=reason,
                                         created_by=_user(actor))


def remove_unavailability(*, actor, entry):
    _may_act_for(actor, entry.member)
    entry.delete()


def unavailable_dates(member_ids, dates):
    """{member id: set of the given dates they are unavailable on} (one query)."""
    dates = list(dates)
    out = {}
    if not dates:
        return out
    rows = Unavailability.objects.filter(member_id__in=member_ids, start_date__lte=max(dates),
                                         end_date__gte=min(dates)).values_list("member_id", "start_date", "end_date")
    for member_id, start, end in rows:
        out.setdefault(member_id, set()).update(d for d in dates if start <= d <= end)
    return out


def _is_unavailable(member, date):
    return Unavailability.objects.filter(member=member, start_date__lte=date, end_date__gte=date).exists()


# ---- the roster


def generate_roster(*, actor, studio, year):
    """Plan the year's reception days of `studio` (its `reception_day` of each month, as dated) with
    `duty_size` members each, rotating fairly over the studio's active members (roster.plan_roster).

    Idempotent: duties confirmed, done, absent or on a date already past stay and count; the other planned
    duties are recomputed, those that stay keep their rows and obligations. Side effects: ReceptionDay rows
    for the future dates, new duties (change records, timeline row, RECEPTION_CONFIRM and RECEPTION_DAY
    obligations), removed duties (their obligations waived). Returns {"created", "removed", "kept"}."""
    require_manage(actor, studio.committee)
    today = timezone.localdate()
    year = _int(year, _("年度"), today.year, today.year + YEARS_AHEAD)
    if not studio.active:
        raise ConsultError(_("工作室已停用，不能排班。"))
    members = list(studio.members.filter(active=True).order_by("pk"))
    if len(members) < studio.duty_size:
        raise ConsultError(_("%(studio)s入驻委员只有 %(n)d 人，少于每次值班人数 %(size)d 人，请先增加入驻委员。") % {
            "studio": studio.name, "n": len(members), "size": studio.duty_size})
    dates = [d for d in reception_dates(year, studio.reception_day) if d > today]
    if not dates:
        raise ConsultError(_("%(year)d年已没有尚未到来的接待日。") % {"year": year})
    user = _user(actor)
    with transaction.atomic(), acting(user):
        Studio.objects.select_for_update().get(pk=studio.pk)  # one generation of a studio at a time
        duties = list(ReceptionDuty.objects.select_for_update().filter(studio=studio, date__year=year))
        movable = {(d.date, d.member_id): d for d in duties if d.state == DutyState.PLANNED and d.date > today}
        kept = {}
        for d in duties:
            if (d.date, d.member_id) not in movable:
                kept.setdefault(d.date, []).append(d.member_id)
        member_ids = [m.pk for m in members]
        plan = plan_roster(dates, member_ids, studio.duty_size, unavailable=unavailable_dates(member_ids, dates),
                           kept=kept)
        wanted = {(date, m) for date, ms in plan.items() for m in ms if m not in kept.get(date, ())}
        removed = 0
        for key, duty in movable.items():
            if key not in wanted:
                deadlines.waive(duty, actor=user, note=_("排班调整"))
                duty.delete()
                removed += 1
        by_id = {m.pk: m for m in members}
        created = 0
        for date, member_id in sorted(wanted - set(movable)):
            duty = ReceptionDuty.objects.create(studio=studio, member=by_id[member_id], date=date)
            record_transition(duty, actor=user, action="create", to_state=duty.state,
                              note=_("%(year)d年接待日排班") % {"year": year})
            deadlines.confirm_deadline(duty, actor=user)
            deadlines.day_deadline(duty, actor=user)
            created += 1
        existing = set(ReceptionDay.objects.filter(studio=studio, date__in=dates).values_list("date", flat=True))
        ReceptionDay.objects.bulk_create([ReceptionDay(studio=studio, date=d) for d in dates if d not in existing])
    return {"created": created, "removed": removed, "kept": sum(len(v) for v in kept.values())}


# ---- the member's duty


def _own_duty(actor, duty):
    member = member_of(actor)
    if duty.member_id != member.pk:
        raise ConsultPermissionError(_("只能办理自己的值班。"))
    return member


def confirm_duty(*, actor, duty):
    """The member confirms their duty (before the day). Side effects: state 已确认, RECEPTION_CONFIRM met."""
    _own_duty(actor, duty)
    if duty.date < timezone.localdate():
        raise ConsultError(_("接待日已过，不能再确认。"))
    with transaction.atomic():
        duty = perform(duty, "confirm", actor=actor, fields={"confirmed_at": timezone.now()})
        deadlines.meet(duty, K.RECEPTION_CONFIRM, actor=actor)
    return duty


def _swap_checks(duty, other):
    """What makes an exchange of `duty` and `other` impossible (checked on request and again on approval)."""
    today = timezone.localdate()
    if duty.state not in OPEN_DUTY or other.state not in OPEN_DUTY:
        raise ConsultError(_("只有待确认或已确认的值班可以换班。"))
    if duty.date <= today or other.date <= today:
        raise ConsultError(_("只能调换今天以后的值班。"))
    if duty.date == other.date:
        raise ConsultError(_("两个值班在同一天，无需换班。"))
    if ReceptionDuty.objects.filter(studio_id=duty.studio_id, member_id=other.member_id, date=duty.date).exists():
        raise ConsultError(_("%(name)s在%(date)s已有值班。") % {"name": other.member.name, "date": duty.date})
    if ReceptionDuty.objects.filter(studio_id=duty.studio_id, member_id=duty.member_id, date=other.date).exists():
        raise ConsultError(_("%(name)s在%(date)s已有值班。") % {"name": duty.member.name, "date": other.date})
    if _is_unavailable(other.member, duty.date):
        raise ConsultError(_("%(name)s登记了%(date)s不便值班。") % {"name": other.member.name, "date": duty.date})
    if _is_unavailable(duty.member, other.date):
        raise ConsultError(_("%(name)s登记了%(date)s不便值班。") % {"name": duty.member.name, "date": other.date})


def request_swap(*, actor, duty, other_duty, reason=""):
    """The member asks to exchange `duty` with `other_duty` (another member's, same studio). Side effects:
    the request (待对方同意) and its timeline row."""
    member = _own_duty(actor, duty)
    if other_duty.member_id == member.pk:
        raise ConsultError(_("不能与自己换班，请选择其他委员的值班。"))
    if other_duty.studio_id != duty.studio_id:
        raise ConsultError(_("只能与同一工作室的委员换班。"))
    _swap_checks(duty, other_duty)
    reason = text(reason, _("换班理由"), 200, required=False)
    if DutySwap.objects.filter(state__in=OPEN_SWAP).filter(
            duty__in=[duty, other_duty]).exists() or DutySwap.objects.filter(
            state__in=OPEN_SWAP, other_duty__in=[duty, other_duty]).exists():
        raise ConsultError(_("这两个值班已有待处理的换班申请。"))
    with transaction.atomic():
        swap = DutySwap.objects.create(duty=duty, other_duty=other_duty, requester=member,
                                       other_member=other_duty.member, reason=reason)
        record_transition(swap, actor=actor, action="create", to_state=swap.state, note=reason)
    return swap


def accept_swap(*, actor, swap, note=""):
    """The other member agrees; the request goes to staff."""
    if member_of(actor).pk != swap.other_member_id:
        raise ConsultPermissionError(_("只有被申请换班的委员可以同意或不同意。"))
    note = text(note, _("说明"), limits.NOTE, required=False)
    return perform(swap, "accept", actor=actor, note=note)


def decline_swap(*, actor, swap, note=""):
    if member_of(actor).pk != swap.other_member_id:
        raise ConsultPermissionError(_("只有被申请换班的委员可以同意或不同意。"))
    note = text(note, _("说明"), limits.NOTE, required=False)
    return perform(swap, "decline", actor=actor, note=note, fields={"decision_note": note})


def withdraw_swap(*, actor, swap, note=""):
    if member_of(actor).pk != swap.requester_id:
        raise ConsultPermissionError(_("只有申请人可以撤回换班申请。"))
    return perform(swap, "withdraw", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))


def refuse_swap(*, actor, swap, note):
    """Staff do not approve (with a reason)."""
    require_manage(actor, swap.duty.studio.committee)
    note = text(note, _("理由"), limits.NOTE)
    return perform(swap, "refuse", actor=actor, note=note, fields={"decision_note": note})


def approve_swap(*, actor, swap, note=""):
    """Staff approve an accepted swap: the two duties exchange members (both 已确认, both members agreed).
    Side effects: the request 已换班; a "swap" timeline row and change records on both duties; their pending
    obligations waived and each new member's RECEPTION_DAY obligation opened."""
    require_manage(actor, swap.duty.studio.committee)
    note = text(note, _("说明"), limits.NOTE, required=False)
    with transaction.atomic(), acting(_user(actor)):
        duty, other = lock(swap.duty), lock(swap.other_duty)
        if duty.member_id != swap.requester_id or other.member_id != swap.other_member_id:
            raise ConsultError(_("值班已有变动，不能按原申请换班。"))
        _swap_checks(duty, other)
        swap = perform(swap, "approve", actor=actor, note=note, fields={"decision_note": note})
        first, second = duty.member, other.member
        now = timezone.now()
        for d, new in ((duty, second), (other, first)):
            deadlines.waive(d, actor=actor, note=_("已换班"))
            perform(d, "swap", actor=actor, locked=True, fields={"member": new, "confirmed_at": now},
                    note=_("%(old)s与%(new)s换班") % {"old": d.member.name, "new": new.name})
            deadlines.day_deadline(d, actor=actor)
    return swap


# ---- the day


def _issue_values(issue):
    return {
        "title": text(issue.get("title"), _("问题"), 200),
        "description": text(issue.get("description"), _("具体情况"), limits.LONG_TEXT),
        "resident_name": text(issue.get("resident_name"), _("群众姓名"), 50, required=False),
        "resident_phone": _phone(issue.get("resident_phone"), _("群众电话")),
    }


def _register_case():
    """consult.cases' register_case, or None when that app is not there (the issues stay on the day)."""
    try:
        from consult.cases.services import register_case
    except ImportError:
        return None, None
    try:
        from consult.cases.services import accepts_cases
    except ImportError:
        accepts_cases = None
    return register_case, accepts_cases


def record_day(*, actor, day, visitors, summary="", issues=(), absent=()):
    """On or after the day a member on duty (or staff of the studio's committee) records it: the number of
    visitors, a summary and each issue a resident raised. The day's open duties become 已值班 (RECEPTION_DAY
    met) except those listed in `absent` (duties, 未到岗; obligations waived). Each issue is kept as a
    ReceptionIssue and registered as a grassroots case (source "reception") when consult.cases takes cases
    for the committee. Returns the day."""
    studio = day.studio
    duties = list(ReceptionDuty.objects.filter(studio=studio, date=day.date).select_related("member"))
    own = scope_for(actor).member
    mine = next((d for d in duties if own is not None and d.member_id == own.pk), None)
    if mine is None and not scope_for(actor).can_manage(studio.committee):
        raise ConsultPermissionError(_("只有当天值班的委员或机关工作人员可以登记接待情况。"))
    check(day, "record")
    open_duties = [d for d in duties if d.state in OPEN_DUTY]
    if mine is not None and mine.state not in OPEN_DUTY:
        mine = None
    if day.date > timezone.localdate():
        raise ConsultError(_("接待日（%(date)s）还没到，不能登记接待情况。") % {"date": day.date})
    visitors = _int(visitors, _("接待群众人数"), 0, MAX_VISITORS)
    summary = text(summary, _("接待情况"), limits.NOTE, required=False)
    issues = list(issues)
    if len(issues) > MAX_ISSUES:
        raise ConsultError(_("一次最多登记 %(n)d 个问题。") % {"n": MAX_ISSUES})
    issues = [_issue_values(i) for i in issues]
    open_ids = {d.pk for d in open_duties}
    absent_ids = {getattr(d, "pk", d) for d in absent}
    if not absent_ids <= open_ids:
        raise ConsultError(_("所选的未到岗委员不在当天的值班名单中。"))
    if mine is not None and mine.pk in absent_ids:
        raise ConsultError(_("登记人本人不能记为未到岗。"))
    register_case, accepts_cases = _register_case()
    takes_cases = register_case is not None and (accepts_cases is None or accepts_cases(studio.committee))
    case_duty = mine or next((d for d in open_duties if d.pk not in absent_ids), None)
    with transaction.atomic():
        day = perform(day, "record", actor=actor, fields={
            "visitors": visitors, "summary": summary, "recorded_by": _user(actor), "recorded_at": timezone.now()})
        for duty in open_duties:
            if duty.pk in absent_ids:
                perform(duty, "miss", actor=actor)
                deadlines.waive(duty, actor=actor, note=_("未到岗"))
            else:
                perform(duty, "attend", actor=actor)
                deadlines.meet(duty, K.RECEPTION_DAY, actor=actor)
                deadlines.waive(duty, K.RECEPTION_CONFIRM, actor=actor, note=_("已到岗"))
        for values in issues:
            issue = ReceptionIssue(day=day, duty=case_duty, **values)
            if takes_cases:
                case = register_case(actor=actor, committee=studio.committee, source="reception",
                                     reception_duty=case_duty, **values)
                issue.case_id = case.pk
            issue.save()
    return day


def day_for(studio, date):
    """The ReceptionDay of a studio on a date (made when a duty exists then but the day row does not)."""
    day, _created = ReceptionDay.objects.get_or_create(studio=studio, date=date)
    return day

