"""The member sheet's columns: one spec serves the import template, the import parser and the export.

Headers are part of the file format (offices exchange these sheets), so they stay in Chinese
whatever the interface language.
"""

import functools
from dataclasses import dataclass

from django.utils import translation

from members.enums import Gender, Party

YES, NO = "是", "否"
YES_WORDS = {"是", "y", "yes", "1", "√", "✓", "true"}
NO_WORDS = {"", "否", "n", "no", "0", "×", "false"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""
    hint: str = ""


MEMBER_COLUMNS = (
    Column("name", "姓名", required=True, example="张三", hint="必填"),
    Column("gender", "性别", example="男", hint="男 / 女"),
    Column("birth_date", "出生日期", example="1975-05-01", hint="YYYY-MM-DD"),
    Column("phone", "手机号码", example="13800000000", hint="11 位手机号，同一政协内不得重复"),
    Column("email", "电子邮箱", example="zhangsan@example.cn"),
    Column("party", "党派", example="民盟", hint="见“党派”列表；不填为无党派人士"),
    Column("sector", "界别", example="教育界", hint="须为本政协已有的界别"),
    Column("special_committee", "专门委员会", example="提案委员会", hint="须为本政协已有的专门委员会"),
    Column("township", "所在乡镇（街道）", example="", hint="须为本政协下级的乡镇（街道）联络组"),
    Column("employer", "工作单位", example="某某中学"),
    Column("position", "职务", example="校长"),
    Column("is_standing", "常委", example=NO, hint="是 / 否"),
    Column("is_chair_member", "主席会议成员", example=NO, hint="是 / 否"),
    Column("is_convenor", "召集人", example=NO, hint="是 / 否"),
    Column("is_info_officer", "信息员", example=NO, hint="是 / 否"),
)
FLAG_KEYS = ("is_standing", "is_chair_member", "is_convenor", "is_info_officer")
COLUMN_BY_HEADER = {c.header: c for c in MEMBER_COLUMNS}
COLUMN_BY_KEY = {c.key: c for c in MEMBER_COLUMNS}

PARTY_ALIASES = {
    "中国共产党": Party.CPC, "中共党员": Party.CPC, "共产党": Party.CPC,
    "中国国民党革命委员会": Party.RCCK, "中国民主同盟": Party.CDL, "中国民主建国会": Party.CNDCA,
    "中国民主促进会": Party.CAPD, "中国农工民主党": Party.CPWDP, "农工民主党": Party.CPWDP,
    "中国致公党": Party.CZGP, "台湾民主自治同盟": Party.TDSGL, "无党派": Party.NONE, "群众": Party.NONE,
}


@functools.cache
def _chinese_labels(choices_class):
    """value -> Chinese label of a TextChoices class (the sheet format is Chinese whatever the UI language).
    Cached: computed once per process, not once per exported row."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices_class.choices}


def party_lookup():
    """Sheet text -> Party value: the Chinese labels plus common full names."""
    lookup = {label: value for value, label in _chinese_labels(Party).items()}
    lookup.update(PARTY_ALIASES)
    return lookup


def gender_lookup():
    return {label: value for value, label in _chinese_labels(Gender).items()}


def member_export_row(member, *, personal=None, columns=MEMBER_COLUMNS) -> list:
    """One member as sheet cells in `columns` order. `personal` holds the personal fields as the viewer
    sees them (members.privacy.member_values); without it they are written in full (templates, tests)."""
    parties = _chinese_labels(Party)
    genders = _chinese_labels(Gender)
    if personal is None:
        personal = {"birth_date": member.birth_date, "phone": member.phone, "email": member.email}
    birth_date = personal.get("birth_date")
    values = {
        "name": member.name,
        "gender": genders.get(member.gender, ""),
        "birth_date": birth_date.isoformat() if birth_date else "",
        "phone": personal.get("phone") or "",
        "email": personal.get("email") or "",
        "party": parties.get(member.party, ""),
        "sector": member.sector.name if member.sector_id else "",
        "special_committee": member.special_committee.name if member.special_committee_id else "",
        "township": member.township.name if member.township_id else "",
        "employer": member.employer,
        "position": member.position,
    }
    values.update({key: YES if getattr(member, key) else NO for key in FLAG_KEYS})
    return [values[c.key] for c in columns]
