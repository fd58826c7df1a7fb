"""Every workbook the portal writes, opened as an office opens it: printable (A4 landscape, one page wide,
header rows on every page), usable as data (frozen header, autofilter, typed dates and numbers), safe (no
formula from user text, and no apostrophe shown either), named for what it holds."""

import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from members.excel.importing import read_member_rows, validate_member_rows
from portal.documents.workbook import DATE, INTEGER, Column, WorkbookWriter
from tests.factories import MemberFactory, SectorFactory, SpecialCommitteeFactory
from tests.proposals import builders as b
from tests.proposals import evaluation_builders as eb

from . import sheets


def today():
    return timezone.localdate().strftime("%Y%m%d")


def assert_printable_table(sheet, header_row=3):
    """A4 landscape, fitted to one page wide, the rows down to the header repeated on each printed page,
    the header frozen and filtered."""
    assert sheet.page_setup.paperSize in (9, "9")
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"$1:${header_row}"
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header_row}:")


def downloaded_name(response):
    disposition = response["Content-Disposition"]
    return disposition.split("filename*=UTF-8''", 1)[1]


def test_member_export_is_printable_typed_and_named_for_its_committee(client, org):
    org.other_member.birth_date = datetime.date(1970, 3, 4)
    org.other_member.save()
    MemberFactory(committee=org.county, name="=HYPERLINK(\"http://x\")", employer="-1+2", position="@SUM(A1)")
    client.force_login(org.staff)
    response = client.get("/members/export.xlsx", {"sector": ""})
    assert response.status_code == 200
    assert downloaded_name(response) == quote(f"南谯区政协-委员名单-{today()}.xlsx")
    book = sheets.load(response)
    sheet = book.worksheets[0]
    assert_printable_table(sheet)
    assert sheet["A1"].value == "南谯区政协 委员名单"
    assert "导出时间：" in sheet["A2"].value
    headers, rows = sheets.table(response)
    born = next(r for r in rows if r[headers.index("姓名")] == "李委员")[headers.index("出生日期")]
    assert born == datetime.date(1970, 3, 4)  # a date cell, not text
    date_cell = next(c for c in sheet.iter_rows(min_row=4) for c in c if c.is_date)
    assert date_cell.number_format == "yyyy-mm-dd"
    evil = next(r for r in sheet.iter_rows(min_row=4) if r[1].value.startswith("="))
    assert [c.value for c in evil[1:2]] == ["=HYPERLINK(\"http://x\")"]  # as typed, no apostrophe
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert all(c.quotePrefix for c in evil if isinstance(c.value, str) and c.value[:1] in "=-@+")
    # column widths follow the content, a CJK character counting double
    name_width = sheet.column_dimensions["A"].width  # 所属政协: 南谯区政协 = 5 CJK characters
    assert name_width >= 10


def test_member_export_lists_the_filters_it_applied(client, org):
    sector = SectorFactory(committee=org.county, name="教育界")
    org.member.sector = sector
    org.member.save()
    client.force_login(org.staff)
    response = client.get("/members/export.xlsx", {"sector": sector.pk})
    sheet = sheets.load(response).worksheets[0]
    assert "界别：教育界" in sheet["A2"].value
    headers, rows = sheets.table(response)
    assert [r[headers.index("姓名")] for r in rows] == ["张委员"]


def test_proposal_overview_export_has_typed_dates(client, org):
    p = b.accepted(org)
    client.force_login(org.staff)
    response = client.get("/api/v1/proposals/export/")
    assert response.status_code == 200
    assert downloaded_name(response) == quote(f"南谯区政协-提案列表-{today()}.xlsx")
    sheet = sheets.load(response).worksheets[0]
    assert_printable_table(sheet)
    records = sheets.records(response)
    row = next(r for r in records if r["案题"] == p.title)
    assert row["提交日期"] == timezone.localdate(p.submitted_at)
    assert row["立案日期"] == timezone.localdate(p.accepted_at)


