"""The outbox: email and SMS rows, each claimed with a conditional UPDATE and sent once.

A row is due when it is pending and its next attempt has come, or when it was claimed (sending) so
long ago that its worker must have died. Claiming flips it to `sending` only if it is still due, so
two workers never send the same row; this needs no row locks and works on SQLite and PostgreSQL.
A failure pushes that row's next attempt later (and gives up after MAX_ATTEMPTS) without stalling others.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from ..enums import Channel, DeliveryState
from ..models import Delivery
from ..sms import get_sms_backend

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 5
BATCH = 500


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _due_q(now):
    return (
        Q(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        | Q(state=DeliveryState.PENDING, next_attempt_at__isnull=True)
        | Q(state=DeliveryState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def deliveries_due(now=None):
    return Delivery.objects.filter(_due_q(now or timezone.now())).exists()


def backoff(attempts):
    """5, 20, 45, 80 minutes after the 1st, 2nd, 3rd, 4th failed attempt."""
    return timedelta(minutes=5 * attempts * attempts)


def _claim(pk, now):
    return Delivery.objects.filter(_due_q(now), pk=pk).update(
        state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    ) == 1


def _send(delivery, sms):
    if delivery.channel == Channel.EMAIL:
        send_mail(delivery.subject, delivery.body, None, [delivery.recipient], fail_silently=False)
    elif delivery.channel == Channel.SMS:
        sms.send(delivery.recipient, delivery.body)
    else:
        raise ValueError(f"unknown channel {delivery.channel}")


def _deliver_one(pk, now, sms, result):
    delivery = Delivery.objects.get(pk=pk)
    try:
        _send(delivery, sms)
    except Exception as exc:  # noqa: BLE001 - any backend failure is recorded on the row
        give_up = delivery.attempts >= MAX_ATTEMPTS
        logger.warning("外发消息 %s 发送失败（第 %s 次）：%s", pk, delivery.attempts, exc)
        Delivery.objects.filter(pk=pk, state=DeliveryState.SENDING).update(
            state=DeliveryState.FAILED if give_up else DeliveryState.PENDING,
            error=str(exc)[:500], next_attempt_at=now + backoff(delivery.attempts),
        )
        if give_up:
            result.failed += 1
        else:
            result.retrying += 1
        return
    Delivery.objects.filter(pk=pk).update(state=DeliveryState.SENT, sent_at=timezone.now(), error="")
    result.sent += 1


def deliver_pending(*, now=None):
    """Send every due email/SMS row.

    Side effects: emails through Django's EMAIL_BACKEND, SMS through settings.SMS_BACKEND; each row
    ends sent, pending with a later next_attempt_at, or failed after MAX_ATTEMPTS.
    """
    now = now or timezone.now()
    result = DeliveryResult()
    sms = get_sms_backend()
    while True:
        pks = list(Delivery.objects.filter(_due_q(now)).order_by("pk").values_list("pk", flat=True)[:BATCH])
        claimed = [pk for pk in pks if _claim(pk, now)]
        for pk in claimed:
            _deliver_one(pk, now, sms, result)
        if len(pks) < BATCH or not claimed:
            return result
