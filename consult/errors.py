"""The domain errors of consultation: a clear message (Chinese source, translated when raised), raised
before anything changes."""

from django.utils.translation import gettext


class ConsultError(Exception):
    """An action not allowed in the current state, or bad input to a service. `message` is already
    translated into the active language (built with gettext at raise time)."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code

    def __str__(self):
        return self.message


class ConsultPermissionError(ConsultError):
    """The actor may not do this to a record they can see (403 in pages and the API)."""

    def __init__(self, message=None):
        super().__init__(message or gettext("您没有权限执行此操作。"), code="forbidden")
