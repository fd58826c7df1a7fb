"""Obligation titles and notifications are stored as message ids with parameters and shown in the
reader's language: an English reader sees English in the pages and the API, a Chinese reader Chinese,
from the same rows."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils.translation import gettext_noop

from supervision.enums import ObligationKind, OwnerKind
from supervision.messages import Message
from supervision.models import Notification, Obligation
from supervision.services import create_obligation, run_sweep

TZ = ZoneInfo("Asia/Shanghai")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def staff_obligation(org):
    # a title built from message ids (the same mechanism as every proposal deadline's title)
    title = Message(gettext_noop("《%(title)s》：%(state)s。"), title="年度总结", state=Message(gettext_noop("办理中")))
    return create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title=title,
                             owner_kind=OwnerKind.STAFF, due_date=dt.date(2027, 3, 4), start_date=dt.date(2027, 3, 1))


def test_obligation_title_in_the_readers_language_in_pages_and_api(client, org):
    ob = staff_obligation(org)
    assert Obligation.objects.get(pk=ob.pk).title == "《年度总结》：办理中。"  # the stored fallback
    client.force_login(org.staff)
    english = "“年度总结”: Being handled."
    assert english in client.get(reverse("supervision:obligation_detail", args=[ob.pk]), **EN).content.decode()
    assert english in client.get(reverse("supervision:obligations"), **EN).content.decode()
    rows = client.get("/api/v1/obligations/", **EN).json()["results"]
    assert [r["title"] for r in rows] == [english]
    rows = client.get("/api/v1/obligations/").json()["results"]
    assert [r["title"] for r in rows] == ["《年度总结》：办理中。"]


def test_reminder_notifications_in_the_readers_language(client, org):
    staff_obligation(org)
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=TZ), tick=False):
        run_sweep()  # the before-3 stage fired on creation day: the staff get a reminder
    note = Notification.objects.get(user=org.staff)
    assert note.title == "督办提醒：《年度总结》：办理中。"  # stored in the site language
    client.force_login(org.staff)
    page = client.get(reverse("supervision:notifications"), **EN).content.decode()
    assert "Reminder: “年度总结”: Being handled." in page
    assert "督办提醒" not in page
    rows = client.get("/api/v1/notifications/", **EN).json()["results"]
    assert rows[0]["title"] == "Reminder: “年度总结”: Being handled."
    assert rows[0]["body"].startswith("““年度总结”: Being handled.” is due on 2027-03-04")
    assert client.get("/api/v1/notifications/").json()["results"][0]["title"] == "督办提醒：《年度总结》：办理中。"


def test_rows_without_a_message_id_show_their_text(client, org):
    Notification.objects.create(user=org.staff, title="旧通知", body="旧内容")
    client.force_login(org.staff)
    assert client.get("/api/v1/notifications/", **EN).json()["results"][0]["title"] == "旧通知"


def test_choice_labels_in_the_api_follow_the_callers_language(client, org):
    # DisplayField keeps one table of labels per field and language: asking in English, then in Chinese,
    # then in English again gets each language's labels, never the first caller's
    staff_obligation(org)
    client.force_login(org.staff)
    for headers, label in ((EN, "General"), ({}, "一般事项"), (EN, "General")):
        rows = client.get("/api/v1/obligations/", **headers).json()["results"]
        assert [r["kind_display"] for r in rows] == [label]


def test_get_display_reads_the_label_table_in_the_active_language(org):
    # portal/choices.py: our models' get_FOO_display answer from a table per field and language
    from django.utils import translation

    ob = staff_obligation(org)
    for language, label in (("en", "General"), ("zh-hans", "一般事项"), ("en", "General")):
        with translation.override(language):
            assert ob.get_kind_display() == label
    ob.kind = "no-such-kind"  # a value outside the choices: the value itself, as Django answers
    assert ob.get_kind_display() == "no-such-kind"
