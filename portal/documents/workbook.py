"""Workbooks (XLSX) an office can print and use as data, written the same way for every export:

    book = WorkbookWriter(committee="临沭县政协", subject="委员名单", filters=["界别：教育界"])
    book.add_table("委员名单", [Column("姓名"), Column("出生日期", kind=DATE)], rows)  # rows: any iterable
    return xlsx_response(book.to_bytes(), book.filename())       # 临沭县政协-委员名单-20261129.xlsx

- A title row (committee and subject) and a line with the filters and the time of export above the header;
  the header frozen, with an autofilter over the data.
- Column widths from the content (a CJK character counts double), measured on the first rows.
- Dates, times and numbers as typed cells with number formats (an office sorts and sums them).
- A4 landscape, fitted to the page width (fitToWidth=1, fitToHeight=0), the rows above the data repeated on
  every printed page (print titles), page numbers in the footer.
- Text starting with = + - @ (or a tab / carriage return) is stored as a text cell (t="inlineStr") with the
  quotePrefix style: Excel and LibreOffice show it as typed, without an apostrophe, and never evaluate it.
- Streaming (openpyxl write-only): rows are written as they come, so a province-wide export stays small in
  memory.
- Lists for data entry (the member import template): drop-down lists from a hidden sheet of values.
"""

import datetime
import decimal
import io
import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, islice

import openpyxl
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from .names import content_disposition, dated_filename

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT, DATE, DATETIME, INTEGER, NUMBER = "text", "date", "datetime", "integer", "number"
NUMBER_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", INTEGER: "0", NUMBER: "0.0#"}
MIN_WIDTH, MAX_WIDTH = 6, 60
PAPER_A4 = "9"  # the paperSize code of A4
WIDTH_SAMPLE = 500  # rows measured for column widths before the rest is streamed
BODY_FONT = Font(name="宋体", size=11, family=3, charset=134)  # charset 134: GB2312
TITLE_FONT = Font(name="宋体", size=14, bold=True, family=3, charset=134)
NOTE_FONT = Font(name="宋体", size=10, color="555555", family=3, charset=134)
HEADER_FONT = Font(name="宋体", size=11, bold=True, family=3, charset=134)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """One column: its header, the kind of values (TEXT, DATE, DATETIME, INTEGER, NUMBER), an optional number
    format and a fixed width (in characters; measured from the content when None)."""

    header: str
    kind: str = TEXT
    number_format: str | None = None
    width: float | None = None

    @property
    def format(self):
        return self.number_format or NUMBER_FORMATS.get(self.kind)


def as_columns(headers):
    return [h if isinstance(h, Column) else Column(str(h)) for h in headers]


def display_width(value) -> int:
    """How many characters wide a value shows: CJK (wide) characters count double."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _excel_value(value):
    """Values openpyxl can store: aware datetimes become local wall time, Decimals floats; text loses the
    control characters a worksheet cannot hold (typed into a form or an API body, they would fail the export)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _parse_iso(text, kind):
    """An ISO date (or date and time) given as text, as a typed value; other text is left as it is."""
    try:
        if kind == DATE:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return text


def sheet_name(name) -> str:
    return _SHEET_NAME_UNSAFE.sub("_", str(name))[:31] or "Sheet"