def test_evaluation_workbook_has_numbers_as_numbers(client, org):
    eb.make_units_with_handling(org, 1)
    client.force_login(org.staff)
    response = client.get(reverse("proposals:evaluation_export"), {"committee": org.county.pk, "year": eb.this_year()})
    assert response.status_code == 200
    assert downloaded_name(response) == quote(f"南谯区政协-{eb.this_year()}年度提案办理民主评议-{today()}.xlsx")
    sheet = sheets.load(response).worksheets[0]
    assert_printable_table(sheet)
    headers, rows = sheets.table(response)
    assert rows and all(isinstance(r[headers.index("交办件数")], int) for r in rows)
    counts = [c for r in sheet.iter_rows(min_row=4) for c in r[1:2]]
    assert all(c.data_type == "n" and c.number_format == "0" for c in counts)


def test_import_template_offers_lists_and_reads_back(client, org):
    SectorFactory(committee=org.county, name="教育界")
    SpecialCommitteeFactory(committee=org.county, name="提案委员会")
    org.staff.is_staff = True
    org.staff.save()
    client.force_login(org.staff)
    response = client.get(reverse("admin:members_member_import_template"), {"committee": org.county.pk})
    assert response.status_code == 200
    assert downloaded_name(response) == quote(f"南谯区政协-委员导入模板-{today()}.xlsx")
    book = sheets.load(response)
    assert book.sheetnames[:2] == ["委员", "填写说明"] and book["选项"].sheet_state == "hidden"
    sheet = book["委员"]
    headers = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        lists[headers[openpyxl.utils.column_index_from_string(column) - 1]] = validation.formula1
    assert {"性别", "党派", "界别", "专门委员会", "常委", "主席会议成员", "召集人", "信息员"} <= set(lists)
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in book["选项"].iter_cols()}
    assert options["界别"] == ["教育界"] and options["常委"] == ["是", "否"] and "民盟" in "".join(options["党派"])
    assert lists["界别"].startswith("='选项'!$")
    birth = sheet.cell(row=2, column=headers.index("出生日期") + 1)
    phone = sheet.cell(row=2, column=headers.index("手机号码") + 1)
    assert birth.number_format == "yyyy-mm-dd" and phone.number_format == "@"  # phones stay text
    notes = [r[1].value for r in book["填写说明"].iter_rows(min_row=2) if r[1].value]
    assert any("2026-02-30" in n for n in notes) and any("下拉" in n for n in notes)

    # filled in as an office would (a real date, and a day that does not exist), it reads back
    sheet.cell(row=2, column=1, value="赵六")
    sheet.cell(row=2, column=headers.index("出生日期") + 1, value=datetime.date(1975, 5, 1))
    sheet.cell(row=3, column=1, value="钱七")
    sheet.cell(row=3, column=headers.index("出生日期") + 1, value="2026-02-30")
    buffer = io.BytesIO()
    book.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("委员.xlsx", buffer.getvalue())
    report = validate_member_rows(org.county, read_member_rows(upload))
    assert [r.values["name"] for r in report.rows] == ["赵六", "钱七"]
    assert report.rows[0].ok and report.rows[0].cleaned["birth_date"] == datetime.date(1975, 5, 1)
    assert report.rows[1].errors == {"birth_date": ["日期不存在：“2026-02-30”"]}


def test_writer_neutralises_formulas_without_an_apostrophe_and_streams():
    book = WorkbookWriter(committee="临沭县政协", subject="测试", filters=["状态：全部"])
    rows = ([f"=1+{i}", "+86 138", "-5", "@x", datetime.date(2026, 3, 5), i] for i in range(2000))
    columns = ["公式", "电话", "负数文本", "at", Column("日期", kind=DATE), Column("序号", kind=INTEGER)]
    assert book.add_table("数据", columns, rows) == 2000
    assert book.filename() == f"临沭县政协-测试-{today()}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(book.to_bytes())).worksheets[0]
    first = [c for c in sheet[4]]
    assert [c.value for c in first[:4]] == ["=1+0", "+86 138", "-5", "@x"]
    assert all(c.data_type == "s" and c.quotePrefix for c in first[:4])
    assert first[4].is_date and first[4].number_format == "yyyy-mm-dd" and first[5].data_type == "n"
    assert sheet.max_row == 2003


@pytest.mark.parametrize("text, width", [("abc", 3), ("临沭县", 6), ("临沭abc", 7), ("", 0)])
def test_cjk_characters_count_double_in_column_widths(text, width):
    from portal.documents.workbook import display_width

    assert display_width(text) == width
