"""Member list export to .xlsx, shared by the admin action, the admin button and /members/export.xlsx."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.scopes import mask_phone, scope_for
from portal.audit import audit_export

from .columns import MEMBER_COLUMNS, NO, YES, member_export_row, party_lookup
from .workbook import build_workbook, xlsx_response

EXPORT_HEADERS = ["所属政协", *(c.header for c in MEMBER_COLUMNS), "在任"]


def member_sheet_rows(members, *, unmask: bool):
    for member in members:
        phone = member.phone if unmask else mask_phone(member.phone)
        yield [member.committee.name, *member_export_row(member, phone=phone), YES if member.active else NO]


def export_members(request, queryset):
    """An .xlsx download of `queryset` (already scoped by the caller).

    Phones are masked unless the requesting user may see personal data.
    Side effect: one AuditLog row (event "export") with the row count.
    """
    members = list(queryset.select_related("committee", "sector", "special_committee", "township"))
    unmask = scope_for(request.user).can_see_personal_data
    content = build_workbook([("委员名单", EXPORT_HEADERS, member_sheet_rows(members, unmask=unmask))])
    audit_export(request, "委员名单", len(members))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(content, _("委员名单-%(stamp)s.xlsx") % {"stamp": stamp})


def import_template(committee=None) -> bytes:
    """The import template: an empty sheet with the header row, and a sheet explaining each column
    (with an example) and the allowed values (the committee's sectors and special committees if given)."""
    hints = [(c.header, "是" if c.required else "否", c.hint, c.example) for c in MEMBER_COLUMNS]
    allowed = [("党派", "、".join(dict.fromkeys(party_lookup())))]
    if committee is not None:
        allowed += [
            ("界别", "、".join(s.name for s in committee.sectors.all())),
            ("专门委员会", "、".join(s.name for s in committee.special_committees.all())),
        ]
    return build_workbook([
        ("委员", [c.header for c in MEMBER_COLUMNS], []),
        ("填写说明", ["列", "必填", "说明", "示例"], hints + [("", "", "", "")] + [(k, "", v, "") for k, v in allowed]),
    ])
