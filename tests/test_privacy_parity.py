"""The same privacy in every output: per role, a colleague's personal fields read the same in the API,
the member list page, the Excel export and the admin — shown in full, masked or absent everywhere alike.

Before: an office viewer's Excel export held birth dates and e-mails the API hid from it."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

ABSENT = object()
ROLES = ["superuser", "staff", "office", "leader", "unit", "member"]


@pytest.fixture
def target(org):
    m = org.other_member
    m.phone, m.email, m.birth_date = "13912345678", "li@example.cn", datetime.date(1970, 3, 4)
    m.save()
    return m


def viewer(org, role):
    return {"superuser": org.superuser, "staff": org.staff, "office": org.office, "leader": org.leader,
            "unit": org.unit_user, "member": org.member_user}[role]


# What each role must see of a colleague's personal data (DESIGN §6), written out by hand.
FULL = {"phone": "13912345678", "birth_date": "1970-03-04", "email": "li@example.cn"}
MASKED = {"phone": "139****5678", "birth_date": ABSENT, "email": ABSENT}
EXPECTED = {"superuser": FULL, "staff": FULL, "office": MASKED, "leader": MASKED, "unit": None, "member": MASKED}


def from_api(client, member):
    response = client.get(reverse("member-detail", args=[member.pk]))
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    data = response.json()
    return {"phone": data["phone"] or ABSENT, "birth_date": data["birth_date"] or ABSENT,
            "email": data["email"] or ABSENT, "name": data["name"]}


def from_page(client, member):
    response = client.get(reverse("members:list"))
    if response.status_code == 403:
        return None
    text = response.content.decode()
    row = re.search(rf'<tr data-member="{member.pk}">(.*?)</tr>', text, re.S).group(1)
    cells = dict(re.findall(r'<td data-field="(\w+)">([^<]*)</td>', row))
    values = {name: cells.get(name, ABSENT) for name in ("phone", "birth_date", "email")}
    values["name"] = re.search(r"<td>([^<]*)</td>", row).group(1)
    return values


def from_export(client, member):
    response = client.get(reverse("members:export"))
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "姓名" in r)  # the header row (after any title rows)
    headers = list(rows[at])
    line = next(dict(zip(headers, r)) for r in rows[at + 1:] if r[headers.index("姓名")] == member.name)
    born = line.get("出生日期", ABSENT) or ABSENT
    if hasattr(born, "isoformat"):  # a real date cell
        born = born.date().isoformat() if hasattr(born, "date") else born.isoformat()
    return {"phone": line.get("手机号码", ABSENT) or ABSENT, "birth_date": born,
            "email": line.get("电子邮箱", ABSENT) or ABSENT, "name": line["姓名"]}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_same_personal_fields_in_api_page_and_export(client, org, target, role):
    client.force_login(viewer(org, role))
    outputs = {"api": from_api(client, target), "page": from_page(client, target),
               "export": from_export(client, target)}
    expected = EXPECTED[role]
    if expected is None:  # a unit liaison reads no member anywhere
        assert outputs == {"api": None, "page": None, "export": None}
        return
    available = {name: values for name, values in outputs.items() if values is not None}
    assert "api" in available
    # members list their own committee on the page (masked) but have no export (403)
    assert set(available) == ({"api", "page"} if role == "member" else {"api", "page", "export"})
    for name, values in available.items():
        assert values == {**expected, "name": target.name}, name


def test_a_member_sees_their_own_record_in_full(client, org, target):
    client.force_login(org.other_member_user)
    assert from_api(client, target) == {**FULL, "name": target.name}
    page = client.get(reverse("members:me")).content.decode()
    assert all(value in page for value in FULL.values())


def test_office_viewer_in_the_admin_gets_what_the_api_gives(client, org, target):
    org.office.is_staff = True  # an office viewer given admin access
    org.office.save()
    client.force_login(org.office)
    changelist = client.get("/admin/members/member/").content.decode()
    change = client.get(f"/admin/members/member/{target.pk}/change/").content.decode()
    born = ("1970-03-04", "1970/03/04")
    for page in (changelist, change):
        assert "13912345678" not in page and "li@example.cn" not in page and not any(d in page for d in born)
    assert "139****5678" in changelist and "139****5678" in change
    client.force_login(org.staff)
    change = client.get(f"/admin/members/member/{target.pk}/change/").content.decode()
    assert "13912345678" in change and "li@example.cn" in change and any(d in change for d in born)


def test_unit_contacts_follow_the_same_policy_in_api_and_admin(client, org):
    unit = org.other_unit
    unit.contact_phone = "13700001111"
    unit.save()
    client.force_login(org.member_user)  # a member of the committee: masked
    data = client.get(reverse("unit-detail", args=[unit.pk])).json()
    assert data["contact_phone"] == "137****1111"
    client.force_login(org.other_unit_user)  # its own liaison: in full
    assert client.get(reverse("unit-detail", args=[unit.pk])).json()["contact_phone"] == "13700001111"
    org.office.is_staff = True
    org.office.save()
    client.force_login(org.office)
    page = client.get("/admin/members/handlingunit/").content.decode()
    assert "137****1111" in page and "13700001111" not in page
