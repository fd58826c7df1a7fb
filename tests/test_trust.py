"""Trust basics (DESIGN §6): lockout per username and address, idle timeout, the audit trail."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from members.enums import Role
from portal.audit import audit, record_transition
from portal.models import AuditEvent, AuditLog, StateChange
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_lockout_after_five_failures_for_that_username_and_address(client, org):
    for _ in range(4):
        response = attempt(client, "county_staff", "wrong-password", "10.1.1.1")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    response = attempt(client, "county_staff", "wrong-password", "10.1.1.1")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    # the right password from the locked address is refused too
    response = attempt(client, "county_staff", PASSWORD, "10.1.1.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # the same account from another address, and another account from the same address, still log in
    assert attempt(client, "county_staff", PASSWORD, "10.2.2.2").status_code == 302
    client.logout()
    assert attempt(client, "county_office", PASSWORD, "10.1.1.1").status_code == 302


def test_four_failures_then_success_resets_the_count(client, org):
    for _ in range(4):
        attempt(client, "county_staff", "wrong-password", "10.1.1.1")
    assert attempt(client, "county_staff", PASSWORD, "10.1.1.1").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "county_staff", "wrong-password", "10.1.1.1").status_code == 200


def test_admin_login_is_locked_out_too(client, org):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "county_staff", "password": "x"}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_login_and_failed_login_write_audit_rows(client, org):
    attempt(client, "county_staff", "wrong-password", "10.1.1.1")
    attempt(client, "county_staff", PASSWORD, "10.1.1.1")
    rows = list(AuditLog.objects.order_by("id").values_list("event", "username", "ip_address"))
    assert rows == [
        (AuditEvent.LOGIN_FAILED, "county_staff", "10.1.1.1"),
        (AuditEvent.LOGIN, "county_staff", "10.1.1.1"),
    ]


def test_export_writes_audit_row(client, org):
    client.force_login(org.office)
    client.get("/members/export.xlsx", REMOTE_ADDR="10.9.9.9")
    log = AuditLog.objects.get(event=AuditEvent.EXPORT)
    assert (log.user, log.ip_address, log.detail) == (org.office, "10.9.9.9", "委员名单: 2 行")


@pytest.mark.parametrize(("idle_minutes", "logged_in"), [(29, True), (31, False)])
def test_idle_session_times_out(client, org, settings, idle_minutes, logged_in):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert attempt(client, "county_staff", PASSWORD, "10.1.1.1").status_code == 302
        traveller.shift(datetime.timedelta(minutes=idle_minutes))
        response = client.get("/")
        assert (response.status_code == 200) is logged_in
        if not logged_in:
            assert response["Location"] == "/accounts/login/?next=/"


def test_active_session_is_kept_past_the_idle_limit(client, org):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert attempt(client, "county_staff", PASSWORD, "10.1.1.1").status_code == 302
        for _ in range(4):  # two hours of work, a request every 25 minutes
            traveller.shift(datetime.timedelta(minutes=25))
            assert client.get("/").status_code == 200


# ---------------------------------------------------------------- the audit trail cannot be edited


@pytest.fixture
def logs(org):
    own = audit(AuditEvent.LOGIN, user=org.office)
    other = audit(AuditEvent.LOGIN, user=org.other_staff)
    anonymous = audit(AuditEvent.LOGIN_FAILED, username="nobody")
    return own, other, anonymous


def test_superuser_reads_audit_log_but_cannot_edit_add_or_delete(client, org, logs):
    own, _other, _anon = logs
    client.force_login(org.superuser)  # writes a login row itself
    count = AuditLog.objects.count()
    assert client.get("/admin/portal/auditlog/").status_code == 200
    assert client.get(f"/admin/portal/auditlog/{own.pk}/change/").status_code == 200
    response = client.post(f"/admin/portal/auditlog/{own.pk}/change/", {"event": "export", "username": "x", "detail": "x"})
    assert response.status_code == 403
    assert client.get("/admin/portal/auditlog/add/").status_code == 403
    assert client.post("/admin/portal/auditlog/add/", {"event": "login"}).status_code == 403
    assert client.post(f"/admin/portal/auditlog/{own.pk}/delete/", {"post": "yes"}).status_code == 403
    own.refresh_from_db()
    assert (own.event, own.username) == (AuditEvent.LOGIN, "county_office")
    assert AuditLog.objects.count() == count


def test_audit_log_filters_and_search(client, org, logs):
    client.force_login(org.superuser)
    response = client.get("/admin/portal/auditlog/", {"event__exact": AuditEvent.LOGIN_FAILED})
    assert [r.username for r in response.context["cl"].result_list] == ["nobody"]
    response = client.get("/admin/portal/auditlog/", {"q": "other_staff"})
    assert [r.username for r in response.context["cl"].result_list] == ["other_staff"]


def test_staff_see_audit_rows_of_their_subtree_only(client, org, logs):
    own, other, _anon = logs
    client.force_login(org.staff)
    response = client.get("/admin/portal/auditlog/")
    shown = {(r.username, r.event) for r in response.context["cl"].result_list}
    assert shown == {("county_office", AuditEvent.LOGIN), ("county_staff", AuditEvent.LOGIN)}
    assert client.get(f"/admin/portal/auditlog/{other.pk}/change/").status_code == 302


def test_members_and_units_have_no_audit_admin(client, org, logs):
    client.force_login(org.unit_user)
    response = client.get("/admin/portal/auditlog/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_state_change_admin_is_read_only(client, org):
    ra = org.staff.roles.get(role=Role.STAFF)
    change = record_transition(ra, actor=org.staff, action="assign_role", to_state="staff")
    client.force_login(org.superuser)
    assert client.get(f"/admin/portal/statechange/{change.pk}/change/").status_code == 200
    response = client.post(f"/admin/portal/statechange/{change.pk}/change/", {"action": "x", "to_state": "y"})
    assert response.status_code == 403
    assert client.post(f"/admin/portal/statechange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StateChange.objects.get(pk=change.pk).to_state == "staff"


def test_locked_out_page_states_the_configured_lock_time(client, org, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=45)
    for _ in range(5):
        response = attempt(client, "county_staff", "wrong-password", "10.9.9.9")
    assert response.status_code == 429
    assert "连续 5 次登录失败，该账号在此地址已被锁定 45 分钟。" in response.content.decode()
