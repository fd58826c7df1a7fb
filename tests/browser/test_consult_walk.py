"""The whole consultation walk in the browser (issue 9, "Done when"): a member recommends a topic (委员荐题);
staff complete its 预可研, move it through 商题 and approve it into the annual plan (定题), record research,
organise a 请你来协商 meeting, invite the member and send the notice; the member signs in by opening the QR
link on a 360 px phone during the meeting's window; staff mark the meeting held, record an outcome with two
recommendations, send it to two departments and record a leader's instruction naming both (the 3-month
closed loop); one department replies in time from its unit pages; three months on the sweep runs as beat
would and the other department is overdue and reminded — on its home page and its notifications page.

Time: the walk happens on Monday 2027-03-01 (time_machine, ticking). time_machine patches the clock of the
whole process, so the live server's thread reads the same travelled time as this test; `shift`/`move_to`
move both. Sessions idle out after 30 minutes, so each role logs in again after time moves."""

import datetime as dt
import re
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import segno
import time_machine

from consult.meetings import checkin
from consult.meetings.enums import AttendanceStatus
from consult.models import Attendance, Meeting, Topic
from supervision.enums import ObligationKind, ObligationState
from supervision.models import Notification, Obligation
from supervision.services import run_sweep
from tests.browser.test_phone import fits, phone  # noqa: F401 - `phone` is the fixture (360 × 740, touch)
from tests.factories import PASSWORD

TZ = ZoneInfo("Asia/Shanghai")
TOPIC = "关于推进城区老旧小区加装电梯的建议"
MEETING = "请你来协商：老旧小区加装电梯"
OUTCOME = "关于加快老旧小区加装电梯的建议案"


def _submit(button):
    """Click a submit button and wait for the page it leads to (every action redirects with a message)."""
    with button.page.expect_navigation():
        button.click()


def _message(page):
    return page.locator("ul.messages").inner_text()


def _open(page, summary):
    """Open a <details> section by its summary (the forms inside are hidden until then)."""
    page.locator("summary", has_text=summary).click()


def _qr_modules(svg):
    """The dark modules of a QR code drawn by segno as one SVG path ("M4 4.5h7m1 0h1…", in module units),
    as (column, row) from the top-left module: scale and quiet zone do not matter."""
    d = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    left, top = min(c for c, _r in dark), min(r for _c, r in dark)
    return {(c - left, r - top) for c, r in dark}


def _topic_state(page):
    return page.get_by_test_id("topic-state").inner_text()


def test_consultation_walk_from_recommendation_to_an_overdue_reminder(org, login, page, phone):  # noqa: F811
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=TZ), tick=True) as clock:
        _walk(org, login, page, phone, clock)


