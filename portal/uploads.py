"""The one upload checker (DESIGN §6: uploads are checked by content): every uploaded file is read whole and
must be what it says — a PDF that parses, an image that decodes completely, a DOCX/XLSX that opens as an
OOXML package with its main part — within the size limits, and is stored under a generated name carrying
the detected type's extension (never the client's name or extension).

Used by proposal attachments and reply letters (proposals/files.py) and the member Excel import
(members/excel/workbook.py). Raises `UploadRejected` with a Chinese message (translated at raise time).
"""

import io
import uuid
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

PDF, DOCX, XLSX, JPG, PNG = "pdf", "docx", "xlsx", "jpg", "png"
ALL_KINDS = (PDF, DOCX, XLSX, JPG, PNG)
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    JPG: "image/jpeg",
    PNG: "image/png",
}
EXTENSIONS = {PDF: {"pdf"}, DOCX: {"docx"}, XLSX: {"xlsx"}, JPG: {"jpg", "jpeg"}, PNG: {"png"}}
OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}

MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: any scan or photo; a decompression bomb is far larger
MAX_PDF_PAGES = 2000
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_RATIO = 100  # a real DOCX/XLSX expands a few times; a zip bomb a thousand times
MAX_ZIP_EXPANDED = 200 * 1024 * 1024
CHUNK = 1024 * 1024


class UploadRejected(ValueError):
    """The upload is refused; `message` is shown to the user, `code` says why (too_large, empty, bad_type, damaged)."""

    def __init__(self, message, *, code):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


@dataclass
class CheckedUpload:
    data: bytes
    kind: str
    original_name: str

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]

    @property
    def size(self):
        return len(self.data)

    def content_file(self):
        """The bytes under a generated name with the detected type's extension."""
        return ContentFile(self.data, name=f"{uuid.uuid4().hex}.{self.kind}")


def max_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def _too_large(limit):
    return UploadRejected(_("文件过大：不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, code="too_large")


def read_upload(uploaded, *, limit=None):
    """All bytes of an upload (Django UploadedFile or any object with read()), refusing more than `limit`."""
    limit = limit or max_bytes()
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise UploadRejected(_("文件为空。"), code="empty")
    return data


def _zip_kind(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, main in OOXML_MAIN_PART.items():
        if main in names:
            return kind
    return None


def sniff(data: bytes):
    """The claimed kind by the first bytes (and, for a zip, its parts), or None when none of ALL_KINDS."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


# ------------------------------------------------------------------ whole-file checks, one per kind


def _check_pdf(data):
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise ValueError("no EOF marker")
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # a damaged file is refused below; its repair warnings are noise
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted")
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PDF_PAGES:
            raise ValueError("page count")
        for page in reader.pages:
            _ = page.mediabox
    except (PyPdfError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ValueError("pdf does not parse") from exc
    finally:
        pypdf_logger.setLevel(level)


def _check_image(data, kind):
    from PIL import Image

    expected = {PNG: "PNG", JPG: "JPEG"}[kind]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValueError("too many pixels")
                image.load()  # decodes every byte: a truncated or garbage image fails here
        except (OSError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValueError("image does not decode") from exc


def _check_ooxml(data, kind):
    """An OOXML package: a sound zip (every entry's CRC checked), not a bomb, with well-formed
    [Content_Types].xml and main part."""
    limit = min(MAX_ZIP_EXPANDED, max(len(data) * MAX_ZIP_RATIO, 10 * 1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValueError("too many entries")
            if sum(info.file_size for info in entries) > limit:
                raise OverflowError("declared sizes too large")
            expanded = 0
            for info in entries:  # the declared sizes may lie: count what really comes out
                with archive.open(info) as stream:
                    while chunk := stream.read(CHUNK):
                        expanded += len(chunk)
                        if expanded > limit:
                            raise OverflowError("expands too much")
            for part in ("[Content_Types].xml", OOXML_MAIN_PART[kind]):
                ET.fromstring(archive.read(part))
    except OverflowError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ET.ParseError, KeyError, OSError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        raise ValueError("not an OOXML package") from exc


def _check_whole(data, kind):
    if kind == PDF:
        _check_pdf(data)
    elif kind in (PNG, JPG):
        _check_image(data, kind)
    else:
        _check_ooxml(data, kind)


def _labels(kinds):
    return _("、").join(k.upper() for k in kinds)


def original_name_for(uploaded, kind):
    """The client's file name without folders, with the detected type's extension when it claimed another."""
    name = (getattr(uploaded, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or f"file.{kind}"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if ext.lower() not in EXTENSIONS[kind]:
        name = f"{stem or 'file'}.{kind}"
    return name[-200:]


def check_upload(uploaded, *, allowed=ALL_KINDS, limit=None) -> CheckedUpload:
    """Read and check an upload whole; return the bytes with the detected kind.

    Raises UploadRejected: too_large / empty; bad_type when the content is none of `allowed` (the name
    and the browser's content type are ignored); damaged when it claims an allowed type but does not
    parse, decode or open as one (truncated, junk after a header, a polyglot, a zip bomb).
    """
    data = read_upload(uploaded, limit=limit)
    kind = sniff(data)
    if kind is None or kind not in allowed:
        raise UploadRejected(
            _("文件类型不允许：只能上传 %(types)s 文件（按文件内容检查，而不是扩展名）。") % {"types": _labels(allowed)},
            code="bad_type",
        )
    try:
        _check_whole(data, kind)
    except OverflowError as exc:
        raise UploadRejected(_("文件内容过大，无法处理。"), code="too_large") from exc
    except ValueError as exc:
        raise UploadRejected(
            _("文件已损坏或不完整，不是有效的 %(type)s 文件。") % {"type": kind.upper()}, code="damaged"
        ) from exc
    return CheckedUpload(data=data, kind=kind, original_name=original_name_for(uploaded, kind))
