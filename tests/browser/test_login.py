"""Staff and members log in through the form in a real browser and see their home pages in Chinese."""

import re


def test_staff_sees_subtree_card_and_admin_in_chinese(org, login, page):
    login("county_staff")
    assert page.url.endswith("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    subtree = page.get_by_test_id("subtree")
    assert subtree.locator("h2").inner_text() == "本级及下级政协"
    assert "南谯区政协" in subtree.inner_text()
    assert "来安县政协" not in subtree.inner_text()  # another county's committee stays out of view

    page.get_by_role("link", name="管理后台").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.wait_for_load_state("load")  # the URL changes as the navigation starts, before the title is read
    assert "业务管理" in page.title()
    assert "最近动作" in page.inner_text("body")  # Django's own admin strings, in Chinese


def test_member_sees_profile_with_their_name(org, login, page):
    login(org.member_user.username)
    profile = page.get_by_test_id("member-profile")
    assert profile.locator("h2").inner_text() == "委员信息"
    assert "张委员" in profile.inner_text()
    assert "南谯区政协" in profile.inner_text()
    assert page.get_by_test_id("subtree").count() == 0


def test_wrong_password_shows_chinese_error(org, login, page):
    login("county_staff", password="not-the-password")
    assert "/accounts/login/" in page.url
    assert "用户名或密码不正确" in page.inner_text("main")
