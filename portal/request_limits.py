"""The body-size limit of portal/limits.py, enforced before anything reads the body."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from .limits import MULTIPART_SLACK_BYTES

TOO_LARGE = _("提交的内容太大：表单内容不能超过 %(form_mb)s MB，附件不能超过 %(file_mb)s MB。")


def _mb(size):
    return f"{size / (1024 * 1024):g}"


class RequestSizeLimitMiddleware:
    """Answer 413 to a body larger than allowed, from its Content-Length, before anything reads it.

    Django checks DATA_UPLOAD_MAX_MEMORY_SIZE only when request.body / request.POST is read, and DRF's
    JSON parser reads the stream itself; this makes the limit hold for every path. A multipart body may
    also carry a file (UPLOAD_MAX_BYTES), whose content is then checked by the upload code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.content_type == "multipart/form-data":
            limit += settings.UPLOAD_MAX_BYTES + MULTIPART_SLACK_BYTES
        if limit is not None and length > limit:
            return self._too_large(request)
        return self.get_response(request)

    @staticmethod
    def _too_large(request):
        message = str(TOO_LARGE) % {"form_mb": _mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
                                    "file_mb": _mb(settings.UPLOAD_MAX_BYTES)}
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
