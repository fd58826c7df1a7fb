"""Reading uploaded .xlsx safely (writing workbooks is portal.documents.workbook's).

- Uploads are checked whole by portal.uploads (an OOXML package with xl/workbook.xml, every entry read,
  not a zip bomb), then openpyxl loads them; by size (settings.UPLOAD_MAX_BYTES) and by row count.
"""

import datetime
import io

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _

from portal import uploads

DEFAULT_MAX_ROWS = 5000


class UploadError(ValueError):
    """The uploaded file is not an acceptable .xlsx; the message is shown to the user."""


def _max_bytes():
    return uploads.max_bytes()


def open_xlsx_upload(uploaded, *, max_bytes=None):
    """Check an uploaded file whole (portal.uploads: an OOXML spreadsheet package, not a zip bomb) and
    return a read-only openpyxl workbook (close it when done).

    Raises UploadError with a Chinese message when the file is too big or not really an .xlsx.
    """
    max_bytes = max_bytes or _max_bytes()
    not_xlsx = _("文件不是有效的 Excel（.xlsx）文件，请使用下载的模板填写后上传。")
    if uploaded.size > max_bytes:
        raise UploadError(_("文件过大：上限为 %(mb).1f MB。") % {"mb": max_bytes / 1024 / 1024})
    if not uploaded.name.lower().endswith(".xlsx"):
        raise UploadError(not_xlsx)
    try:
        checked = uploads.check_upload(uploaded, allowed=(uploads.XLSX,), limit=max_bytes)
    except uploads.UploadRejected as exc:
        if exc.code == "too_large":
            raise UploadError(_("文件内容过大，无法处理。")) from exc
        raise UploadError(not_xlsx) from exc
    try:
        return openpyxl.load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UploadError(not_xlsx) from exc


def cell_text(value) -> str:
    """A cell value as the text a person typed: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(workbook, *, max_rows=None):
    """The first sheet as (headers, [(row_number, [text, ...])]), skipping empty rows.

    Raises UploadError when the sheet has more than `max_rows` data rows.
    """
    max_rows = max_rows or getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [cell_text(v) for v in next(rows, ())]
    table = []
    for number, values in enumerate(rows, start=2):
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        if len(table) >= max_rows:
            raise UploadError(_("行数过多：每次最多导入 %(n)d 行，请分批导入。") % {"n": max_rows})
        table.append((number, texts))
    return headers, table
