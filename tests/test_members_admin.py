"""The organisation admin: scoping per committee subtree, the committee tree, roles and accounts,
member lists with masked phones, and the Excel export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.enums import CommitteeLevel, Role
from members.models import Committee, Member, ReceptionDuty, RoleAssignment, SectorGroup, Studio, Term
from portal.models import AuditEvent, AuditLog
from supervision.enums import OwnerKind
from supervision.services import create_obligation
from tests.documents import sheets
from tests.factories import CommitteeFactory, MemberFactory, SectorFactory

CHANGELIST = "/admin/members/member/"


def member_form(org, **overrides):
    data = {
        "committee": org.county.pk, "name": "新委员", "gender": "", "birth_date": "", "phone": "13700000001",
        "email": "", "party": "none", "sector": "", "special_committee": "", "township": "", "member_group": "",
        "employer": "", "position": "", "active": "on",
    }
    data.update(overrides)
    return data


def logs_in(client, username, password):
    """Log in through the login page (axes needs the request), True when it redirects home."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def sheet_rows(response):
    """The header row and the data rows (below the export's title rows)."""
    headers, rows = sheets.table(response)
    return [headers, *rows]


# ---------------------------------------------------------------- scoping of members


def test_admin_index_shows_organisation_models_to_staff(client, org):
    client.force_login(org.staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    text = response.content.decode()
    for label in ("政协组织", "委员", "界别", "承办单位", "角色分配", "委员工作室", "审计日志"):
        assert label in text


def test_county_staff_changelist_excludes_other_county_members(client, org):
    client.force_login(org.staff)
    response = client.get(CHANGELIST)
    names = {m.name for m in response.context["cl"].result_list}
    assert names == {"张委员", "李委员"}
    assert "赵委员" not in response.content.decode()


def test_other_county_member_change_url_redirects_to_admin_index(client, org):
    """Django's admin answers an object outside the queryset with a redirect and a message."""
    client.force_login(org.staff)
    response = client.get(f"{CHANGELIST}{org.far_member.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.post(f"{CHANGELIST}{org.far_member.pk}/change/", member_form(org, name="改名"))
    assert response.status_code == 302
    org.far_member.refresh_from_db()
    assert org.far_member.name == "赵委员"


def test_county_staff_cannot_pick_another_countys_sector_or_committee(client, org):
    other_sector = SectorFactory(committee=org.other_county, name="经济界")
    client.force_login(org.staff)
    response = client.post(f"{CHANGELIST}add/", member_form(org, sector=other_sector.pk))
    assert response.status_code == 200
    assert "sector" in response.context["adminform"].form.errors
    response = client.post(f"{CHANGELIST}add/", member_form(org, committee=org.other_county.pk))
    assert "committee" in response.context["adminform"].form.errors
    assert not Member.objects.filter(name="新委员").exists()


def test_sector_must_belong_to_the_members_committee(client, org):
    other_sector = SectorFactory(committee=org.other_county, name="经济界")
    client.force_login(org.city_staff)
    response = client.post(f"{CHANGELIST}add/", member_form(org, sector=other_sector.pk))
    assert response.context["adminform"].form.errors["sector"] == ["必须属于所选的政协组织。"]


def test_staff_adds_member_in_own_county(client, org):
    sector = SectorFactory(committee=org.county, name="教育界")
    client.force_login(org.staff)
    response = client.post(f"{CHANGELIST}add/", member_form(org, sector=sector.pk, township=org.township.pk))
    assert response.status_code == 302
    member = Member.objects.get(name="新委员")
    assert (member.sector, member.township) == (sector, org.township)


def test_member_changelist_query_count_does_not_grow(client, org, django_assert_max_num_queries):
    client.force_login(org.staff)
    sector = SectorFactory(committee=org.county)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    for i in range(20):
        MemberFactory(committee=org.county, sector=sector, township=org.township, is_standing=i % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CHANGELIST).status_code == 200
    assert len(many) == len(few)


def test_staff_sees_full_phones_office_sees_masked(client, org):
    client.force_login(org.staff)
    assert org.member.phone in client.get(CHANGELIST).content.decode()
    org.office.is_staff = True  # an office viewer given admin access reads but does not see phones
    org.office.save()
    client.force_login(org.office)
    text = client.get(CHANGELIST).content.decode()
    assert org.member.phone not in text
    assert org.member.phone[:3] + "****" + org.member.phone[-4:] in text
    page = client.get(f"{CHANGELIST}{org.member.pk}/change/").content.decode()
    assert org.member.phone not in page


def test_office_viewer_cannot_change_members(client, org):
    org.office.is_staff = True
    org.office.save()
    client.force_login(org.office)
    response = client.post(f"{CHANGELIST}{org.member.pk}/change/", member_form(org, name="改名"))
    assert response.status_code == 403


def test_member_autocomplete_is_scoped(client, org):
    client.force_login(org.staff)
    response = client.get(
        "/admin/autocomplete/", {"app_label": "members", "model_name": "membergroup", "field_name": "leader", "term": "委员"}
    )
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == {"张委员", "李委员"}


# ---------------------------------------------------------------- the committee tree


def committee_form(name, level, parent):
    return {"name": name, "level": level, "parent": parent.pk if parent else "", "code": "", "order": 0}


def test_staff_sees_own_subtree_of_committees(client, org):
    client.force_login(org.staff)
    response = client.get("/admin/members/committee/")
    assert {c.name for c in response.context["cl"].result_list} == {"南谯区政协", "乌衣镇联络组"}


def test_staff_adds_child_committee_under_own_subtree(client, org):
    client.force_login(org.staff)
    response = client.post("/admin/members/committee/add/", committee_form("珠龙镇联络组", "township", org.county))
    assert response.status_code == 302
    child = Committee.objects.get(name="珠龙镇联络组")
    assert child.path == f"{org.county.path}{child.pk}/"


def test_staff_cannot_add_committee_outside_subtree(client, org):
    client.force_login(org.staff)
    response = client.post("/admin/members/committee/add/", committee_form("外县镇", "township", org.other_county))
    assert "parent" in response.context["adminform"].form.errors
    response = client.post("/admin/members/committee/add/", committee_form("无上级", "county", None))
    assert "parent" in response.context["adminform"].form.errors
    assert not Committee.objects.filter(name__in=["外县镇", "无上级"]).exists()


def test_staff_cannot_move_committee_outside_subtree(client, org):
    client.force_login(org.staff)
    url = f"/admin/members/committee/{org.township.pk}/change/"
    response = client.post(url, committee_form("乌衣镇联络组", "township", org.other_county))
    assert "parent" in response.context["adminform"].form.errors
    org.township.refresh_from_db()
    assert org.township.parent == org.county


def test_top_of_staff_subtree_cannot_be_moved_or_deleted(client, org):
    client.force_login(org.staff)
    url = f"/admin/members/committee/{org.county.pk}/change/"
    response = client.post(url, committee_form("南谯区政协（改）", "county", org.other_county))
    assert response.status_code == 302
    org.county.refresh_from_db()
    assert (org.county.name, org.county.parent) == ("南谯区政协（改）", org.city)
    assert client.get(f"/admin/members/committee/{org.county.pk}/delete/").status_code == 403


def test_committee_cannot_move_under_its_own_descendant(client, org):
    client.force_login(org.superuser)
    url = f"/admin/members/committee/{org.county.pk}/change/"
    response = client.post(url, committee_form("南谯区政协", "county", org.township))
    assert response.context["adminform"].form.errors["parent"] == ["不能把政协组织移动到它自己或它的下级之下。"]


def test_city_staff_moves_township_between_counties(client, org):
    client.force_login(org.city_staff)
    url = f"/admin/members/committee/{org.township.pk}/change/"
    response = client.post(url, committee_form("乌衣镇联络组", "township", org.other_county))
    assert response.status_code == 302
    org.township.refresh_from_db()
    assert org.township.path == f"{org.other_county.path}{org.township.pk}/"
    assert list(org.other_county.subtree().order_by("path")) == [org.other_county, org.township]


def test_moving_a_committee_rewrites_its_subtree_paths(client, org):
    province = CommitteeFactory(name="安徽省政协", level=CommitteeLevel.PROVINCE)
    client.force_login(org.superuser)
    response = client.post(f"/admin/members/committee/{org.city.pk}/change/", committee_form("滁州市政协", "city", province))
    assert response.status_code == 302
    org.township.refresh_from_db()
    assert org.township.path == f"/{province.pk}/{org.city.pk}/{org.county.pk}/{org.township.pk}/"


def test_term_admin_saves_sessions_inline(client, org):
    client.force_login(org.staff)
    data = {
        "committee": org.county.pk, "number": 14, "name": "第十四届", "start_date": "2026-01-10", "end_date": "",
        "is_current": "on",
        "sessions-TOTAL_FORMS": 1, "sessions-INITIAL_FORMS": 0, "sessions-MIN_NUM_FORMS": 0, "sessions-MAX_NUM_FORMS": 1000,
        "sessions-0-number": 1, "sessions-0-name": "第一次会议", "sessions-0-start_date": "2026-01-12",
        "sessions-0-end_date": "",
    }
    response = client.post("/admin/members/term/add/", data)
    assert response.status_code == 302
    term = Term.objects.get(committee=org.county)
    assert [s.code for s in term.sessions.all()] == ["十四届一次"]


# ---------------------------------------------------------------- roles and accounts


def test_staff_assigns_office_role_creating_account(client, org):
    client.force_login(org.staff)
    response = client.post("/admin/members/roleassignment/add/", {
        "username": "wuyi_office", "full_name": "乌衣镇办公室", "role": Role.OFFICE, "committee": org.township.pk,
        "unit": "",
    })
    assert response.status_code == 200
    password = response.context["password"]
    assert password and password in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert RoleAssignment.objects.filter(user__username="wuyi_office", role=Role.OFFICE, committee=org.township).exists()
    client.logout()
    assert logs_in(client, "wuyi_office", password)


def test_staff_cannot_assign_role_in_other_county(client, org):
    client.force_login(org.staff)
    response = client.post("/admin/members/roleassignment/add/", {
        "username": "x_office", "role": Role.OFFICE, "committee": org.other_county.pk, "unit": "",
    })
    assert "committee" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="x_office").exists()


def test_staff_cannot_take_over_another_countys_account(client, org):
    client.force_login(org.staff)
    response = client.post("/admin/members/roleassignment/add/", {
        "username": org.other_staff.username, "role": Role.STAFF, "committee": org.county.pk, "unit": "",
    })
    assert response.context["form"].non_field_errors() == ["该账号属于其他政协组织，不能在此分配角色。"]
    assert not RoleAssignment.objects.filter(user=org.other_staff, committee=org.county).exists()


def test_role_assignments_are_scoped_and_not_editable(client, org):
    client.force_login(org.staff)
    response = client.get("/admin/members/roleassignment/")
    users = {ra.user.username for ra in response.context["cl"].result_list}
    assert "other_staff" not in users and "county_office" in users
    ra = RoleAssignment.objects.get(user=org.office)
    assert client.post(f"/admin/members/roleassignment/{ra.pk}/change/", {"role": Role.STAFF}).status_code == 403
    response = client.post(f"/admin/members/roleassignment/{ra.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=ra.pk).exists()


def test_create_liaison_account_from_unit_page(client, org):
    client.force_login(org.staff)
    page = client.get(f"/admin/members/handlingunit/{org.unit.pk}/change/").content.decode()
    assert "创建联络员账号" in page and "unit_user" in page
    response = client.post(f"/admin/members/handlingunit/{org.unit.pk}/liaison/", {"username": "jyj_liaison", "full_name": "刘联络"})
    assert response.status_code == 200
    password = response.context["password"]
    assert RoleAssignment.objects.get(user__username="jyj_liaison").unit == org.unit
    client.logout()
    assert logs_in(client, "jyj_liaison", password)
    assert "南谯区教育局" in client.get("/").content.decode()


def test_other_county_staff_cannot_open_liaison_page(client, org):
    client.force_login(org.other_staff)
    assert client.get(f"/admin/members/handlingunit/{org.unit.pk}/liaison/").status_code == 404


# ---------------------------------------------------------------- export


def test_admin_export_button_exports_current_filter_unmasked_for_staff(client, org):
    sector = SectorFactory(committee=org.county, name="教育界")
    Member.objects.filter(pk=org.member.pk).update(sector=sector)
    client.force_login(org.staff)
    response = client.get(f"{CHANGELIST}export.xlsx?sector__id__exact={sector.pk}")
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert rows[0][:3] == ["所属政协", "姓名", "性别"]
    assert [(r[1], r[4], r[7]) for r in rows[1:]] == [("张委员", org.member.phone, "教育界")]
    assert AuditLog.objects.get(event=AuditEvent.EXPORT).detail == "委员名单: 1 行"


def test_admin_export_action_escapes_formulas(client, org):
    evil = MemberFactory(committee=org.county, name="=HYPERLINK(\"http://x\")", employer="+1", position="@SUM(A1)")
    client.force_login(org.staff)
    response = client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [evil.pk]})
    assert response.status_code == 200
    row = sheet_rows(response)[1]
    assert row[1] == "=HYPERLINK(\"http://x\")"  # shown as typed, stored as text (no apostrophe)
    assert (row[10], row[11]) == ("+1", "@SUM(A1)")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert all(cell.data_type != "f" for r in workbook.active.iter_rows() for cell in r)
    assert workbook.active["B4"].quotePrefix


