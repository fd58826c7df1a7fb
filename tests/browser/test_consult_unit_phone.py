"""On a phone (360 px): a unit's liaison opens its consultation sendings from the home page, reads the outcome
and replies per recommendation. Every page fits the screen; the reply button is tapped."""

from tests.browser.test_phone import fits, login, message, phone, tap  # noqa: F401 - `phone` is the fixture
from tests.consult import builders as b


def test_unit_replies_to_an_outcome_on_a_phone(org, phone):  # noqa: F811
    page = phone
    outcome = b.sent(org, units=[org.unit])
    first, second = outcome.recommendations.all()
    login(page, org.unit_user.username)
    fits(page)
    page.get_by_test_id("consult-links").get_by_role("link", name="协商成果办理").tap()
    page.wait_for_url("**/consult/sendings/")
    fits(page)
    page.get_by_role("link", name=outcome.title).tap()
    page.wait_for_url("**/consult/sendings/*/")
    fits(page)
    page.select_option(f"#id_adoption_{first.pk}", "adopted")
    page.select_option(f"#id_adoption_{second.pk}", "not_adopted")
    page.fill(f"#id_measures_{second.pk}", "资金渠道尚未落实，明年再议。")
    page.fill("#id_measures", "已出台加装电梯实施办法。")
    tap(page.get_by_test_id("reply-submit"))
    fits(page)
    assert "答复已提交。" in message(page)
    assert "未采纳：资金渠道尚未落实，明年再议。" in page.get_by_test_id("reply").inner_text()
