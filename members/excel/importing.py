"""Member import from an .xlsx sheet: read, validate row by row, then insert all rows or none.

The page (admin) and, later, the API use the same three steps:
    raw_rows = read_member_rows(uploaded)            # file checks; rows as plain text (JSON-safe)
    report = validate_member_rows(committee, raw_rows)   # preview with a row-by-row error report
    members = import_members(actor=..., committee=..., raw_rows=raw_rows)  # re-validates, all or nothing
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import CommitteeLevel
from members.models import Committee, Member
from members.scopes import scope_for
from portal.audit import acting, audit, record_created
from portal.models import AuditEvent

from .columns import (
    COLUMN_BY_HEADER,
    COLUMN_BY_KEY,
    FLAG_KEYS,
    MEMBER_COLUMNS,
    NO_WORDS,
    YES_WORDS,
    gender_lookup,
    party_lookup,
)
from .workbook import UploadError, open_xlsx_upload, read_table

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
ROW_KEY = "_row"


@dataclass
class RowReport:
    number: int  # the row number in the sheet, as Excel shows it
    values: dict  # key -> text as read
    errors: dict = field(default_factory=dict)  # key -> [message]
    cleaned: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors

    def add_error(self, key, message):
        self.errors.setdefault(key, []).append(message)

    def cells(self):
        """(column, text, errors) in sheet order, for the preview table."""
        return [(c, self.values.get(c.key, ""), self.errors.get(c.key, [])) for c in MEMBER_COLUMNS]

    def error_lines(self):
        return [f"{COLUMN_BY_KEY[key].header}：{msg}" for key, messages in self.errors.items() for msg in messages]


@dataclass
class ImportReport:
    committee: Committee
    rows: list
    general_errors: list = field(default_factory=list)

    @property
    def ok(self):
        return bool(self.rows) and not self.general_errors and all(r.ok for r in self.rows)

    @property
    def error_rows(self):
        return [r for r in self.rows if not r.ok]


class ImportRejected(Exception):
    """The sheet has errors; nothing was imported. `report` says which rows and columns."""

    def __init__(self, report):
        super().__init__(_("导入数据有误，未导入任何记录。"))
        self.report = report


def read_member_rows(uploaded, *, max_rows=None) -> list:
    """Check the uploaded .xlsx and return its data rows as [{"_row": n, key: text}].

    Raises UploadError (Chinese message) for a bad file, a missing 姓名 column or too many rows.
    """
    workbook = open_xlsx_upload(uploaded)
    try:
        headers, table = read_table(workbook, max_rows=max_rows)
    finally:
        workbook.close()
    keys = [COLUMN_BY_HEADER[h].key if h in COLUMN_BY_HEADER else None for h in headers]
    missing = [c.header for c in MEMBER_COLUMNS if c.required and c.key not in keys]
    if missing:
        raise UploadError(_("表头缺少必需的列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
    rows = []
    for number, texts in table:
        row = {ROW_KEY: number}
        row.update({key: text for key, text in zip(keys, texts) if key})
        rows.append(row)
    if not rows:
        raise UploadError(_("表格中没有数据行。"))
    return rows


class _Lookups:
    """Names the sheet may refer to, loaded once per validation (a few queries, not one per row)."""

    def __init__(self, committee):
        self.sectors = {s.name: s for s in committee.sectors.all()}
        self.special_committees = {s.name: s for s in committee.special_committees.all()}
        self.townships = {
            t.name: t
            for t in Committee.objects.filter(path__startswith=committee.path, level=CommitteeLevel.TOWNSHIP)
        }
        self.parties = party_lookup()
        self.genders = gender_lookup()


class DateOutOfRange(ValueError):
    """A real date, but not a possible birth date (before 1900 or in the future)."""


class DateDoesNotExist(ValueError):
    """Written as a date, but no such day (2026-02-30)."""


def _parse_date(text):
    match = DATE_RE.match(text) or (re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text) if text.isdigit() else None)
    if not match:
        raise ValueError
    try:
        value = datetime.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise DateDoesNotExist from exc
    if not (datetime.date(1900, 1, 1) <= value <= timezone.localdate()):
        raise DateOutOfRange
    return value


def _parse_flag(text):
    lowered = text.lower()
    if lowered in YES_WORDS:
        return True
    if lowered in NO_WORDS:
        return False
    raise ValueError


def _clean_row(row: RowReport, lookups: _Lookups):
    v, cleaned = row.values, row.cleaned
    cleaned["name"] = v.get("name", "")
    if not cleaned["name"]:
        row.add_error("name", _("姓名不能为空"))
    elif len(cleaned["name"]) > Member._meta.get_field("name").max_length:
        row.add_error("name", _("姓名过长"))
    for key in ("employer", "position"):
        cleaned[key] = v.get(key, "")[: Member._meta.get_field(key).max_length]

    gender = v.get("gender", "")
    cleaned["gender"] = lookups.genders.get(gender, "")
    if gender and not cleaned["gender"]:
        row.add_error("gender", _("性别应为“男”或“女”"))

    if v.get("birth_date"):
        try:
            cleaned["birth_date"] = _parse_date(v["birth_date"])
        except DateOutOfRange:
            row.add_error("birth_date", _("出生日期“%(v)s”不在 1900-01-01 至今天之间") % {"v": v["birth_date"]})
        except DateDoesNotExist:
            row.add_error("birth_date", _("日期不存在：“%(v)s”") % {"v": v["birth_date"]})
        except ValueError:
            row.add_error("birth_date", _("日期“%(v)s”无效，应为 YYYY-MM-DD") % {"v": v["birth_date"]})

    phone = re.sub(r"[\s-]", "", v.get("phone", ""))
    cleaned["phone"] = phone
    if phone and not PHONE_RE.match(phone):
        row.add_error("phone", _("手机号码“%(v)s”格式不正确") % {"v": v["phone"]})

    cleaned["email"] = v.get("email", "")
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            row.add_error("email", _("电子邮箱格式不正确"))

    party = v.get("party", "")
    cleaned["party"] = lookups.parties.get(party) if party else lookups.parties["无党派人士"]
    if not cleaned["party"]:
        row.add_error("party", _("未知党派“%(v)s”") % {"v": party})

    for key, table, message in (
        ("sector", lookups.sectors, _("本政协没有界别“%(v)s”")),
        ("special_committee", lookups.special_committees, _("本政协没有专门委员会“%(v)s”")),
        ("township", lookups.townships, _("本政协下没有乡镇（街道）“%(v)s”")),
    ):
        name = v.get(key, "")
        cleaned[key] = table.get(name) if name else None
        if name and cleaned[key] is None:
            row.add_error(key, message % {"v": name})

    for key in FLAG_KEYS:
        try:
            cleaned[key] = _parse_flag(v.get(key, ""))
        except ValueError:
            row.add_error(key, _("应填“是”或“否”"))


def _check_duplicate_phones(committee, rows):
    first_seen = {}
    for row in rows:
        phone = row.cleaned.get("phone")
        if not phone or "phone" in row.errors:
            continue
        if phone in first_seen:
            row.add_error("phone", _("与第 %(n)d 行的手机号码重复") % {"n": first_seen[phone]})
        else:
            first_seen[phone] = row.number
    taken = dict(
        Member.objects.filter(committee=committee, phone__in=list(first_seen)).values_list("phone", "name")
    )
    for row in rows:
        phone = row.cleaned.get("phone")
        if phone in taken and first_seen.get(phone) == row.number:
            row.add_error("phone", _("该手机号码已被本政协委员“%(name)s”使用") % {"name": taken[phone]})


def validate_member_rows(committee, raw_rows) -> ImportReport:
    """Validate every row (no writes). Returns the report the preview shows."""
    lookups = _Lookups(committee)
    rows = []
    for raw in raw_rows:
        values = {c.key: str(raw.get(c.key, "") or "").strip() for c in MEMBER_COLUMNS}
        row = RowReport(number=int(raw.get(ROW_KEY, len(rows) + 2)), values=values)
        _clean_row(row, lookups)
        rows.append(row)
    _check_duplicate_phones(committee, rows)
    report = ImportReport(committee=committee, rows=rows)
    if not rows:
        report.general_errors.append(_("表格中没有数据行。"))
    return report


def import_members(*, actor, committee, raw_rows, request=None) -> list:
    """Create one Member per row, all or none.

    Re-validates inside one transaction; raises ImportRejected (nothing written) when any row is
    bad, PermissionDenied when `actor` does not manage `committee`.
    Side effects: Member rows; one AuditLog row (event "import").
    """
    if not scope_for(actor).can_manage(committee):
        raise PermissionDenied(_("不能向您管理范围以外的政协组织导入委员。"))
    try:
        with transaction.atomic():
            report = validate_member_rows(committee, raw_rows)
            if not report.ok:
                raise ImportRejected(report)
            members = Member.objects.bulk_create(
                [Member(committee=committee, **row.cleaned) for row in report.rows]
            )
            with acting(actor, via="import", request=request):  # bulk_create sends no signals
                for member in members:
                    record_created(member)
            audit(
                AuditEvent.IMPORT, request=request, user=actor,
                detail=f"委员导入 {committee.name}: {len(members)} 人",
            )
    except IntegrityError as exc:  # a concurrent edit took a phone number between check and insert
        report = validate_member_rows(committee, raw_rows)
        report.general_errors.append(_("保存时发现重复数据，请重新检查后再导入。"))
        raise ImportRejected(report) from exc
    return members