def test_members_export_masked_for_office_viewer(client, org):
    client.force_login(org.office)
    response = client.get("/members/export.xlsx")
    assert response.status_code == 200
    table = sheet_rows(response)
    at = next(i for i, r in enumerate(table) if "姓名" in r)  # the header row, after any title rows
    header, rows = table[at], table[at + 1:]
    assert "出生日期" not in header and "电子邮箱" not in header  # hidden from office viewers, as in the API
    phones = {r[header.index("姓名")]: r[header.index("手机号码")] for r in rows}
    assert set(phones) == {"张委员", "李委员"}
    assert phones["张委员"] == org.member.phone[:3] + "****" + org.member.phone[-4:]
    assert AuditLog.objects.filter(event=AuditEvent.EXPORT, user=org.office).count() == 1


def test_members_export_unmasked_for_staff_and_filtered(client, org):
    client.force_login(org.city_staff)
    response = client.get("/members/export.xlsx", {"committee": org.other_county.pk})
    assert [(r[1], r[4]) for r in sheet_rows(response)[1:]] == [("赵委员", org.far_member.phone)]


@pytest.mark.parametrize("who", ["member_user", "unit_user"])
def test_members_export_forbidden_for_members_and_units(client, org, who):
    client.force_login(getattr(org, who))
    assert client.get("/members/export.xlsx").status_code == 403
    assert not AuditLog.objects.filter(event=AuditEvent.EXPORT).exists()


