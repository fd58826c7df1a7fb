"""The idle timeout without a session write on every request.

A session row expires SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) after it was last saved. Saving it on
every request (SESSION_SAVE_EVERY_REQUEST) kept that true to the second, at the price of an UPDATE of
django_session per request. This middleware saves it only when the last refresh is older than
SESSION_REFRESH_SECONDS (a minute, at most a tenth of the idle age): a user who keeps working keeps the
session, an idle one is signed out between (idle age - refresh interval) and the idle age after their
last request, and a request within the interval writes nothing. Requests that do not use the session
(HTTP Basic API calls, static files, /healthz) are left alone, and no session is created for a visitor
who has none.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED = "_refreshed"  # the session key holding when it was last refreshed (whole seconds since the epoch)


@receiver(user_logged_in)
def refreshed_on_login(sender, request, user, **kwargs):
    """Signing in saves the session with a fresh expiry: that counts as its first refresh."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED] = int(time.time())


def refresh_interval():
    return getattr(settings, "SESSION_REFRESH_SECONDS", None) or min(60, settings.SESSION_COOKIE_AGE // 10)


class SessionRefreshMiddleware:
    """Place it after SessionMiddleware: it marks the session modified, and SessionMiddleware saves it
    (with a new expiry) on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(REFRESHED)
        if not session.keys() - {REFRESHED}:
            return response  # loaded and found empty (expired, or signed out): nothing to keep alive
        if session.modified or not isinstance(last, int) or now - last >= refresh_interval():
            session[REFRESHED] = now
        return response
