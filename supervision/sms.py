"""SMS backends, chosen by dotted path in settings.SMS_BACKEND (like Django's EMAIL_BACKEND).

A real gateway subclasses BaseSMSBackend and implements send(); raising marks the delivery for retry.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from members.scopes import mask_phone

logger = logging.getLogger(__name__)

# Messages "sent" by MemorySMSBackend, like django.core.mail.outbox (for tests).
outbox = []


class BaseSMSBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSMSBackend(BaseSMSBackend):
    """The default: writes each message to the log (phone masked) instead of sending it."""

    def send(self, phone, text):
        logger.info("短信 → %s：%s", mask_phone(phone), text)


class MemorySMSBackend(BaseSMSBackend):
    """Keeps messages in `supervision.sms.outbox`."""

    def send(self, phone, text):
        outbox.append((phone, text))


def get_sms_backend(path=None) -> BaseSMSBackend:
    return import_string(path or settings.SMS_BACKEND)()
