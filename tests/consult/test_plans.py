"""The annual plan against the committee's frequency requirement (data per level, changeable), and the
progress during the year."""

import pytest
from django.utils import timezone

from consult.errors import ConsultError
from consult.models import FrequencyRule
from consult.plans import services as plans
from consult.plans.frequency import standing
from tests.consult import builders as b


def _items(plan, user, n, meeting_type="special", month=None):
    for i in range(n):
        plans.add_plan_item(plan=plan, actor=user, title=f"协商{i + 1}", meeting_type=meeting_type,
                            month=month or (i % 12) + 1)


def test_a_township_plan_needs_one_consultation_every_two_weeks(org):
    plan = plans.create_plan(actor=org.staff, committee=org.township, year=2027)
    _items(plan, org.staff, 23, meeting_type="grassroots")
    result = standing(plan)
    assert not result.plan_meets
    assert result.shortfalls == ["各类协商：计划 23 次，要求至少 24 次"]
    _items(plan, org.staff, 1, meeting_type="livelihood", month=12)
    assert standing(plan).plan_meets


def test_a_county_plan_needs_four_and_shows_progress_with_the_next_planned(org):
    year = timezone.localdate().year
    plan = b.plan(org, year=year)
    for quarter in (1, 2, 3):
        plans.add_plan_item(plan=plan, actor=org.staff, title=f"第{quarter}季度专题协商", meeting_type="special",
                            quarter=quarter)
    assert standing(plan).shortfalls == ["各类协商：计划 3 次，要求至少 4 次"]
    last = plans.add_plan_item(plan=plan, actor=org.staff, title="界别协商", meeting_type="sector", quarter=4)
    result = standing(plan)
    assert result.plan_meets and not result.done
    for item in plan.items.exclude(pk=last.pk):
        b.held(org, meeting_type=item.meeting_type, plan_item=item)
    line = standing(plan).lines[0]
    assert (line.required, line.planned, line.held) == (4, 4, 3)
    assert line.progress == "已召开 3 次，要求 4 次；下一次计划于第4季度"


def test_a_city_follows_1246(org):
    plan = plans.create_plan(actor=org.city_staff, committee=org.city, year=2027)
    plans.add_plan_item(plan=plan, actor=org.city_staff, title="全体会议", meeting_type="plenary", quarter=1)
    _items(plan, org.city_staff, 2, meeting_type="face_to_face")
    _items(plan, org.city_staff, 4, meeting_type="standing")
    _items(plan, org.city_staff, 5, meeting_type="bimonthly")
    _items(plan, org.city_staff, 3, meeting_type="sector")  # the X: not counted
    result = standing(plan)
    assert [(line.label, line.required, line.planned) for line in result.lines] == [
        ("全体会议", 1, 1), ("党政领导与委员面对面协商", 2, 2), ("常委会议专题协商", 4, 4), ("双月座谈", 6, 5)]
    assert result.shortfalls == ["双月座谈：计划 5 次，要求至少 6 次"]


def test_the_requirement_is_data_a_level_default_and_a_committees_own(org):
    plan = plans.create_plan(actor=org.staff, committee=org.township, year=2027)
    _items(plan, org.staff, 12, meeting_type="grassroots")
    FrequencyRule.objects.update_or_create(level="township", committee=None, meeting_type="",
                                           defaults={"per_year": 12, "note": "每月一次"})
    assert standing(plan).plan_meets
    FrequencyRule.objects.create(level="township", committee=org.township, per_year=13)
    assert standing(plan).shortfalls == ["各类协商：计划 12 次，要求至少 13 次"]


def test_plan_input_is_checked(org):
    plan = b.plan(org, year=2027)
    with pytest.raises(ConsultError) as exc:
        plans.create_plan(actor=org.staff, committee=org.county, year=2027)
    assert exc.value.message == "南谯区政协 2027 年度的协商计划已经存在。"
    with pytest.raises(ConsultError) as exc:
        plans.add_plan_item(plan=plan, actor=org.staff, title="x", meeting_type="special", quarter=1, month=5)
    assert exc.value.message == "5月不在第1季度。"
    from tests.factories import HandlingUnitFactory

    with pytest.raises(ConsultError) as exc:
        plans.add_plan_item(plan=plan, actor=org.staff, title="x", meeting_type="special",
                            units=[HandlingUnitFactory(committee=org.other_county)])
    assert exc.value.message == "所选的参加部门不属于南谯区政协，不能使用。"
    assert not plan.items.exists()
    item = plans.add_plan_item(plan=plan, actor=org.staff, title="x", meeting_type="special", month=5)
    assert (item.quarter, str(item.when)) == (2, "5月")
