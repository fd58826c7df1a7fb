from members.selectors import members_visible_to


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_home_shows_profile_in_chinese(client, org):
    client.force_login(org.member_user)
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "委员信息" in text and "张委员" in text


def test_county_staff_sees_only_own_subtree_members(org):
    names = set(members_visible_to(org.staff).values_list("name", flat=True))
    assert names == {"张委员", "李委员"}
    assert "赵委员" in set(members_visible_to(org.city_staff).values_list("name", flat=True))
