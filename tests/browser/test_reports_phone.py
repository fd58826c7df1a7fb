"""社情民意 on a phone (360 × 740, touch): a member writes a report and submits it; staff return it with a
reason from the office PC; the member sees the reason on the phone, revises and submits again; staff adopt it;
the department replies to a forwarded report from its phone. Every page fits the screen."""

import pytest

from consult.models import OpinionReport
from consult.reports.enums import ReportState
from tests.browser.conftest import TIMEOUT_MS
from tests.consult.reports import builders as rb
from tests.factories import PASSWORD

WIDTH, HEIGHT = 360, 740


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    violations = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url}: the page is {width}px wide on a {WIDTH}px screen"


def _login(tab, username):
    tab.goto("/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    with tab.expect_navigation():
        tab.locator("main form button[type=submit]").tap()


def test_a_report_from_the_phone_is_returned_revised_and_adopted(org, phone, page, login):
    _login(phone, org.member_user.username)
    phone.goto("/consult/me/reports/")
    _fits(phone)
    phone.get_by_test_id("new-report").tap()
    phone.wait_for_url("**/consult/me/reports/new/")
    _fits(phone)
    phone.fill("#id_title", "关于学校门口增设护学岗的建议")
    phone.fill("#id_content", "上下学时段车辆多，学生过马路危险。")
    with phone.expect_navigation():
        phone.get_by_role("button", name="报送", exact=True).tap()
    assert phone.get_by_test_id("state").inner_text() == "已报送待审"
    _fits(phone)
    report = OpinionReport.objects.get(title="关于学校门口增设护学岗的建议")

    # staff return it with a reason from the office PC
    login(org.staff.username)
    page.goto(f"/consult/reports/{report.pk}/")
    page.get_by_text("退回修改", exact=True).first.click()
    page.fill("#return-note", "请补充涉及的学校名称。")
    with page.expect_navigation():
        page.get_by_test_id("return-form").get_by_role("button").click()
    assert page.get_by_test_id("state").inner_text() == "退回修改"

    # the member sees the reason, revises and submits again
    phone.goto(f"/consult/me/reports/{report.pk}/")
    assert "请补充涉及的学校名称。" in phone.get_by_test_id("reason").inner_text()
    _fits(phone)
    phone.fill("#id_content", "城关小学门口上下学时段车辆多，学生过马路危险。")
    with phone.expect_navigation():
        phone.get_by_test_id("revise-form").get_by_role("button", name="报送", exact=True).tap()
    assert phone.get_by_test_id("state").inner_text() == "已报送待审"

    # staff adopt it; the member's list shows it adopted and counts it
    page.goto(f"/consult/reports/{report.pk}/")
    page.get_by_text("采用", exact=True).first.click()
    with page.expect_navigation():
        page.get_by_test_id("adopt-form").get_by_role("button").click()
    report.refresh_from_db()
    assert report.state == ReportState.ADOPTED
    phone.goto("/consult/me/reports/")
    assert "已采用" in phone.get_by_test_id("report-row").first.inner_text()
    assert phone.get_by_test_id("count-adopted").inner_text() == "1"
    _fits(phone)


def test_a_department_replies_to_a_forwarded_report_on_its_phone(org, phone):
    fwd = rb.forwarded(org)
    _login(phone, org.unit_user.username)
    phone.goto("/consult/report-forwards/")
    _fits(phone)
    with phone.expect_navigation():
        phone.get_by_test_id("forward-row").get_by_role("link").tap()
    _fits(phone)
    phone.fill("#id_text_body", "已在城关小学门口设置护学岗。")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交答复").tap()
    assert phone.get_by_test_id("state").inner_text() == "已答复"
    fwd.refresh_from_db()
    assert fwd.reply == "已在城关小学门口设置护学岗。"
