"""群众点单 on a 360 px phone, end to end (四单工作法): a resident raises an issue on the public form and gets a
tracking code; the group leader checks, grades and offers it to the group (定单、分单); a member claims it with
a group mate (接单), records the micro-consultation (协商解单) and a follow-up (跟进督单) and resolves it; the
leader archives it (归单) and it is in the case bank (案例库) without the resident's phone; the resident sees
the answer by the code. Every page fits the phone's width."""

import re

from consult.cases.models import CommunityCase
from tests.browser.test_phone import fits, login, phone, tap  # noqa: F401, F811 - `phone` is the fixture
from tests.consult.cases import builders as b

TITLE = "滁阳社区5号楼楼道堆放杂物"
PHONE = "13966601234"


def _message(page):
    return page.locator("ul.messages").inner_text()


def _open(page, summary):
    """Open the <details> of an action form (the first one is open already)."""
    page.locator("details", has=page.locator("summary", has_text=summary)).first.evaluate("d => { d.open = true; }")


def test_a_case_from_the_public_form_to_the_case_bank(phone, org):  # noqa: F811
    b.cast(org)
    page = phone
    page.goto("/consult/public/cases/")
    fits(page)
    page.select_option("select[name=member_group]", str(org.group.pk))
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=description]", "楼道堆满纸箱和旧家具，有消防隐患，物业多次劝说无效。")
    page.fill("input[name=name]", "周大妈")
    page.fill("input[name=phone]", PHONE)
    x, y = map(int, re.search(r"(\d) \+ (\d) = \?", page.locator("label[for=id_answer]").inner_text()).groups())
    page.fill("input[name=answer]", str(x + y))
    tap(page.locator("[data-testid=public-case-submit]"))
    case = CommunityCase.objects.get()
    assert f"请记下您的查询码 {case.code}" in _message(page)
    assert page.locator("[data-testid=case-state]").inner_text() == "待定单"
    fits(page)

    # 定单、分单: the group leader
    login(page, org.leader_user.username)
    page.goto(f"/consult/cases/{case.pk}/")
    fits(page)
    assert PHONE in page.locator("[data-testid=case-contact]").inner_text()
    form = page.locator("[data-testid=form-accept]")
    form.locator("select[name=grade]").select_option("B")
    form.locator("select[name=theme]").select_option("environment")
    form.locator("select[name=member_group]").select_option(str(org.group.pk))
    tap(page.locator("[data-testid=action-accept]"))
    assert "已执行：定单。" in _message(page)
    assert page.locator("[data-testid=case-state]").inner_text() == "待接单"

    # 接单, 协商解单, 跟进督单, 办结: a member of the group
    login(page, org.member_user.username)
    page.goto("/consult/me/cases/")
    fits(page)
    page.locator("[data-testid=offered-row] a", has_text=TITLE).click()
    page.wait_for_url(f"**/consult/cases/{case.pk}/")
    page.locator("[data-testid=form-claim] label", has_text="陈委员").click()
    tap(page.locator("[data-testid=action-claim]"))
    assert "张委员（牵头）、陈委员" in page.locator("[data-testid=case-claims]").inner_text()
    form = page.locator("[data-testid=form-consult]")
    form.locator("input[name=held_on]").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    form.locator("input[name=place]").fill("滁阳社区议事厅")
    form.locator("textarea[name=participants]").fill("张委员、陈委员、物业经理、楼栋长")
    form.locator("textarea[name=departments]").fill("街道消防站")
    form.locator("textarea[name=result]").fill("物业三天内清理楼道，消防站上门宣传，楼栋长每周巡查。")
    tap(page.locator("[data-testid=action-consult]"))
    assert page.locator("[data-testid=case-state]").inner_text() == "已协商，跟进中"
    _open(page, "跟进督单")
    form = page.locator("[data-testid=form-follow_up]")
    form.locator("input[name=on]").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    form.locator("textarea[name=note]").fill("物业已清理完毕。")
    tap(page.locator("[data-testid=action-follow_up]"))
    assert "物业已清理完毕。" in page.locator("[data-testid=case-followups]").inner_text()
    _open(page, "办结")
    form = page.locator("[data-testid=form-resolve]")
    form.locator("select[name=outcome]").select_option("resolved")
    form.locator("textarea[name=answer]").fill("楼道杂物已清理，楼栋长每周巡查，感谢您的反映。")
    tap(page.locator("[data-testid=action-resolve]"))
    assert page.locator("[data-testid=case-state]").inner_text() == "已办结"
    fits(page)

    # 归单: the leader approves the archive
    login(page, org.leader_user.username)
    page.goto(f"/consult/cases/{case.pk}/")
    page.locator("[data-testid=form-archive] textarea[name=summary]").fill("委员接单后协调物业和消防站，三天解决楼道隐患。")
    tap(page.locator("[data-testid=action-archive]"))
    assert page.locator("[data-testid=case-state]").inner_text() == "已归档"
    page.goto("/consult/cases/?bank=cases")
    fits(page)
    assert TITLE in page.locator("[data-testid=case-row]").first.inner_text()
    assert PHONE not in page.content()

    # the resident, with the code
    page.context.clear_cookies()
    page.goto("/consult/public/cases/track/")
    page.fill("input[name=code]", case.code.lower())
    with page.expect_navigation():
        page.locator("[data-testid=track-form] button").click()
    fits(page)
    assert page.locator("[data-testid=case-state]").inner_text() == "已归档"
    assert "楼道杂物已清理" in page.locator("[data-testid=case-answer]").inner_text()
    assert PHONE not in page.content() and "周大妈" not in page.content()
