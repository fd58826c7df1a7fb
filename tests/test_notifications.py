"""Notifications (the bell, the page, the API) and the email/SMS outbox."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision import sms
from supervision.enums import Channel, DeliveryState
from supervision.models import Delivery, Notification
from supervision.services import deliver_pending
from supervision.services.delivery import MAX_ATTEMPTS


class FlakyGateway(sms.BaseSMSBackend):
    """A gateway that rejects one number (an external service failing, not our code)."""

    BROKEN = "13800000000"

    def send(self, phone, text):
        if phone == self.BROKEN:
            raise ConnectionError("短信网关超时")
        sms.outbox.append((phone, text))


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = "tests.test_notifications.FlakyGateway"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def email(to, **kw):
    return Delivery.objects.create(channel=Channel.EMAIL, recipient=to, subject="督办提醒", body="请按时答复。",
                                   next_attempt_at=timezone.now(), **kw)


def text(to, **kw):
    return Delivery.objects.create(channel=Channel.SMS, recipient=to, subject="督办提醒", body="请按时答复。",
                                   next_attempt_at=timezone.now(), **kw)


# ---------------------------------------------------------------- outbox


def test_pending_deliveries_are_sent_once(db, gateway):
    email("a@example.cn")
    text("13811112222")
    assert deliver_pending().sent == 2
    assert deliver_pending().sent == 0
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert gateway == [("13811112222", "请按时答复。")]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_worker_dying_mid_send_stale_claim_is_retried_once_fresh_one_is_not(db, gateway):
    now = timezone.now()
    stale = email("stale@example.cn", state=DeliveryState.SENDING, claimed_at=now - dt.timedelta(hours=1), attempts=1)
    fresh = email("fresh@example.cn", state=DeliveryState.SENDING, claimed_at=now - dt.timedelta(seconds=30), attempts=1)
    assert deliver_pending().sent == 1
    assert deliver_pending().sent == 0
    assert [m.to for m in mail.outbox] == [["stale@example.cn"]]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.state, stale.attempts) == (DeliveryState.SENT, 2)
    assert fresh.state == DeliveryState.SENDING


def test_a_failing_delivery_is_pushed_later_without_stalling_the_others(db, gateway):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        broken = text(FlakyGateway.BROKEN)
        text("13811112222")
        email("a@example.cn")
        result = deliver_pending()
        assert (result.sent, result.retrying) == (2, 1)
        broken.refresh_from_db()
        assert (broken.state, broken.attempts, broken.error) == (DeliveryState.PENDING, 1, "短信网关超时")
        assert broken.next_attempt_at == start + dt.timedelta(minutes=5)
        assert deliver_pending().retrying == 0  # not due yet
        for attempt in range(2, MAX_ATTEMPTS + 1):
            traveller.shift(dt.timedelta(hours=3))
            result = deliver_pending()
            assert (result.retrying, result.failed) == ((1, 0) if attempt < MAX_ATTEMPTS else (0, 1))
    broken.refresh_from_db()
    assert (broken.state, broken.attempts) == (DeliveryState.FAILED, MAX_ATTEMPTS)
    assert len(gateway) == 1 and len(mail.outbox) == 1


# ---------------------------------------------------------------- pages


def notify(user, title="督办提醒：答复提案", **kw):
    return Notification.objects.create(user=user, title=title, body="还有 3 天到期。", **kw)


def test_bell_and_page_show_unread_notifications(client, org):
    notify(org.unit_user)
    notify(org.unit_user, title="督办提醒：另一件")
    notify(org.other_unit_user, title="别人的通知")
    client.force_login(org.unit_user)
    response = client.get("/supervision/notifications/")
    page = response.content.decode()
    assert response.context["unread_count"] == 2
    assert 'data-testid="unread-count">2<' in page
    assert "督办提醒：另一件" in page and "别人的通知" not in page


def test_mark_one_notification_read(client, org):
    first = notify(org.unit_user)
    notify(org.unit_user, title="第二条")
    client.force_login(org.unit_user)
    response = client.post(f"/supervision/notifications/{first.pk}/read/", {"next": "/supervision/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/supervision/notifications/"
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("title", flat=True)) == ["第二条"]
    assert client.get("/").context["unread_count"] == 1


def test_mark_all_read_and_others_notifications_are_404(client, org):
    notify(org.unit_user)
    notify(org.unit_user)
    theirs = notify(org.other_unit_user)
    client.force_login(org.unit_user)
    assert client.get(f"/supervision/notifications/{theirs.pk}/read/").status_code == 405
    assert client.post(f"/supervision/notifications/{theirs.pk}/read/").status_code == 404
    response = client.post("/supervision/notifications/read-all/", follow=True)
    assert "已将 2 条通知标为已读。" in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # only the other user's


def test_notifications_api_own_only_with_mark_read(client, org):
    mine = notify(org.member_user)
    theirs = notify(org.other_member_user)
    client.force_login(org.member_user)
    listing = client.get("/api/v1/notifications/?unread=true").json()
    assert [n["id"] for n in listing["results"]] == [mine.pk]
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    response = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    notify(org.member_user)
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}


@pytest.mark.parametrize("url", ["/api/v1/notifications/", "/supervision/notifications/"])
def test_notification_lists_query_count_does_not_grow(client, org, url):
    client.force_login(org.member_user)
    notify(org.member_user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(20):
        notify(org.member_user)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)
