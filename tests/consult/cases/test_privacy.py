"""The resident's name and phone are seen only by the case's group leader, a convenor of its committee, staff
of its committee and the members on the case — never in the banks, the member's list, the API's case rows or
the public page, and not by anyone else on the case page or the `contact` endpoint."""

import pytest
from django.test import Client

from tests.consult.cases import builders as b

pytestmark = pytest.mark.django_db

SEE = ("staff", "city_staff", "superuser", "leader_user", "convenor_user", "member_user", "mate_user")
NOT = ("office", "leader", "other_member_user", "far_member_user", "other_staff", "unit_user")


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def case(org):
    b.resolved(org, title="小区停车位被占")
    return b.claimed(org)  # 张委员 (lead) and 陈委员 on it


def test_contact_on_the_case_page_and_api_per_role(org, case):
    b.cast(org)
    for name in SEE:
        c = _client(getattr(org, name))
        page = c.get(f"/consult/cases/{case.pk}/")
        assert page.status_code == 200 and b.PHONE in page.content.decode() and b.NAME in page.content.decode(), name
        contact = c.get(f"/api/v1/consult-cases/{case.pk}/contact/")
        assert contact.status_code == 200, name
        assert contact.json() == {"code": case.code, "resident_name": b.NAME, "resident_phone": b.PHONE}
    for name in NOT:
        c = _client(getattr(org, name))
        page = c.get(f"/consult/cases/{case.pk}/")
        assert page.status_code in (200, 404), name
        assert b.PHONE not in page.content.decode() and b.NAME not in page.content.decode(), name
        assert c.get(f"/api/v1/consult-cases/{case.pk}/contact/").status_code in (403, 404), name


def test_readers_see_the_case_but_not_the_contact(org, case):
    page = _client(org.office).get(f"/consult/cases/{case.pk}/").content.decode()
    assert case.title in page and b.PHONE not in page
    assert _client(org.leader).get(f"/api/v1/consult-cases/{case.pk}/contact/").json() == {
        "detail": "只有接单委员、委员小组组长、召集人或机关工作人员可以查看群众联系方式。"}


def test_a_group_member_not_on_the_case_does_not_see_it(org, case):
    b.cast(org)
    from tests.factories import make_member_user

    user, _m = make_member_user(org.county, name="孙委员", member_group=org.group)
    c = _client(user)
    page = c.get(f"/consult/cases/{case.pk}/")
    assert page.status_code == 200 and b.PHONE not in page.content.decode()
    assert c.get(f"/api/v1/consult-cases/{case.pk}/contact/").status_code == 403


def test_never_in_lists_or_api_rows(org, case):
    b.cast(org)
    for name in SEE + NOT:
        c = _client(getattr(org, name))
        for url in ("/consult/cases/", "/consult/cases/?bank=advice", "/consult/cases/?bank=cases",
                    "/api/v1/consult-cases/", f"/api/v1/consult-cases/{case.pk}/", "/consult/me/cases/"):
            response = c.get(url)
            body = response.content.decode()
            assert b.PHONE not in body and b.NAME not in body, (name, url)
    rows = _client(org.staff).get("/api/v1/consult-cases/").json()["results"]
    assert {r["title"] for r in rows} >= {case.title}
    assert not {"resident_name", "resident_phone", "code"} & set(rows[0])


def test_admin_shows_the_contact_only_to_staff_of_the_committee(org, case):
    org.office.is_staff = True
    org.office.save()
    url = f"/admin/consult/communitycase/{case.pk}/change/"
    page = _client(org.office).get(url)
    assert page.status_code == 200 and case.title in page.content.decode()
    assert b.PHONE not in page.content.decode() and b.NAME not in page.content.decode()
    org.staff.is_staff = True
    org.staff.save()
    assert b.PHONE in _client(org.staff).get(url).content.decode()
