"""On a phone (360 × 740, touch): a member drafts and submits a proposal, and after staff accept and assign it
(through the services, to keep the walk short) the lead unit signs for it, records its talk with the
proposer and replies. On every page the document is no wider than the screen, and the buttons used are
visible, inside the screen and large enough to tap — and are tapped."""

import pytest
from django.utils import timezone

from proposals import services
from proposals.enums import ProposalState
from proposals.models import Proposal
from tests.browser.conftest import TIMEOUT_MS
from tests.factories import PASSWORD
from tests.proposals.builders import session

WIDTH, HEIGHT = 360, 740
TITLE = "关于在乡镇卫生院设立儿童心理门诊的建议"


@pytest.fixture
def phone(browser, live_server, transactional_db):
    """A touch phone's browser context (zh-CN) on the live server; fails on any CSP violation, like `page`."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    violations = []
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def fits(page):
    """Nothing makes the page scroll sideways: the document is as wide as the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url}: the page is {width}px wide on a {WIDTH}px screen"


def tap(button):
    """Assert the button is visible, within the screen's width and tall enough for a finger; then tap it
    and wait for the page it leads to."""
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"button outside the screen: {box}"
    assert box["height"] >= 36, f"button too small to tap: {box}"
    with button.page.expect_navigation():
        button.tap()


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    fits(page)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    tap(page.locator("main form button[type=submit]"))


def message(page):
    return page.locator("ul.messages").inner_text()


def test_member_submits_and_unit_replies_on_a_phone(org, phone):
    page = phone
    session(org)

    # the member: home page, the proposal form, the draft, submitted
    login(page, org.member_user.username)
    fits(page)
    assert page.get_by_test_id("member-profile").is_visible()
    assert page.locator("nav").get_by_role("link", name="接口文档").count() == 0
    page.get_by_test_id("proposal-links").get_by_role("link", name="新建提案").tap()
    page.wait_for_url("**/proposals/new/")
    fits(page)
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="社会事业")
    page.fill("#id_reason", "农村儿童心理问题就诊难，县级医院距离远。")
    page.fill("#id_suggestions", "一、在中心卫生院设立儿童心理门诊；二、县医院专家定期坐诊。")
    for field in ("#id_title", "#id_reason", "#id_suggestions"):  # the form's fields use the screen's width
        box = page.locator(field).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH and box["width"] >= WIDTH * 0.75
    tap(page.get_by_role("button", name="保存草稿"))
    assert "提案草稿已保存" in message(page)
    fits(page)
    tap(page.get_by_test_id("submit"))
    fits(page)
    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.state == ProposalState.SUBMITTED
    page.goto("/proposals/")
    fits(page)
    assert page.get_by_role("link", name=TITLE).is_visible()

    # staff accept and assign it to the county's education bureau
    services.accept(proposal=proposal, actor=org.staff)
    services.assign_units(proposal=proposal, actor=org.staff, lead=org.unit)

    # the unit: home page, inbox, the assignment: sign, talk with the proposer, reply
    login(page, "unit_user")
    fits(page)
    page.locator("nav").get_by_role("link", name="交办件").tap()
    page.wait_for_url("**/proposals/inbox/")
    fits(page)
    row = page.get_by_test_id("assignment-row").filter(has_text=TITLE)
    assert row.locator("td.date").inner_text().count("\n") == 0  # the due date stays on one line
    row.get_by_role("link", name=TITLE).tap()
    page.wait_for_url("**/proposals/assignments/*/")
    fits(page)
    tap(page.get_by_role("button", name="签收"))
    assert "已签收" in message(page)
    fits(page)
    contact = page.get_by_test_id("contact-form")
    contact.locator("input[name=date]").fill(timezone.localdate().isoformat())
    contact.locator("select[name=way]").select_option(label="电话")
    contact.locator("textarea[name=note]").fill("电话听取提案人意见")
    tap(contact.get_by_role("button", name="记录沟通"))
    assert "沟通 1 次" in page.get_by_test_id("counts").inner_text()
    fits(page)
    form = page.get_by_test_id("reply-form")
    form.locator("select[name=category]").select_option(label="A 已解决或采纳")
    form.locator("textarea[name=body]").fill("我局已协调县人民医院，今年在两个中心卫生院开设儿童心理门诊。")
    tap(form.get_by_role("button", name="提交答复"))
    assert "答复已提交" in message(page)
    fits(page)
    proposal.refresh_from_db()
    assert proposal.assignments.get().state == "replied"
