"""Reading back the workbooks the portal writes (portal.documents.workbook): the header row is the last
frozen row; the rows above it are the title and the filters line."""

import datetime
import io

import openpyxl


def load(content):
    return openpyxl.load_workbook(io.BytesIO(getattr(content, "content", content)))


def header_row(sheet) -> int:
    """The row number of the header: the last row above the frozen pane (1 when nothing is frozen)."""
    frozen = sheet.freeze_panes
    return int("".join(ch for ch in frozen if ch.isdigit())) - 1 if frozen else 1


def table(content, sheet=None):
    """(headers, rows) of the first (or named) sheet: values as typed, dates as datetime.date."""
    book = load(content)
    ws = book[sheet] if sheet else book.worksheets[0]
    first = header_row(ws)
    rows = [[_plain(c.value) for c in r] for r in ws.iter_rows(min_row=first)]
    return rows[0], rows[1:]


def records(content, sheet=None):
    """The data rows as dicts keyed by header."""
    headers, rows = table(content, sheet)
    return [dict(zip(headers, r)) for r in rows]


def _plain(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value
