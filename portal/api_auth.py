"""How the API knows who is calling: the pages' session, or HTTP Basic counted by django-axes.

Kept apart from portal/api.py: DRF imports these classes while it is itself being imported.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, status


class SessionAuthentication(authentication.SessionAuthentication):
    """The pages' session, first; a client that sent HTTP Basic credentials is answered as one.

    DRF takes the challenge of a failed or missing login from the first authentication class; the
    session has none, so a wrong Basic password would come back as 403. A client that authenticates
    with Basic gets 401 and the Basic challenge; a browser without credentials keeps getting 403
    (no password dialog popping up over the pages).
    """

    def authenticate_header(self, request):
        if authentication.get_authorization_header(request).split()[:1] == [b"Basic"]:
            return f'Basic realm="{BasicAuthentication.www_authenticate_realm}"'
        return None


class AccountLocked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked"


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic through Django's `authenticate`, so django-axes counts a wrong password once, like the
    login page, and refuses a locked username and address with the page's message (429)."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                raise AccountLocked(_("连续 %(n)s 次登录失败，该账号在此地址已被锁定 %(minutes)s 分钟。")
                                    % {"n": settings.AXES_FAILURE_LIMIT, "minutes": minutes}) from None
            raise
