"""Reading and writing .xlsx safely.

- Uploads are checked by content (zip signature, expected parts, uncompressed size, openpyxl loads),
  by size (settings.UPLOAD_MAX_BYTES) and by row count.
- Every written text cell is escaped against formula injection: text starting with = + - @ (or a
  tab / carriage return) gets a leading apostrophe, so Excel shows it and never evaluates it.
"""

import datetime
import io
import zipfile
from urllib.parse import quote

import openpyxl
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_SIGNATURE = b"PK\x03\x04"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_UNCOMPRESSED_FACTOR = 50  # a zip bomb expands far more than a real sheet
DEFAULT_MAX_ROWS = 5000


class UploadError(ValueError):
    """The uploaded file is not an acceptable .xlsx; the message is shown to the user."""


def safe_cell(value):
    """The value to write: text that Excel would read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def build_workbook(sheets) -> bytes:
    """Write sheets given as [(title, headers, rows)] to .xlsx bytes; headers bold, cells escaped.

    Write-only mode streams the rows, so a province-wide export stays fast and small in memory."""
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, 2 * len(str(header)) + 4)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=safe_cell(header))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response


def _max_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def open_xlsx_upload(uploaded, *, max_bytes=None):
    """Check an uploaded file and return a read-only openpyxl workbook (close it when done).

    Raises UploadError with a Chinese message when the file is too big or not really an .xlsx.
    """
    max_bytes = max_bytes or _max_bytes()
    not_xlsx = _("文件不是有效的 Excel（.xlsx）文件，请使用下载的模板填写后上传。")
    if uploaded.size > max_bytes:
        raise UploadError(_("文件过大：上限为 %(mb).1f MB。") % {"mb": max_bytes / 1024 / 1024})
    if not uploaded.name.lower().endswith(".xlsx"):
        raise UploadError(not_xlsx)
    uploaded.seek(0)
    if uploaded.read(4) != ZIP_SIGNATURE:
        raise UploadError(not_xlsx)
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(not_xlsx) from exc
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadError(not_xlsx)
    if expanded > max_bytes * MAX_UNCOMPRESSED_FACTOR:
        raise UploadError(_("文件内容过大，无法处理。"))
    uploaded.seek(0)
    try:
        return openpyxl.load_workbook(uploaded, read_only=True, data_only=True)
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
