from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit
from .models import AuditEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit(AuditEvent.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(AuditEvent.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    """A failed login is anonymous: the name comes from the credentials tried, never from `request.user`.

    During the API's HTTP Basic authentication `request` is DRF's Request, whose `.user` *is* the
    authentication in progress: reading it would authenticate (and fail) again, without end.
    """
    audit(AuditEvent.LOGIN_FAILED, request=request, user=AnonymousUser(),
          username=str(credentials.get("username", ""))[:150])
