"""Member import from Excel: file checks, the row-by-row report, all-or-nothing, audit."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from members.enums import CommitteeLevel, Party
from members.excel.columns import MEMBER_COLUMNS
from members.excel.importing import ImportRejected, import_members, read_member_rows, validate_member_rows
from members.excel.workbook import UploadError
from members.models import Member
from portal.models import AuditEvent, AuditLog
from tests.factories import CommitteeFactory, MemberFactory, SectorFactory, SpecialCommitteeFactory

IMPORT_URL = "/admin/members/member/import/"
HEADERS = [c.header for c in MEMBER_COLUMNS]


def xlsx_upload(rows, headers=HEADERS, name="委员.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def row(name="王五", phone="13912345678", party="民盟", sector="教育界", special="提案委员会", township="", flags=("否",) * 4,
        birth="1970-03-15", gender="男", email=""):
    return [name, gender, birth, phone, email, party, sector, special, township, "南谯区实验中学", "校长", *flags]


@pytest.fixture
def county_org(org):
    org.sector = SectorFactory(committee=org.county, name="教育界")
    org.other_sector = SectorFactory(committee=org.other_county, name="经济界")
    org.special = SpecialCommitteeFactory(committee=org.county, name="提案委员会", handles_proposals=True)
    return org


def upload(client, org, rows, committee=None, **kwargs):
    client.force_login(org.staff)
    file = xlsx_upload(rows, **kwargs)
    return client.post(IMPORT_URL, {"committee": (committee or org.county).pk, "file": file})


def test_clean_import_creates_members_and_audits(client, county_org):
    org = county_org
    rows = [row(), row(name="赵六", phone="13912345679", party="中共", township="乌衣镇联络组", flags=("是", "否", "否", "是"))]
    response = upload(client, org, rows)
    assert response.status_code == 200
    assert "全部通过检查" in response.content.decode()
    token = response.context["token"]
    response = client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 302
    assert response["Location"] == "/admin/members/member/"
    wang = Member.objects.get(name="王五")
    assert (wang.committee, wang.sector, wang.special_committee, wang.party) == (
        org.county, org.sector, org.special, Party.CDL)
    assert wang.birth_date == datetime.date(1970, 3, 15) and wang.gender == "m"
    zhao = Member.objects.get(name="赵六")
    assert zhao.township == org.township and zhao.is_standing and zhao.is_info_officer and zhao.party == Party.CPC
    log = AuditLog.objects.get(event=AuditEvent.IMPORT)
    assert log.user == org.staff and "2 人" in log.detail


def test_one_bad_row_imports_nothing_and_report_names_row_and_column(client, county_org):
    org = county_org
    rows = [row(), row(name="钱七", phone="13912345670", sector="不存在界"), row(name="孙八", phone="13912345671")]
    before = Member.objects.count()
    response = upload(client, org, rows)
    text = response.content.decode()
    assert "第 3 行，界别：本政协没有界别“不存在界”" in text
    assert "其中 1 行有错误" in text
    assert response.context["token"] == ""
    # confirming without a valid preview imports nothing
    response = client.post(IMPORT_URL, {"token": "forged"})
    assert response.status_code == 302
    assert Member.objects.count() == before


def test_import_service_is_all_or_nothing(county_org):
    org = county_org
    raw = [{"_row": 2, "name": "王五", "phone": "13912345678"}, {"_row": 3, "name": "", "phone": "13912345679"}]
    with pytest.raises(ImportRejected) as exc:
        import_members(actor=org.staff, committee=org.county, raw_rows=raw)
    assert [(r.number, r.errors) for r in exc.value.report.error_rows] == [(3, {"name": ["姓名不能为空"]})]
    assert not Member.objects.filter(name="王五").exists()
    assert not AuditLog.objects.filter(event=AuditEvent.IMPORT).exists()


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"phone": "1391234"}, "phone", "手机号码“1391234”格式不正确"),
        ({"party": "自由党"}, "party", "未知党派“自由党”"),
        ({"birth": "1970-13-01"}, "birth_date", "日期不存在：“1970-13-01”"),  # no 13th month
        ({"birth": "2020-02-30"}, "birth_date", "日期不存在：“2020-02-30”"),
        ({"birth": "1970年1月"}, "birth_date", "日期“1970年1月”无效，应为 YYYY-MM-DD"),
        ({"name": ""}, "name", "姓名不能为空"),
        ({"special": "外事委"}, "special_committee", "本政协没有专门委员会“外事委”"),
        ({"township": "来安镇"}, "township", "本政协下没有乡镇（街道）“来安镇”"),
        ({"gender": "未知"}, "gender", "性别应为“男”或“女”"),
        ({"flags": ("也许", "否", "否", "否")}, "is_standing", "应填“是”或“否”"),
        ({"email": "not-an-email"}, "email", "电子邮箱格式不正确"),
        ({"birth": "2099-01-01"}, "birth_date", "出生日期“2099-01-01”不在 1900-01-01 至今天之间"),
    ],
)
def test_bad_values_are_reported_per_column(county_org, overrides, column, message):
    rows = read_member_rows(xlsx_upload([row(**overrides)]))
    report = validate_member_rows(county_org.county, rows)
    assert not report.ok
    assert report.rows[0].errors == {column: [message]}


def test_other_county_sector_is_unknown(county_org):
    report = validate_member_rows(county_org.county, read_member_rows(xlsx_upload([row(sector="经济界")])))
    assert report.rows[0].errors == {"sector": ["本政协没有界别“经济界”"]}


def test_duplicate_phones_in_sheet_and_in_database(county_org):
    MemberFactory(committee=county_org.county, name="老委员", phone="13900000001")
    rows = [row(phone="13912345678"), row(name="乙", phone="13912345678"), row(name="丙", phone="13900000001")]
    report = validate_member_rows(county_org.county, read_member_rows(xlsx_upload(rows)))
    assert [(r.number, r.errors) for r in report.error_rows] == [
        (3, {"phone": ["与第 2 行的手机号码重复"]}),
        (4, {"phone": ["该手机号码已被本政协委员“老委员”使用"]}),
    ]


def test_confirm_revalidates_against_changes_since_preview(client, county_org):
    response = upload(client, county_org, [row(), row(name="乙", phone="13912345600")])
    token = response.context["token"]
    MemberFactory(committee=county_org.county, name="抢先者", phone="13912345600")
    response = client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 200
    assert "第 3 行，手机号码：该手机号码已被本政协委员“抢先者”使用" in response.content.decode()
    assert not Member.objects.filter(name="王五").exists()


def test_excel_date_cells_and_numeric_phones_are_read(county_org):
    rows = read_member_rows(xlsx_upload([row(birth=datetime.date(1980, 1, 2), phone=13912345678)]))
    report = validate_member_rows(county_org.county, rows)
    assert report.ok
    assert report.rows[0].cleaned["birth_date"] == datetime.date(1980, 1, 2)
    assert report.rows[0].cleaned["phone"] == "13912345678"


def test_empty_rows_are_skipped_and_row_numbers_kept(county_org):
    rows = read_member_rows(xlsx_upload([row(), [None] * len(HEADERS), row(name="乙", phone="13912345600")]))
    assert [r["_row"] for r in rows] == [2, 4]


def test_text_file_disguised_as_xlsx_is_rejected(client, county_org):
    client.force_login(county_org.staff)
    fake = SimpleUploadedFile("委员.xlsx", "姓名,手机\n张三,13900000000\n".encode())
    response = client.post(IMPORT_URL, {"committee": county_org.county.pk, "file": fake})
    assert response.status_code == 200
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()
    assert Member.objects.filter(name="张三").count() == 0


def test_zip_that_is_not_a_workbook_is_rejected(county_org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UploadError, match="不是有效的 Excel"):
        read_member_rows(SimpleUploadedFile("a.xlsx", buffer.getvalue()))


def test_real_xlsx_with_wrong_extension_is_rejected(county_org):
    with pytest.raises(UploadError, match="不是有效的 Excel"):
        read_member_rows(xlsx_upload([row()], name="委员.xls"))


def test_oversized_file_is_rejected(client, county_org, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(client, county_org, [row(name=f"委员{i}", phone=f"139{i:08d}") for i in range(100)])
    assert "文件过大" in response.content.decode()
    assert not Member.objects.filter(name="委员1").exists()


def test_too_many_rows_are_rejected(county_org, settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(UploadError, match="每次最多导入 2 行"):
        read_member_rows(xlsx_upload([row(name=f"委员{i}", phone=f"139{i:08d}") for i in range(3)]))


def test_missing_name_column_is_rejected(county_org):
    with pytest.raises(UploadError, match="表头缺少必需的列：姓名"):
        read_member_rows(xlsx_upload([["13900000000"]], headers=["手机号码"]))


def test_other_county_staff_cannot_import_into_county(client, county_org):
    client.force_login(county_org.other_staff)
    response = client.post(IMPORT_URL, {"committee": county_org.county.pk, "file": xlsx_upload([row()])})
    assert response.status_code == 200
    assert response.context["form"].errors["committee"]
    with pytest.raises(PermissionDenied):
        import_members(actor=county_org.other_staff, committee=county_org.county, raw_rows=[{"name": "x"}])


def test_office_viewer_cannot_open_import(client, county_org):
    county_org.office.is_staff = True
    county_org.office.save()
    client.force_login(county_org.office)
    assert client.get(IMPORT_URL).status_code == 403


def test_template_download_has_headers_and_allowed_values(client, county_org):
    client.force_login(county_org.staff)
    response = client.get(f"{IMPORT_URL}template.xlsx?committee={county_org.county.pk}")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["委员"][1]] == HEADERS
    assert all(c.value is None for r in workbook["委员"].iter_rows(min_row=2) for c in r)  # nothing to clear first
    options = {col[0].value: [c.value for c in col[1:] if c.value] for col in workbook["选项"].iter_cols()}
    assert "教育界" in options["界别"]  # the committee's sectors, offered as a drop-down list
    notes = {r[0].value: r[1].value for r in workbook["填写说明"].iter_rows(min_row=2) if r[0].value}
    assert "界别" in notes and "须为本政协已有的界别" in notes["界别"]


def test_township_member_import_lists_only_own_townships(county_org):
    elsewhere = CommitteeFactory(name="乌衣镇联络组", level=CommitteeLevel.TOWNSHIP, parent=county_org.other_county)
    report = validate_member_rows(county_org.county, read_member_rows(xlsx_upload([row(township="乌衣镇联络组")])))
    assert report.rows[0].cleaned["township"] == county_org.township != elsewhere


def test_preview_keeps_the_chosen_committee_and_links_its_template(client, county_org):
    """After a preview (good or bad) the re-upload form keeps "导入到"; the template link carries it."""
    org = county_org
    response = upload(client, org, [row(phone="123")])
    form = response.context["form"]
    assert str(form["committee"].value()) == str(org.county.pk)
    html = response.content.decode()
    assert f'<option value="{org.county.pk}" selected>' in html
    assert f"template.xlsx?committee={org.county.pk}" in html


def test_import_page_preselects_the_only_committee_staff_manage(client, county_org):
    client.force_login(county_org.staff)  # manages 南谯区 and its township (townships cannot take imports)
    response = client.get(IMPORT_URL)
    assert str(response.context["form"]["committee"].value()) == str(county_org.county.pk)
    assert f"template.xlsx?committee={county_org.county.pk}" in response.content.decode()


def test_import_page_leaves_the_choice_to_city_staff(client, county_org):
    client.force_login(county_org.city_staff)
    response = client.get(IMPORT_URL)
    assert response.context["form"]["committee"].value() is None
    assert 'data-testid="template-link"' in response.content.decode()
    assert "template.xlsx?committee=" not in response.content.decode()
