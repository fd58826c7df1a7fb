"""Writes of the annual plan: a plan per committee and year, its items (a topic comes in by 定题)."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal import limits

from ..common import reference, require_manage, text
from ..errors import ConsultError
from ..meetings.enums import MeetingType
from ..models import ConsultationPlan, PlanItem


def create_plan(*, actor, committee, year, title="", note=""):
    require_manage(actor, committee)
    if not 2000 <= int(year) <= 2100:
        raise ConsultError(_("年度须在 2000 至 2100 之间。"))
    if ConsultationPlan.objects.filter(committee=committee, year=year).exists():
        raise ConsultError(_("%(committee)s %(year)d 年度的协商计划已经存在。") % {"committee": committee.name, "year": year})
    return ConsultationPlan.objects.create(
        committee=committee, year=year, title=text(title, _("名称"), 200, required=False),
        note=text(note, _("说明"), limits.NOTE, required=False),
    )


def check_item(plan, *, meeting_type, quarter=None, month=None, lead_special_committee=None, lead_sector_group=None,
               units=()):
    """The checked values of a plan item (format, when, who leads); refuses what does not fit."""
    if meeting_type not in MeetingType.values:
        raise ConsultError(_("未知的协商形式：%(type)s。") % {"type": meeting_type})
    if quarter is not None and not 1 <= quarter <= 4:
        raise ConsultError(_("季度须为 1 至 4。"))
    if month is not None and not 1 <= month <= 12:
        raise ConsultError(_("月份须为 1 至 12。"))
    if quarter and month and (month - 1) // 3 + 1 != quarter:
        raise ConsultError(_("%(month)d月不在第%(quarter)d季度。") % {"month": month, "quarter": quarter})
    committee = plan.committee
    reference(lead_special_committee, committee, _("牵头专委会"))
    reference(lead_sector_group, committee, _("牵头界别组"))
    for unit in units:
        reference(unit, committee, _("参加部门"))
    return {"meeting_type": meeting_type, "quarter": quarter or ((month - 1) // 3 + 1 if month else None),
            "month": month, "lead_special_committee": lead_special_committee, "lead_sector_group": lead_sector_group}


def add_plan_item(*, plan, actor, title, meeting_type, quarter=None, month=None, lead_special_committee=None,
                  lead_sector_group=None, units=()):
    """An item without a topic (the plenary, a bimonthly forum …); topics come in through 定题."""
    require_manage(actor, plan.committee)
    title = text(title, _("名称"), 200)
    values = check_item(plan, meeting_type=meeting_type, quarter=quarter, month=month,
                        lead_special_committee=lead_special_committee, lead_sector_group=lead_sector_group, units=units)
    with transaction.atomic():
        item = PlanItem.objects.create(plan=plan, title=title, **values)
        item.units.set(units)
    return item


def update_plan_item(*, item, actor, title, meeting_type, quarter=None, month=None, lead_special_committee=None,
                     lead_sector_group=None, units=()):
    """Revise a plan item (its name, format, when, lead, departments) while no meeting of it has been held;
    an item that came in by 定题 keeps its topic."""
    from ..meetings.enums import MeetingState

    plan = item.plan
    require_manage(actor, plan.committee)
    if item.meetings.filter(state=MeetingState.HELD).exists():
        raise ConsultError(_("计划事项“%(title)s”已召开协商活动，不能再修改。") % {"title": item.title})
    title = text(title, _("名称"), 200)
    values = check_item(plan, meeting_type=meeting_type, quarter=quarter, month=month,
                        lead_special_committee=lead_special_committee, lead_sector_group=lead_sector_group, units=units)
    with transaction.atomic():
        for name, value in {"title": title, **values}.items():
            setattr(item, name, value)
        item.save(update_fields=["title", *values])
        item.units.set(units)
    return item
