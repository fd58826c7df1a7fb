"""Member list export to .xlsx, shared by the admin action, the admin button and /members/export.xlsx."""

from members import privacy
from members.scopes import scope_for
from portal.audit import audit_export
from portal.documents.workbook import DATE, TEXT, Column, WorkbookWriter, display_width, xlsx_response
from portal.jobs.progress import counted

from .columns import MEMBER_COLUMNS, NO, YES, member_export_row


def export_columns(viewer):
    """The member columns `viewer` gets: personal columns hidden from their role are left out (members.privacy)."""
    hidden = set(privacy.member_field_access(viewer)) - privacy.visible_fields(privacy.member_field_access(viewer))
    return [c for c in MEMBER_COLUMNS if c.key not in hidden]


def member_sheet_rows(members, *, viewer, columns):
    for member in members:
        personal = privacy.member_values(viewer, member)
        yield [member.committee.name, *member_export_row(member, personal=personal, columns=columns),
               YES if member.active else NO]


def export_committee_name(user, members) -> str:
    """The committee an export is of: the members' own when they share one, else the topmost committee the
    user reads (临沭县政协 for its whole subtree)."""
    names = {m.committee.name for m in members}
    if len(names) == 1:
        return names.pop()
    from members.models import Committee

    scope = scope_for(user)
    tops = sorted(Committee.objects.filter(path__in=scope.read_paths), key=lambda c: len(c.path))
    return tops[0].name if tops else ""


def member_workbook(viewer, queryset, *, filters=(), progress=None):
    """The member list workbook of `queryset` (already scoped) as `viewer` may see it: (WorkbookWriter, rows).

    Personal data appears exactly as the API and the pages show it to this user (members.privacy):
    masked phones, and no birth date or e-mail columns, unless their role needs them. `progress(done, total)`
    is called as rows are written (the background export job, portal.jobs)."""
    members = list(queryset.select_related("committee", "sector", "special_committee", "township"))
    columns = export_columns(viewer)
    headers = ["所属政协", *(Column(c.header, kind=DATE) if c.key == "birth_date" else c.header for c in columns),
               "在任"]
    rows = counted(member_sheet_rows(members, viewer=viewer, columns=columns), progress, len(members))
    book = WorkbookWriter(committee=export_committee_name(viewer, members), subject="委员名单", filters=filters)
    book.add_table("委员名单", headers, rows)
    return book, len(members)


def export_members(request, queryset, *, filters=()):
    """An .xlsx download of `queryset` (already scoped by the caller), see member_workbook.

    Side effect: one AuditLog row (event "export") with the row count.
    """
    book, count = member_workbook(request.user, queryset, filters=filters)
    audit_export(request, "委员名单", count)
    return xlsx_response(book.to_bytes(), book.filename())


TEMPLATE_INPUT_ROWS = 1000  # rows below the header with drop-down lists and cell formats


def template_lists(committee=None) -> dict:
    """Column header → the values its drop-down list offers (the committee's own names if given)."""
    from members.enums import CommitteeLevel, Gender, Party
    from members.models import Committee

    from .columns import FLAG_KEYS, _chinese_labels

    lists = {"性别": list(_chinese_labels(Gender).values()), "党派": list(_chinese_labels(Party).values())}
    lists |= {c.header: [YES, NO] for c in MEMBER_COLUMNS if c.key in FLAG_KEYS}
    if committee is not None:
        lists["界别"] = [s.name for s in committee.sectors.order_by("name")]
        lists["专门委员会"] = [s.name for s in committee.special_committees.order_by("name")]
        lists["所在乡镇（街道）"] = list(Committee.objects.filter(
            path__startswith=committee.path, level=CommitteeLevel.TOWNSHIP).order_by("name").values_list("name", flat=True))
    return {header: values for header, values in lists.items() if values}


def import_template_filename(committee=None) -> str:
    return WorkbookWriter(committee=committee.name if committee else "", subject="委员导入模板").filename()


def import_template(committee=None) -> bytes:
    """The import template: the sheet 委员 to fill in (the header in row 1, drop-down lists for gender, party,
    sector, special committee, township and the 是/否 columns, dates and text formatted as such), a readable
    sheet 填写说明, and the hidden sheet of list values. The sheet format stays Chinese whatever the interface
    language: offices exchange these files."""
    lists = template_lists(committee)
    book = WorkbookWriter(committee=committee.name if committee else "", subject="委员导入模板")
    columns = [Column(c.header, kind=DATE if c.key == "birth_date" else TEXT,
                      width=max(display_width(c.header), display_width(c.example), 8) + 4) for c in MEMBER_COLUMNS]
    book.add_table("委员", columns, [], title_rows=False, lists=lists, input_rows=TEMPLATE_INPUT_ROWS)
    lines = [
        ("填写方法", "每行填写一名委员，从第 2 行起填写；请勿修改、删除或调换第 1 行的列名。"),
        ("下拉列表", "带下拉箭头的列（性别、党派、界别、专门委员会、乡镇（街道）、是/否）请从列表中选择。"
                   + ("" if committee else "界别、专门委员会和乡镇（街道）的列表请在导入页面选择政协组织后下载模板获得。")),
        ("日期", "出生日期写作 1975-05-01（年-月-日）；不存在的日期（如 2026-02-30）会被拒绝。"),
        ("导入", "上传后系统逐行检查并列出错误；全部无误才会导入，有任何错误时一行也不导入。"),
        ("", ""),
        ("列", "说明"),
    ]
    for c in MEMBER_COLUMNS:
        text = "必填。" if c.required else "选填。"
        if c.hint and c.hint != "必填":
            text += f"{c.hint}。"
        if c.header in lists and len(lists[c.header]) <= 12:
            text += f"可选：{'、'.join(lists[c.header])}。"
        elif c.header in lists:
            text += f"从下拉列表选择（共 {len(lists[c.header])} 项）。"
        if c.example:
            text += f"示例：{c.example}"
        lines.append((c.header, text))
    book.add_notes("填写说明", lines)
    return book.to_bytes()
