"""Every change to people and organisation records is audited, whichever path made it, and nobody can
edit the record of it; revoking a staff role takes the admin away."""

import pytest
from rest_framework.test import APIClient

from members.accounts import assign_role
from members.enums import Role
from members.models import RoleAssignment
from portal.models import ChangeRecord
from tests.factories import SectorFactory
from tests.test_member_import import IMPORT_URL, row, xlsx_upload
from tests.test_members_admin import member_form


def last_change(obj):
    return ChangeRecord.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id").first()


def test_phone_change_in_the_admin_is_recorded_with_old_new_and_actor(client, org):
    old = org.member.phone
    client.force_login(org.staff)
    response = client.post(f"/admin/members/member/{org.member.pk}/change/",
                           member_form(org, name=org.member.name, phone="13711112222", birth_date="1975-05-01"))
    assert response.status_code == 302
    record = last_change(org.member)
    assert record.action == "update" and record.via == "admin"
    assert record.actor == org.staff and record.actor_name == "county_staff"
    assert record.changes == {"phone": [old, "13711112222"]}


def test_phone_change_through_the_api_is_recorded(org):
    old = org.member.phone
    c = APIClient()
    c.force_authenticate(org.staff)
    assert c.patch(f"/api/v1/members/{org.member.pk}/", {"phone": "13733334444"}, format="json").status_code == 200
    record = last_change(org.member)
    assert (record.via, record.actor, record.changes) == ("api", org.staff, {"phone": [old, "13733334444"]})


def test_imported_members_are_recorded_with_their_phone_and_the_importer(client, org):
    SectorFactory(committee=org.county, name="教育界")
    client.force_login(org.staff)
    response = client.post(IMPORT_URL, {"committee": org.county.pk,
                                        "file": xlsx_upload([row(special="", phone="13955556666")])})
    assert response.status_code == 200
    client.post(IMPORT_URL, {"token": response.context["token"]})
    record = ChangeRecord.objects.get(model="members.member", object_repr="王五")
    assert (record.action, record.via, record.actor) == ("create", "import", org.staff)
    assert record.changes["phone"] == [None, "13955556666"]
    assert record.changes["sector"][1].startswith("教育界")


def test_related_records_are_named_and_deletes_recorded(client, org):
    sector = SectorFactory(committee=org.county, name="经济界")
    client.force_login(org.staff)
    data = member_form(org, name=org.member.name, phone=org.member.phone, sector=sector.pk, birth_date="1975-05-01")
    assert client.post(f"/admin/members/member/{org.member.pk}/change/", data).status_code == 302
    assert last_change(org.member).changes == {"sector": [None, f"经济界 (#{sector.pk})"]}
    assert client.post(f"/admin/members/sector/{sector.pk}/delete/", {"post": "yes"}).status_code == 302
    record = last_change(sector)
    assert record.action == "delete" and record.changes["name"] == ["经济界", None]


def test_accounts_and_roles_are_recorded_without_passwords(org):
    assignment, password = assign_role(actor=org.staff, username="new_office", role=Role.OFFICE, committee=org.county)
    user = assignment.user
    created = last_change(user)
    assert created.action == "create" and created.actor == org.staff
    assert password not in str(created.changes) and created.changes["password"] == ["******", "******"]
    assert last_change(assignment).changes["role"] == [None, "office"]
    user.set_password("Another-pass-2026!")
    user.save()
    assert last_change(user).changes == {"password": ["******", "******"]}


def test_superuser_reads_change_records_nobody_edits_them(client, org):
    client.force_login(org.staff)
    client.post(f"/admin/members/member/{org.member.pk}/change/",
                member_form(org, name=org.member.name, phone="13711112222", birth_date="1975-05-01"))
    record = last_change(org.member)
    assert client.get("/admin/portal/changerecord/").status_code == 403  # staff do not read it
    client.force_login(org.superuser)
    listing = client.get("/admin/portal/changerecord/")
    assert listing.status_code == 200 and "张委员" in listing.content.decode()
    page = client.get(f"/admin/portal/changerecord/{record.pk}/change/")
    assert page.status_code == 200 and "13711112222" in page.content.decode()
    assert client.get("/admin/portal/changerecord/add/").status_code == 403
    assert client.post(f"/admin/portal/changerecord/{record.pk}/change/", {"object_repr": "x"}).status_code == 403
    assert client.post(f"/admin/portal/changerecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ChangeRecord.objects.get(pk=record.pk).object_repr == record.object_repr


def test_revoking_the_staff_role_removes_admin_access(client, org):
    client.force_login(org.staff)
    assert client.get("/admin/").status_code == 200
    role = RoleAssignment.objects.get(user=org.staff, role=Role.STAFF)
    city = client.__class__()
    city.force_login(org.city_staff)
    assert city.post(f"/admin/members/roleassignment/{role.pk}/delete/", {"post": "yes"}).status_code == 302
    org.staff.refresh_from_db()
    assert not org.staff.is_staff
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert last_change(role).action == "delete"


@pytest.mark.parametrize("keep", [Role.STAFF])
def test_another_staff_role_keeps_admin_access(org, keep):
    RoleAssignment.objects.create(user=org.staff, role=keep, committee=org.township)
    RoleAssignment.objects.get(user=org.staff, role=Role.STAFF, committee=org.county).delete()
    org.staff.refresh_from_db()
    assert org.staff.is_staff
