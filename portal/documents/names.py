"""File names that say what a file holds: 临沭县政协-委员名单-20261129.xlsx, 临沭县教育局-关于第11号提案的答复.docx."""

import re
from urllib.parse import quote

from django.utils import timezone

# characters Windows refuses in file names, control characters, and path separators
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def clean_part(text) -> str:
    """One part of a file name: unsafe characters become "_", surrounding spaces and dots go."""
    return _UNSAFE.sub("_", str(text)).strip().strip(".")


def document_filename(*parts, ext: str) -> str:
    """Non-empty parts joined with "-", then the extension: document_filename("临沭县政协", "委员名单", ext="xlsx")."""
    name = "-".join(p for p in (clean_part(part) for part in parts if part) if p) or "document"
    return f"{name[:150]}.{ext}"


def dated_filename(*parts, ext: str, day=None) -> str:
    """The parts and the local date (YYYYMMDD): 临沭县政协-委员名单-20261129.xlsx."""
    day = day or timezone.localdate()
    return document_filename(*parts, f"{day:%Y%m%d}", ext=ext)


def content_disposition(filename: str) -> str:
    """An attachment header every browser reads: an ASCII fallback plus the UTF-8 name (RFC 6266)."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"attachment; filename=\"download.{ext}\"; filename*=UTF-8''{quote(filename)}"