class WorkbookWriter:
    """Collects tables (sheets) and writes them as one .xlsx. `committee`, `subject` and `filters` make the
    title rows and the file name; `exported_at` defaults to now."""

    def __init__(self, *, committee="", subject="", filters=(), exported_at=None):
        self.committee, self.subject = str(committee or ""), str(subject or "")
        self.filters = [str(f) for f in filters if f]
        self.exported_at = timezone.localtime(exported_at or timezone.now())
        self.book = openpyxl.Workbook(write_only=True)
        self.book._fonts = IndexedList([BODY_FONT])  # the default font of every cell: a Chinese face
        self._lists = None
        self.row_counts = {}

    # ---- naming

    @property
    def title(self):
        return " ".join(p for p in (self.committee, self.subject) if p)

    def filename(self, ext="xlsx"):
        """临沭县政协-委员名单-20261129.xlsx (the local date of the export)."""
        return dated_filename(self.committee, self.subject, ext=ext, day=self.exported_at.date())

    def note(self):
        """The line under the title: the filters applied (when the caller names them) and the time of export."""
        filters = f"筛选条件：{'；'.join(self.filters)}　" if self.filters else ""
        return f"{filters}导出时间：{self.exported_at:%Y-%m-%d %H:%M}"

    # ---- sheets

    def add_table(self, name, columns, rows, *, title_rows=True, lists=None, input_rows=0):
        """A sheet of `rows` (an iterable of sequences in `columns` order, streamed) under a header row.

        `title_rows`: the title and the filters/time line above the header (a sheet to read and print);
        False puts the header in row 1 (a sheet to fill in and import). `lists` maps a column's header to the
        values its cells may take (a drop-down list on `input_rows` rows below the header). Returns the
        number of data rows written."""
        columns = as_columns(columns)
        sheet = self.book.create_sheet(title=sheet_name(name))
        rows = iter(rows)
        sample = list(islice(rows, WIDTH_SAMPLE))
        self._set_widths(sheet, columns, sample)
        header_row = 3 if title_rows else 1
        last_col = get_column_letter(len(columns))
        sheet.freeze_panes = f"A{header_row + 1}"
        self._page_setup(sheet, header_row)
        if title_rows:
            sheet.append([self._cell(sheet, self.title or name, font=TITLE_FONT)])
            sheet.append([self._cell(sheet, self.note(), font=NOTE_FONT)])
            sheet.row_dimensions[1].height = 24
        sheet.append([self._cell(sheet, c.header, font=HEADER_FONT, fill=HEADER_FILL, border=HEADER_BORDER,
                                 alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
                      for c in columns])
        writers = [self._writer(sheet, column) for column in columns]
        count = 0
        for row in chain(sample, rows):
            sheet.append([write(value) for write, value in zip(writers, row)])
            count += 1
        if input_rows:
            blank = [self._writer(sheet, column)(None, force=True) for column in columns]
            for _ in range(input_rows):
                sheet.append(blank)
        last_row = header_row + max(count, input_rows, 1)
        sheet.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
        if lists:
            self._add_lists(sheet, columns, lists, header_row + 1, header_row + max(input_rows, count, 1))
        self.row_counts[sheet.title] = count
        return count

    def add_notes(self, name, lines, *, widths=(18, 90)):
        """A readable instructions sheet: a title, then (label, text) lines, wrapped, printed portrait."""
        sheet = self.book.create_sheet(title=sheet_name(name))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.page_setup.paperSize = PAPER_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.append([self._cell(sheet, self.title or name, font=TITLE_FONT)])
        wrap = Alignment(wrap_text=True, vertical="top")
        for line in lines:
            if isinstance(line, str):
                line = (line,)
            sheet.append([self._cell(sheet, value, font=HEADER_FONT if i == 0 and len(line) > 1 else None,
                                     alignment=wrap) for i, value in enumerate(line)])
        return sheet

    def to_bytes(self) -> bytes:
        self._finish_lists()
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()

    # ---- internals

    def _cell(self, sheet, value, *, font=None, fill=None, border=None, alignment=None, number_format=None):
        cell = WriteOnlyCell(sheet, value=_excel_value(value))
        if is_formula_like(value):
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True
        for attr, style in (("font", font), ("fill", fill), ("border", border), ("alignment", alignment),
                            ("number_format", number_format)):
            if style is not None:
                setattr(cell, attr, style)
        return cell

    def _writer(self, sheet, column):
        """A function value → what to append for this column (a plain value when no style is needed)."""
        number_format = column.format
        wrap = Alignment(wrap_text=True, vertical="top") if column.width is None and self._wrapped(sheet, column) \
            else None

        def write(value, force=False):
            if force:
                return self._cell(sheet, None, number_format=number_format or "@")
            if value is None or value == "":
                return None
            if column.kind in (DATE, DATETIME) and isinstance(value, str):
                value = _parse_iso(value, column.kind)
            if is_formula_like(value) or wrap is not None:
                return self._cell(sheet, value, alignment=wrap)
            if number_format and isinstance(value, (datetime.date, int, float, decimal.Decimal)) \
                    and not isinstance(value, bool):
                return self._cell(sheet, value, number_format=number_format)
            return _excel_value(value)

        return write

    def _wrapped(self, sheet, column):
        return column.header in getattr(sheet, "_wrapped_headers", ())

    def _set_widths(self, sheet, columns, sample):
        wrapped = set()
        for index, column in enumerate(columns):
            width = column.width
            if width is None:
                measured = [display_width(row[index]) for row in sample if index < len(row)]
                width = max([display_width(column.header), *measured]) + 2
                if width > MAX_WIDTH:
                    wrapped.add(column.header)
                width = min(max(width, MIN_WIDTH), MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet._wrapped_headers = wrapped

    def _page_setup(self, sheet, header_row):
        setup = sheet.page_setup
        setup.paperSize = PAPER_A4
        setup.orientation = "landscape"
        setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages long as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.6
        sheet.page_margins.header = sheet.page_margins.footer = 0.3
        sheet.print_title_rows = f"1:{header_row}"
        sheet.HeaderFooter.oddFooter.center.text = "第 &P 页，共 &N 页"
        sheet.HeaderFooter.oddFooter.center.size = 9

    def _add_lists(self, sheet, columns, lists, first_row, last_row):
        """Drop-down lists: each list's values in a column of the hidden sheet 选项, referenced by range."""
        if self._lists is None:
            self._lists = {"sheet": None, "columns": []}
        ranges = {}
        for header, values in lists.items():
            values = [str(v) for v in values if v not in (None, "")]
            if not values:
                continue
            self._lists["columns"].append((header, values))
            col = get_column_letter(len(self._lists["columns"]))
            ranges[header] = f"{quote_sheetname('选项')}!${col}$2:${col}${len(values) + 1}"
        for index, column in enumerate(columns, start=1):
            if column.header not in ranges:
                continue
            validation = DataValidation(type="list", formula1=f"={ranges[column.header]}", allow_blank=True,
                                        showErrorMessage=True, errorTitle="请从列表中选择",
                                        error=f"“{column.header}”请从下拉列表中选择。")
            letter = get_column_letter(index)
            validation.add(f"{letter}{first_row}:{letter}{last_row}")
            sheet.data_validations.append(validation)

    def _finish_lists(self):
        """The hidden sheet 选项 holding the drop-down lists' values, after every other sheet."""
        if not self._lists or not self._lists["columns"]:
            return
        sheet = self.book.create_sheet(title="选项")
        sheet.sheet_state = "hidden"
        columns = self._lists["columns"]
        sheet.append([header for header, _values in columns])
        for i in range(max(len(values) for _header, values in columns)):
            sheet.append([values[i] if i < len(values) else None for _header, values in columns])


def form_filters(form) -> list:
    """The filters a bound, valid filter form applies, as "label：value" for an export's title rows."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    lines = []
    for name, value in form.cleaned_data.items():
        if value is None or value == "" or (isinstance(value, (list, tuple, set)) and not value):
            continue
        field = form.fields[name]
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            text = "、".join(str(v) for v in value)
        elif getattr(field, "choices", None) is not None and not hasattr(field, "queryset"):
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        lines.append(f"{field.label or name}：{text}")
    return lines


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx download named `filename` (UTF-8, with an ASCII fallback)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def write_tables(tables, *, committee="", subject="", filters=()) -> tuple[bytes, str]:
    """Shortcut: [(sheet name, columns, rows)] → (bytes, file name)."""
    book = WorkbookWriter(committee=committee, subject=subject, filters=filters)
    for name, columns, rows in tables:
        book.add_table(name, columns, rows)
    return book.to_bytes(), book.filename()