def _walk(org, login, page, phone, clock):  # noqa: F811
    # 1. 委员荐题: the member recommends a topic from their home page (two of the five elements known)
    login(org.member_user.username)
    page.get_by_test_id("consult-topics").get_by_test_id("recommend-link").click()
    page.fill("#id_title", TOPIC)
    page.fill("#id_situation", "城区 2000 年前建成的小区 126 个，已加装电梯仅 18 部。")
    page.fill("#id_problems", "业主意见难统一，审批环节多，资金分担机制不明。")
    _submit(page.get_by_role("button", name="提交推荐"))
    assert "议题已推荐" in _message(page)
    assert "已征集" in page.get_by_test_id("topic-row").filter(has_text=TOPIC).inner_text()

    # 2. staff open it from the topic list, complete 预可研 (the five elements), 商题, then 定题 into the plan
    login(org.staff.username)
    page.get_by_test_id("consult-links").get_by_role("link", name="协商议题").click()
    row = page.get_by_test_id("topic-row").filter(has_text=TOPIC)
    assert "委员荐题" in row.inner_text() and "已征集" in row.inner_text()
    row.get_by_role("link", name=TOPIC).click()
    assert "张委员" in page.get_by_test_id("topic-summary").inner_text()
    _submit(page.get_by_test_id("action-start_prestudy"))
    assert "已执行：开展预可研。" in _message(page)
    assert _topic_state(page) == "预可研"

    # 商题 is refused while elements are missing, and nothing changes
    _submit(page.get_by_test_id("action-discuss"))
    assert "预可研" in _message(page) and _topic_state(page) == "预可研"

    _open(page, "修改预可研内容")
    form = page.get_by_test_id("prestudy-form")
    form.locator("#id_reason").fill("老旧小区居民老龄化严重，上下楼难，群众反映强烈。")
    form.locator("#id_policy_basis").fill("国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见。")
    form.locator("#id_directions").fill("简化审批，建立政府补助与业主分担相结合的资金机制。")
    _submit(form.get_by_role("button", name="保存"))
    assert "预可研内容已保存。" in _message(page)
    prestudy = page.get_by_test_id("prestudy").inner_text()
    assert "（未填写）" not in prestudy and "资金分担机制不明" in prestudy
    _submit(page.get_by_test_id("action-discuss"))
    assert "已执行：提交商题。" in _message(page)
    assert _topic_state(page) == "商题中"

    # no plan for 2027 yet: the approve form says so and links to the plans page, where staff make one
    topic_url = page.url
    approve = page.get_by_test_id("approve-form")
    assert "尚未建立年度协商计划。" in approve.inner_text()
    approve.get_by_role("link", name="建立年度计划").click()
    plan_form = page.get_by_test_id("plan-form")
    plan_form.locator("select[name=committee]").select_option(label=org.county.name)
    assert plan_form.locator("input[name=year]").input_value() == "2027"
    plan_form.locator("input[name=title]").fill("2027年度政治协商计划")
    _submit(plan_form.get_by_role("button", name="建立"))
    assert "年度协商计划已建立。" in _message(page)

    page.goto(topic_url)
    approve = page.get_by_test_id("approve-form")
    approve.locator("select[name=plan]").select_option(label="2027年度政治协商计划")
    approve.locator("select[name=meeting_type]").select_option(label="请你来协商")
    approve.locator("input[name=quarter]").fill("1")
    approve.locator("select[name=units]").select_option(label=[org.unit.name, org.other_unit.name])
    _submit(approve.get_by_test_id("action-approve"))
    assert "已执行：定题并列入年度计划。" in _message(page)
    assert _topic_state(page) == "已定题"
    page.get_by_test_id("topic-summary").get_by_role("link", name="年度计划").click()
    item = page.get_by_test_id("plan-item").filter(has_text=TOPIC)
    assert "请你来协商" in item.inner_text() and org.other_unit.name in item.inner_text()
    page.get_by_role("link", name=TOPIC).click()

    # 3. research (调研): before it, the meeting page would warn 不调研不协商
    _open(page, "记录调研视察")
    research = page.get_by_test_id("research-form")
    research.locator("select[name=kind]").select_option(label="调研")
    research.locator("input[name=start_date]").fill("2027-02-22")
    research.locator("input[name=end_date]").fill("2027-02-24")
    research.locator("input[name=places]").fill("乌衣镇、珠龙镇")
    research.locator("select[name=participants]").select_option(label=[org.member.name, org.other_member.name])
    research.locator("textarea[name=report]").fill("调研发现审批环节多、资金分担难，群众意愿强烈。")
    _submit(research.get_by_role("button", name="保存"))
    assert "调研视察记录已保存。" in _message(page)
    assert _topic_state(page) == "调研中"
    assert "2027-02-22—2027-02-24 · 乌衣镇、珠龙镇" in page.get_by_test_id("research").inner_text()

    # 4. a 请你来协商 meeting on the topic at 10:00, the member invited, the notice sent
    page.get_by_test_id("topic-meetings").get_by_role("link", name="安排协商活动").click()
    meeting_form = page.get_by_test_id("meeting-form")
    assert meeting_form.locator("select[name=topic] option:checked").inner_text() == TOPIC
    meeting_form.locator("input[name=title]").fill(MEETING)
    meeting_form.locator("select[name=meeting_type]").select_option(label="请你来协商")
    meeting_form.locator("select[name=mode]").select_option(label="会场")
    meeting_form.locator("input[name=starts_at]").fill("2027-03-01T10:00")
    meeting_form.locator("input[name=ends_at]").fill("2027-03-01T12:00")
    meeting_form.locator("input[name=venue]").fill("区政协三楼会议室")
    _submit(meeting_form.get_by_role("button", name="保存"))
    assert "协商活动已建立。" in _message(page)
    assert page.get_by_test_id("research-missing").count() == 0
    _open(page, "邀请委员")
    invite = page.get_by_test_id("invite-form")
    invite.locator("select[name=members]").select_option(label=org.member.name)
    invite.locator("select[name=compulsory]").select_option(label="必须参加")
    _submit(invite.get_by_role("button", name="邀请"))
    assert "已邀请 1 位委员。" in _message(page)
    _submit(page.get_by_test_id("action-notify"))
    assert "已执行：发出通知。" in _message(page)
    assert page.get_by_test_id("meeting-state").inner_text() == "已通知"
    with page.expect_download() as notice:
        page.get_by_test_id("meeting-documents").get_by_role("link", name="下载会议通知（DOCX）").click()
    assert notice.value.suggested_filename.endswith(".docx")
    page.wait_for_load_state("load")
    assert page.get_by_test_id("meeting-qr").locator("img").evaluate("img => img.complete && img.naturalWidth") > 0
    meeting_url = page.url

    # the member's phone opens the QR code's link at 09:0x (the window opens an hour before the start).
    # No QR decoder is installed: the link is built with the code's token, and the code staff show is checked
    # to be exactly that link's (its modules against segno's for the link, made as the view makes it).
    meeting = Meeting.objects.get(title=MEETING)
    link = f"/consult/signin/{meeting.pk}/{checkin.make_token(meeting)}/"
    shown = page.request.get(page.get_by_test_id("meeting-qr").locator("img").get_attribute("src")).text()
    expected = segno.make(page.url.split("/consult/")[0] + link, error="m")
    assert _qr_modules(shown) == {(c, r) for r, row in enumerate(expected.matrix) for c, v in enumerate(row) if v}
    phone.goto(link)
    phone.wait_for_url("**/accounts/login/**")
    fits(phone)
    phone.fill("input[name=username]", org.member_user.username)
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").tap()
    assert urlparse(phone.url).path == link
    result = phone.get_by_test_id("checkin").inner_text()
    assert "签到成功" in result and MEETING in result and org.member.name in result
    fits(phone)
    row = Attendance.objects.get(meeting=meeting)
    assert (row.member, row.status) == (org.member, AttendanceStatus.PRESENT)
    page.goto(meeting_url)
    assert "出席" in page.get_by_test_id("invitation-row").filter(has_text=org.member.name).inner_text()

    # 5. at 10:30 the meeting is under way: staff mark it held, record the outcome, send it, record the 批示
    clock.move_to(dt.datetime(2027, 3, 1, 10, 30, tzinfo=TZ))
    login(org.staff.username)
    page.goto(meeting_url)
    _submit(page.get_by_test_id("action-hold"))
    assert "已执行：标记为已召开。" in _message(page)
    assert page.get_by_test_id("meeting-state").inner_text() == "已召开"
    page.get_by_test_id("outcome-create").click()
    outcome_form = page.get_by_test_id("outcome-form")
    outcome_form.locator("select[name=kind]").select_option(label="建议案")
    outcome_form.locator("input[name=title]").fill(OUTCOME)
    outcome_form.locator("textarea[name=text_body]").fill("经协商，提出如下建议。")
    outcome_form.locator("textarea[name=recommendations]").fill("简化加装电梯审批流程。\n设立加装电梯专项补助资金。")
    _submit(outcome_form.get_by_role("button", name="保存"))
    assert "协商成果已记录。" in _message(page)
    outcome_url = page.url

    _open(page, "报送承办单位")
    send = page.get_by_test_id("send-form")
    send.locator("select[name=units]").select_option(label=[org.unit.name, org.other_unit.name])
    _submit(send.get_by_role("button", name="报送"))
    assert "协商成果已报送。" in _message(page)
    _open(page, "记录领导批示")
    instruct = page.get_by_test_id("instruction-form")
    assert instruct.locator("input[name=instructed_on]").input_value() == "2027-03-01"
    instruct.locator("input[name=leader]").fill("区委书记 王某")
    instruct.locator("textarea[name=text_body]").fill("请教育局、卫健委抓好落实，三个月内报送办理结果。")
    instruct.locator("select[name=units]").select_option(label=[org.unit.name, org.other_unit.name])
    _submit(instruct.get_by_role("button", name="保存"))
    assert "领导批示已记录。" in _message(page)
    named = page.get_by_test_id("instructions").inner_text().split("批示涉及单位：")[1]
    assert org.unit.name in named and org.other_unit.name in named
    loop = Obligation.objects.get(kind=ObligationKind.OUTCOME_REPLY, owner_unit=org.other_unit,
                                  state=ObligationState.OPEN)
    due = loop.due_date
    assert (loop.start_date, due.replace(day=1)) == (dt.date(2027, 3, 1), dt.date(2027, 6, 1))  # the 3-month loop
    for unit in (org.unit, org.other_unit):
        sending = page.get_by_test_id("sending-row").filter(has_text=unit.name).inner_text()
        assert due.isoformat() in sending and "已逾期" not in sending
    topic = Topic.objects.get(title=TOPIC)
    assert topic.get_state_display() == "成果已报送"

    # 6. 教育局 replies in time from its unit pages, adoption per recommendation
    login(org.unit_user.username)
    page.get_by_test_id("consult-links").get_by_role("link", name="协商成果办理").click()
    page.get_by_test_id("sending-row").get_by_role("link", name=OUTCOME).click()
    assert "区委书记 王某" in page.get_by_test_id("instruction").inner_text()
    reply = page.get_by_test_id("reply-form")
    first, second = reply.locator("fieldset").all()
    first.locator("select").select_option(label="采纳")
    second.locator("select").select_option(label="部分采纳")
    second.locator("textarea").fill("今年先在城区试点补助，明年全区推开。")
    reply.locator("textarea[name=measures]").fill("已出台加装电梯审批实施办法。")
    _submit(page.get_by_test_id("reply-submit"))
    assert "答复已提交。" in _message(page)
    assert "部分采纳：今年先在城区试点补助，明年全区推开。" in page.get_by_test_id("reply").inner_text()

    # 7. two days after 卫健委's due date the sweep runs as beat would: overdue, and its liaison is reminded
    clock.move_to(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(9, 0), tzinfo=TZ))
    run_sweep()
    loop.refresh_from_db()
    assert loop.state == ObligationState.OVERDUE
    assert Notification.objects.filter(user=org.other_unit_user, reminder__obligation=loop).exists()
    assert not Notification.objects.filter(user=org.unit_user, reminder__isnull=False).exists()  # replied in time

    login(org.other_unit_user.username)
    title = f"督办提醒：领导批示闭环办理协商成果《{OUTCOME}》"
    assert title in page.get_by_test_id("notifications").inner_text()
    assert "其中 1 件已逾期" in page.get_by_test_id("attention").inner_text()
    page.get_by_test_id("notifications").get_by_role("link", name="全部").click()
    notice_text = page.get_by_test_id("notification-list").inner_text()
    assert title in notice_text and f"已于 {due.isoformat()} 到期，已逾期 2 天" in notice_text
    page.goto("/")
    page.get_by_test_id("consult-links").get_by_role("link", name="协商成果办理").click()
    row = page.get_by_test_id("sending-row").filter(has_text=OUTCOME)
    assert "已逾期" in row.inner_text() and due.isoformat() in row.inner_text()

    # staff see it on the outcome: 卫健委 overdue, 教育局 replied
    login(org.staff.username)
    page.goto(outcome_url)
    assert "已逾期" in page.get_by_test_id("sending-row").filter(has_text=org.other_unit.name).inner_text()
    replied = page.get_by_test_id("sending-row").filter(has_text=org.unit.name).inner_text()
    assert "已答复" in replied and "已逾期" not in replied
