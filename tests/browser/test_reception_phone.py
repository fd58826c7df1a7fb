"""On a phone (360 px): a member opens their reception duties from the home page, confirms the next one and
asks another member of the studio to swap. Every page fits the screen."""

from tests.browser.test_phone import fits, login, message, phone, tap  # noqa: F401 - `phone` is the fixture
from tests.consult.reception import builders as b


def test_member_confirms_a_duty_and_asks_to_swap_on_a_phone(org, phone):  # noqa: F811
    page = phone
    b.rostered(org)
    mine, theirs = b.swap_pair(org)
    login(page, org.member_user.username)
    page.get_by_test_id("reception-link").get_by_role("link", name="我的接待日值班").tap()
    page.wait_for_url("**/consult/me/reception/")
    fits(page)
    tap(page.get_by_test_id("duty-confirm").first)
    fits(page)
    assert "已确认值班。" in message(page)
    duty = page.locator(f"#duty-{mine.pk}")
    duty.locator("summary").tap()
    duty.locator("select[name=other_duty]").select_option(str(theirs.pk))
    duty.locator("input[name=reason]").fill("当天要出差")
    tap(duty.get_by_role("button", name="发出申请"))
    fits(page)
    assert "换班申请已发出，等待对方同意。" in message(page)
    assert "待对方同意" in page.get_by_test_id("my-swaps").inner_text()
