"""The idle timeout holds without writing the session on every request (portal/sessions.py): the expiry
is pushed on at most once a minute."""

import base64
import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
SECONDS = datetime.timedelta(seconds=1)
MINUTES = datetime.timedelta(minutes=1)


def _login(client):
    response = client.post(LOGIN, {"username": "county_staff", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302
    return client.session.session_key


def _session_writes(client, path="/"):
    """(status, the INSERT/UPDATE/DELETE statements on django_session) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    return response.status_code, writes


def test_requests_within_a_minute_write_no_session_and_the_next_one_does(client, org, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        key = _login(client)
        expiry = Session.objects.get(session_key=key).expire_date
        for _ in range(3):
            traveller.shift(15 * SECONDS)
            assert _session_writes(client) == (200, [])
        assert Session.objects.get(session_key=key).expire_date == expiry
        traveller.shift(20 * SECONDS)  # 65 s after the login
        status, writes = _session_writes(client)
        assert status == 200 and len(writes) == 1
        assert Session.objects.get(session_key=key).expire_date == expiry + 65 * SECONDS


def test_idle_user_is_signed_out_within_a_minute_of_the_idle_age(client, org):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _login(client)
        traveller.shift(50 * SECONDS)
        assert _session_writes(client) == (200, [])  # a click that did not push the expiry on
        traveller.shift(29 * MINUTES + 11 * SECONDS)  # 30 minutes after the login, 29 min 10 s after that click
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/"


def test_user_clicking_every_few_minutes_keeps_the_session_for_hours(client, org):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _login(client)
        for _ in range(40):  # two hours, a click every three minutes
            traveller.shift(3 * MINUTES)
            assert client.get("/").status_code == 200
        traveller.shift(31 * MINUTES)
        assert client.get("/").status_code == 302


def test_basic_auth_api_calls_create_and_write_no_session(client, org):
    token = base64.b64encode(f"county_staff:{PASSWORD}".encode()).decode()
    before = Session.objects.count()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Basic {token}")
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
        assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert Session.objects.count() == before


def test_anonymous_visitor_gets_no_session(client, org):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/proposals/public/").status_code == 200
    assert Session.objects.count() == 0