def test_member_list_page_masks_phones_for_leader(client, org):
    client.force_login(org.leader)
    response = client.get("/members/")
    text = response.content.decode()
    assert "张委员" in text and "赵委员" not in text
    assert org.member.phone not in text


def test_member_list_page_query_count_does_not_grow(client, org):
    client.force_login(org.office)
    with CaptureQueriesContext(connection) as few:
        client.get("/members/")
    sector = SectorFactory(committee=org.county)
    for _ in range(20):
        MemberFactory(committee=org.county, sector=sector, township=org.township)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/members/")
    assert response.context["page"].paginator.count == 22
    assert len(many) == len(few)


def test_my_profile_shows_own_phone_unmasked(client, org):
    client.force_login(org.member_user)
    response = client.get("/members/me/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "我的履职档案" in text and org.member.phone in text


def test_my_profile_is_404_without_member_record(client, org):
    client.force_login(org.staff)
    assert client.get("/members/me/").status_code == 404


def test_my_profile_shows_duties_studios_convened_groups_and_own_obligations(client, org):
    """What staff arrange for a member (duty roster, studio, convenor) and what the member owes is on their page."""
    today = timezone.localdate()
    studio = Studio.objects.create(committee=org.county, name="乌衣镇委员工作室", address="乌衣镇政府二楼")
    studio.members.add(org.member)
    ReceptionDuty.objects.create(studio=studio, member=org.member, date=today + dt.timedelta(days=3), note="上午")
    ReceptionDuty.objects.create(studio=studio, member=org.member, date=today - dt.timedelta(days=3))
    ReceptionDuty.objects.create(studio=studio, member=org.other_member, date=today + dt.timedelta(days=4))
    SectorGroup.objects.create(committee=org.county, name="教育界活动组").convenors.add(org.member)
    for member, title in ((org.member, "提交年度履职报告"), (org.other_member, "别人的履职报告")):
        create_obligation(subject=None, committee=org.county, kind="generic", title=title,
                          owner_kind=OwnerKind.MEMBER, owner_member=member, due_date=today + dt.timedelta(days=10))
    client.force_login(org.member_user)
    response = client.get("/members/me/")
    text = response.content.decode()
    assert [d.date for d in response.context["duties"]] == [today + dt.timedelta(days=3)]
    assert f"{today + dt.timedelta(days=3):%Y-%m-%d} · 乌衣镇委员工作室" in text and "上午" in text
    assert "入驻工作室：乌衣镇委员工作室" in text
    assert "担任召集人的界别活动组：教育界活动组" in text
    assert "提交年度履职报告" in text and "别人的履职报告" not in text


def test_my_profile_without_duties_or_obligations_says_so(client, org):
    client.force_login(org.other_member_user)
    text = client.get("/members/me/").content.decode()
    assert "目前没有需要您办理的事项。" in text and "近期没有排班。" in text



ORG_MODELS = [
    "committee", "term", "session", "sector", "specialcommittee", "membergroup", "member", "sectorgroup",
    "studio", "receptionduty", "handlingunit", "roleassignment",
]


@pytest.mark.parametrize("model", ORG_MODELS)
def test_every_organisation_admin_page_opens_for_county_staff(client, org, model):
    client.force_login(org.staff)
    assert client.get(f"/admin/members/{model}/").status_code == 200
    # the duty roster is planned, confirmed and swapped through consult.reception's services only
    assert client.get(f"/admin/members/{model}/add/").status_code == (403 if model == "receptionduty" else 200)


def test_studio_admin_edits_the_studio_and_shows_the_roster_read_only(client, org):
    client.force_login(org.staff)
    data = {
        "committee": org.county.pk, "name": "乌衣镇委员工作室", "kind": "studio", "address": "", "sector": "",
        "members": [org.member.pk], "opening_hours": "每月25日上午", "phone": "", "reception_day": 25,
        "duty_size": 2, "active": "on",
        "duties-TOTAL_FORMS": 1, "duties-INITIAL_FORMS": 0, "duties-MIN_NUM_FORMS": 0, "duties-MAX_NUM_FORMS": 1000,
        "duties-0-member": org.member.pk, "duties-0-date": "2026-12-01", "duties-0-note": "",
    }
    response = client.post("/admin/members/studio/add/", data)
    assert response.status_code == 302
    studio = Studio.objects.get(name="乌衣镇委员工作室")
    assert studio.opening_hours == "每月25日上午" and list(studio.members.all()) == [org.member]
    assert not org.member.duties.exists()  # no duty is added through the admin's inline
    data["duty_size"] = 4
    data["name"] = "四人工作室"
    assert client.post("/admin/members/studio/add/", data).status_code == 200  # 2–3 on duty
    assert not Studio.objects.filter(name="四人工作室").exists()


def test_member_changelist_offers_import_and_filtered_export(client, org):
    client.force_login(org.staff)
    text = client.get(CHANGELIST, {"party__exact": "none"}).content.decode()
    assert "从 Excel 导入" in text
    assert f"{CHANGELIST}export.xlsx?party__exact=none" in text


def test_create_member_accounts_action(client, org):
    new = MemberFactory(committee=org.county, name="钱委员", phone="13600000009")
    client.force_login(org.staff)
    response = client.post(CHANGELIST, {"action": "create_accounts", "_selected_action": [new.pk, org.member.pk]})
    assert response.status_code == 200
    (member, username, password), = response.context["created"]
    assert (member, username) == (new, "13600000009")
    assert response.context["skipped"] == [org.member]  # already has a login
    new.refresh_from_db()
    assert new.user.username == "13600000009"
    client.logout()
    assert logs_in(client, "13600000009", password)
    assert "钱委员" in client.get("/").content.decode()


def test_sector_group_convenors_and_sectors_must_be_of_its_committee(client, org):
    """City staff pick from the whole city; a county's member or sector cannot join a group of another committee."""
    client.force_login(org.city_staff)
    county_sector = SectorFactory(committee=org.county, name="教育界")
    city_sector = SectorFactory(committee=org.city, name="经济界")
    city_member = MemberFactory(committee=org.city, name="市委员")
    data = {"committee": org.city.pk, "name": "经济界活动组", "sectors": [city_sector.pk, county_sector.pk],
            "convenors": [city_member.pk, org.member.pk], "special_committee": ""}
    response = client.post("/admin/members/sectorgroup/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["sectors"] == ["教育界 不属于所选的政协组织。"]
    assert errors["convenors"] == ["张委员 不属于所选的政协组织。"]
    assert not SectorGroup.objects.exists()
    response = client.post("/admin/members/sectorgroup/add/",
                           {**data, "sectors": [city_sector.pk], "convenors": [city_member.pk]})
    assert response.status_code == 302
    assert list(SectorGroup.objects.get().convenors.all()) == [city_member]
