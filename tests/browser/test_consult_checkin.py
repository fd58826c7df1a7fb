"""On a phone (360 × 740, touch): a member scans the meeting's QR code — opens its link — is sent to the login
page, signs in, comes back to the link and is recorded present; the page fits the screen. Staff's meeting page
shows the code as an image."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from consult.meetings import checkin
from consult.meetings.enums import AttendanceStatus
from consult.models import Attendance, Meeting
from tests.browser.conftest import TIMEOUT_MS
from tests.consult import builders as b
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


def test_a_member_scans_the_qr_code_on_a_phone_and_is_recorded_present(org, phone, page, login):
    m = b.notified(org, title="请你来协商：城区停车难")
    now = timezone.now()
    Meeting.objects.filter(pk=m.pk).update(starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=2))
    m.refresh_from_db()

    # staff: the meeting page shows the code, and the image loads
    login(org.staff.username)
    page.goto(f"/consult/meetings/{m.pk}/")
    page.wait_for_load_state("load")
    assert page.get_by_test_id("meeting-qr").locator("img").evaluate("img => img.complete && img.naturalWidth") > 0

    # the member's phone opens the code's link: login first, then back to the link
    link = f"/consult/signin/{m.pk}/{checkin.make_token(m)}/"
    phone.goto(link)
    phone.wait_for_url("**/accounts/login/**")
    _fits(phone)
    phone.fill("input[name=username]", org.member_user.username)
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").tap()
    assert phone.url.endswith(link)
    result = phone.get_by_test_id("checkin")
    assert "签到成功" in result.inner_text() and m.title in result.inner_text()
    _fits(phone)
    row = Attendance.objects.get(meeting=m)
    assert (row.member, row.status) == (org.member, AttendanceStatus.PRESENT)

    # the home page shows it in this year's counts
    with phone.expect_navigation():
        phone.get_by_role("link", name="返回我的首页").tap()
    assert urlparse(phone.url).path == "/"
    _fits(phone)
    assert phone.get_by_test_id("consult-counts").locator("li").first.inner_text().startswith("1")

    # 委员荐题 from the phone, then the member's other pages and the public form fit the screen too
    phone.get_by_test_id("recommend-link").tap()
    phone.wait_for_url("**/consult/me/topics/new/")
    _fits(phone)
    phone.fill("#id_title", "关于城区错时共享停车的建议")
    phone.fill("#id_problems", "老城区夜间停车位缺口大。")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交推荐").tap()
    assert "已征集" in phone.get_by_test_id("topic-row").first.inner_text()
    _fits(phone)
    for path in ("/consult/me/meetings/", "/consult/public/topics/"):
        phone.goto(path)
        _fits(phone)
