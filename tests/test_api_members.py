"""The organisation API: filters, masking of personal data, staff writes and their validation."""

import pytest
from django.urls import reverse

from members.enums import CommitteeLevel, Role
from members.models import Member, RoleAssignment, Sector
from tests.factories import CommitteeFactory, MemberFactory, SectorFactory, SpecialCommitteeFactory


def _get(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _names(data):
    return sorted(row["name"] for row in data["results"])


@pytest.fixture
def api(client):
    """POST/PATCH JSON as a user: api("post", user, url_name, data, pk=None)."""

    def call(method, user, name, data, pk=None):
        client.force_login(user)
        url = reverse(name, kwargs={"pk": pk}) if pk else reverse(name)
        return getattr(client, method)(url, data=data, content_type="application/json")

    return call


# ----------------------------------------------------------------------------- filters
def test_member_list_filters_by_sector(client, org):
    economy, education = SectorFactory(committee=org.county, name="经济界"), SectorFactory(committee=org.county, name="教育界")
    MemberFactory(committee=org.county, name="钱经济", sector=economy)
    MemberFactory(committee=org.county, name="孙教育", sector=education)
    assert _names(_get(client, org.staff, "member-list", sector=economy.pk)) == ["钱经济"]


def test_member_list_within_a_subtree(client, org):
    MemberFactory(committee=org.township, name="周乡镇")
    data = _get(client, org.city_staff, "member-list", within=org.county.pk)
    assert _names(data) == ["周乡镇", "张委员", "李委员"]
    assert _names(_get(client, org.city_staff, "member-list", within=org.other_county.pk)) == ["赵委员"]


def test_member_list_filters_by_role_flag_party_and_search(client, org):
    MemberFactory(committee=org.county, name="吴常委", is_standing=True, party="cdl", employer="滁州学院")
    assert _names(_get(client, org.staff, "member-list", is_standing="true")) == ["吴常委"]
    assert _names(_get(client, org.staff, "member-list", party="cdl")) == ["吴常委"]
    assert _names(_get(client, org.staff, "member-list", search="滁州学院")) == ["吴常委"]
    assert _names(_get(client, org.staff, "member-list", search="张委")) == ["张委员"]


def test_member_list_filters_by_special_committee_and_township(client, org):
    special = SpecialCommitteeFactory(committee=org.county, name="提案委员会")
    MemberFactory(committee=org.county, name="郑提案", special_committee=special, township=org.township)
    assert _names(_get(client, org.staff, "member-list", special_committee=special.pk)) == ["郑提案"]
    assert _names(_get(client, org.staff, "member-list", township=org.township.pk)) == ["郑提案"]


def test_member_list_rows_name_what_each_member_points_to(client, org):
    # The list reads the names by subqueries (members.selectors.with_member_names); a row is what the
    # serializer gives for the member with its relations, with and without them set.
    from members.models import MemberGroup
    from members.serializers import MemberSerializer

    special = SpecialCommitteeFactory(committee=org.county, name="提案委员会")
    group = MemberGroup.objects.create(committee=org.county, name="第一小组")
    full = MemberFactory(committee=org.county, name="郑提案", sector=SectorFactory(committee=org.county, name="经济界"),
                         special_committee=special, township=org.township, member_group=group)
    bare = MemberFactory(committee=org.county, name="钱无界", sector=None)
    rows = {row["id"]: row for row in _get(client, org.staff, "member-list", committee=org.county.pk)["results"]}

    class Request:
        user = org.staff

    for member in (full, bare):
        expected = MemberSerializer(Member.objects.get(pk=member.pk), context={"request": Request}).data
        assert rows[member.pk] == expected
    assert (rows[full.pk]["sector_name"], rows[full.pk]["township_name"], rows[full.pk]["member_group_name"]) == (
        "经济界", org.township.name, "第一小组")
    assert rows[bare.pk]["sector_name"] is None and rows[bare.pk]["member_group_name"] is None


def test_committee_list_filters_by_level_parent_and_within(client, org):
    assert _names(_get(client, org.city_staff, "committee-list", within=org.county.pk)) == ["乌衣镇联络组", "南谯区政协"]
    assert _names(_get(client, org.city_staff, "committee-list", level=CommitteeLevel.COUNTY)) == ["南谯区政协", "来安县政协"]
    assert _names(_get(client, org.city_staff, "committee-list", parent=org.county.pk)) == ["乌衣镇联络组"]


def test_committee_list_of_county_staff_is_its_subtree(client, org):
    assert _names(_get(client, org.staff, "committee-list")) == ["乌衣镇联络组", "南谯区政协"]


def test_sector_list_within_county_excludes_other_county(client, org):
    SectorFactory(committee=org.county, name="经济界")
    SectorFactory(committee=org.other_county, name="农业界")
    assert _names(_get(client, org.city_staff, "sector-list", within=org.county.pk)) == ["经济界"]


def test_member_list_is_paginated_by_fifty(client, org):
    MemberFactory.create_batch(55, committee=org.county)
    data = _get(client, org.staff, "member-list")
    assert data["count"] == 57
    assert len(data["results"]) == 50
    assert data["next"] is not None


# ----------------------------------------------------------------------------- personal data
def _phone_of(data, member):
    return next(row for row in data["results"] if row["id"] == member.pk)["phone"]


def test_member_sees_other_members_phone_masked_and_own_phone(client, org):
    data = _get(client, org.member_user, "member-list")
    other = next(row for row in data["results"] if row["id"] == org.other_member.pk)
    assert other["phone"] == org.other_member.phone[:3] + "****" + org.other_member.phone[-4:]
    assert other["birth_date"] is None and other["email"] == ""
    assert _phone_of(data, org.member) == org.member.phone


def test_office_viewer_sees_phones_masked(client, org):
    data = _get(client, org.office, "member-list")
    assert _phone_of(data, org.member) == org.member.phone[:3] + "****" + org.member.phone[-4:]


def test_staff_see_phones_unmasked(client, org):
    data = _get(client, org.staff, "member-list")
    assert _phone_of(data, org.other_member) == org.other_member.phone
    row = next(row for row in data["results"] if row["id"] == org.other_member.pk)
    assert row["birth_date"] == "1975-05-01"


def test_unit_phones_masked_except_for_staff_and_own_liaison(client, org):
    def contact(user):
        data = _get(client, user, "unit-list")
        return next(row for row in data["results"] if row["id"] == org.unit.pk)["leader_phone"]

    assert contact(org.member_user) == "139****0000"
    assert contact(org.unit_user) == "13900000000"
    assert contact(org.staff) == "13900000000"


# ----------------------------------------------------------------------------- writes
def test_staff_create_member_in_their_subtree(api, org):
    sector = SectorFactory(committee=org.township, name="农业界")
    response = api(
        "post", org.staff, "member-list",
        {"committee": org.township.pk, "name": "陈新委", "phone": "13955550001", "sector": sector.pk, "party": "cpc"},
    )
    assert response.status_code == 201, response.json()
    member = Member.objects.get(name="陈新委")
    assert (member.committee, member.sector, member.phone) == (org.township, sector, "13955550001")
    assert response.json()["phone"] == "13955550001"


def test_staff_cannot_create_member_in_another_county(api, org):
    response = api("post", org.staff, "member-list", {"committee": org.other_county.pk, "name": "越权委员"})
    assert response.status_code == 403
    assert "管理范围" in response.json()["detail"]
    assert not Member.objects.filter(name="越权委员").exists()


def test_sector_of_another_committee_is_rejected_in_chinese(api, org):
    far_sector = SectorFactory(committee=org.other_county)
    response = api("post", org.city_staff, "member-list", {"committee": org.county.pk, "name": "错界别", "sector": far_sector.pk})
    assert response.status_code == 400
    assert response.json() == {"sector": ["界别必须属于同一政协组织。"]}
    assert not Member.objects.filter(name="错界别").exists()


def test_bad_phone_is_rejected_in_chinese_and_nothing_saved(api, org):
    response = api("post", org.staff, "member-list", {"committee": org.county.pk, "name": "错号码", "phone": "12345"})
    assert response.status_code == 400
    assert "手机号码格式不正确" in response.json()["phone"][0]
    assert not Member.objects.filter(name="错号码").exists()


def test_duplicate_phone_in_one_committee_is_rejected(api, org):
    response = api("post", org.staff, "member-list", {"committee": org.county.pk, "name": "重号", "phone": org.member.phone})
    assert response.status_code == 400
    assert response.json()["phone"] == ["该政协组织中已有委员使用此手机号码。"]


def test_township_outside_the_committee_is_rejected(api, org):
    far_township = CommitteeFactory(name="半塔镇联络组", level=CommitteeLevel.TOWNSHIP, parent=org.other_county)
    response = api("patch", org.city_staff, "member-detail", {"township": far_township.pk}, pk=org.member.pk)
    assert response.status_code == 400
    assert "乡镇" in response.json()["township"][0]
    org.member.refresh_from_db()
    assert org.member.township is None


def test_staff_update_member_and_cannot_move_it_out_of_their_subtree(api, org):
    response = api("patch", org.staff, "member-detail", {"position": "主任委员", "is_standing": True}, pk=org.member.pk)
    assert response.status_code == 200
    org.member.refresh_from_db()
    assert (org.member.position, org.member.is_standing) == ("主任委员", True)

    response = api("patch", org.staff, "member-detail", {"committee": org.other_county.pk}, pk=org.member.pk)
    assert response.status_code == 403
    org.member.refresh_from_db()
    assert org.member.committee == org.county


def test_member_cannot_edit_records(api, org):
    response = api("patch", org.member_user, "member-detail", {"position": "自封主任"}, pk=org.member.pk)
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有权限执行此操作。"
    org.member.refresh_from_db()
    assert org.member.position == ""


def test_staff_create_sector_and_unit_with_validation(api, org):
    response = api("post", org.staff, "sector-list", {"committee": org.county.pk, "name": "科技界"})
    assert response.status_code == 201
    assert Sector.objects.filter(committee=org.county, name="科技界").exists()
    response = api("post", org.staff, "unit-list", {"committee": org.county.pk, "name": "南谯区民政局", "contact_phone": "电话"})
    assert response.status_code == 400
    assert "电话号码格式不正确" in response.json()["contact_phone"][0]


# ----------------------------------------------------------------------------- me and roles
def test_me_for_staff_member_and_liaison(client, org):
    staff = _get(client, org.staff, "me-list")
    assert (staff["roles"], staff["manage_committee_ids"], staff["member"]) == (["staff"], [org.county.pk], None)
    member = _get(client, org.member_user, "me-list")
    assert (member["roles"], member["member"], member["read_committee_ids"]) == (["member"], org.member.pk, [])
    liaison = _get(client, org.unit_user, "me-list")
    assert (liaison["roles"], liaison["unit_ids"]) == (["unit"], [org.unit.pk])


def test_role_assignments_list_only_the_managed_subtree(client, org):
    data = _get(client, org.staff, "role-assignment-list")
    expected = RoleAssignment.objects.filter(committee__in=[org.county, org.township]).count()
    assert data["count"] == expected
    assert {row["username"] for row in data["results"]} >= {"county_staff", "unit_user"}
    assert "other_staff" not in {row["username"] for row in data["results"]}
    assert RoleAssignment.objects.filter(user=org.other_staff, role=Role.STAFF).exists()


def test_member_rows_planned_once_are_what_drf_writes_field_by_field(org):
    # portal.api.PlannedRepresentation reads columns by plain attribute reads from a plan made once per
    # serializer: every field of every row as DRF's own walk over the fields writes it
    import datetime

    from members.models import MemberGroup
    from members.serializers import MemberSerializer
    from portal.api import PlannedRepresentation

    full = MemberFactory(committee=org.county, name="郑提案", sector=SectorFactory(committee=org.county, name="经济界"),
                         special_committee=SpecialCommitteeFactory(committee=org.county, name="提案委员会"),
                         township=org.township, member_group=MemberGroup.objects.create(committee=org.county, name="一组"),
                         birth_date=datetime.date(1970, 5, 4), email="z@example.cn", is_standing=True)
    bare = MemberFactory(committee=org.county, name="钱无界", sector=None, phone="")

    class Request:
        user = org.staff

    serializer = MemberSerializer(context={"request": Request})
    for member in (full, bare, org.member):
        member = Member.objects.get(pk=member.pk)
        planned = PlannedRepresentation.to_representation(serializer, member)
        walked = super(PlannedRepresentation, serializer).to_representation(member)
        assert planned == walked and list(planned) == list(walked)
    assert planned["committee"] == org.county.pk and planned["created_at"].endswith("+08:00")
