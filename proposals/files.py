"""Upload checks of proposals (attachments, reply letters, co-handler opinions): portal.uploads, with the
refusal raised as a ProposalError. PDF, DOCX, XLSX, JPG, PNG only, checked whole by content, size-limited,
stored under a generated name with the detected type's extension."""

from portal import uploads
from portal.uploads import ALL_KINDS, CONTENT_TYPES, DOCX, JPG, PDF, PNG, XLSX, sniff

from .errors import ProposalError

__all__ = ["CONTENT_TYPES", "DOCX", "JPG", "PDF", "PNG", "XLSX", "checked_file", "read_upload", "sniff"]


def read_upload(uploaded):
    """All bytes of an upload within settings.UPLOAD_MAX_BYTES (ProposalError otherwise)."""
    try:
        return uploads.read_upload(uploaded)
    except uploads.UploadRejected as exc:
        raise ProposalError(exc.message, code=exc.code) from exc


def checked_file(uploaded, *, allowed=ALL_KINDS):
    """Validate an upload whole by content; return (ContentFile with a generated name, original name, type, size).

    The original name keeps the client's name but carries the detected type's extension (a PNG sent as
    "x.pdf" is kept as "x.png")."""
    try:
        checked = uploads.check_upload(uploaded, allowed=allowed)
    except uploads.UploadRejected as exc:
        raise ProposalError(exc.message, code=exc.code) from exc
    return checked.content_file(), checked.original_name, checked.content_type, checked.size
