"""Upload checks by content (DESIGN §6): PDF, DOCX, XLSX, JPG, PNG only, size-limited, generated names.

The file name and the browser's content type are not trusted: the type comes from the magic bytes,
and a DOCX/XLSX must be a zip holding `[Content_Types].xml` and `word/document.xml` / `xl/workbook.xml`.
"""

import io
import uuid
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .errors import ProposalError

PDF, DOCX, XLSX, JPG, PNG = "pdf", "docx", "xlsx", "jpg", "png"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    JPG: "image/jpeg",
    PNG: "image/png",
}
ALLOWED_LABEL = "PDF、DOCX、XLSX、JPG、PNG"


def _zip_kind(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(data: bytes):
    """The file kind by content, or None when it is none of the allowed types."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def read_upload(uploaded):
    """Read an uploaded file (Django UploadedFile or any object with read()/size/name) within the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ProposalError(_("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, code="too_large")
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ProposalError(_("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, code="too_large")
    if not data:
        raise ProposalError(_("文件为空。"), code="empty")
    return data


def checked_file(uploaded, *, allowed=(PDF, DOCX, XLSX, JPG, PNG)):
    """Validate an upload by content; return (ContentFile with a generated name, original name, type, size)."""
    data = read_upload(uploaded)
    kind = sniff(data)
    if kind is None or kind not in allowed:
        labels = _("、").join(k.upper() for k in allowed)
        raise ProposalError(
            _("文件类型不允许：只能上传 %(types)s 文件（按文件内容检查，而不是扩展名）。") % {"types": labels}, code="bad_type"
        )
    original = (getattr(uploaded, "name", "") or f"file.{kind}").rsplit("/", 1)[-1][:200]
    stored = ContentFile(data, name=f"{uuid.uuid4().hex}.{kind}")
    return stored, original, CONTENT_TYPES[kind], len(data)
