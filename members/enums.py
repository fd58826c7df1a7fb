from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeLevel(models.TextChoices):
    PROVINCE = "province", _("省级政协")
    CITY = "city", _("市级政协")
    COUNTY = "county", _("县区政协")
    TOWNSHIP = "township", _("乡镇（街道）联络组")


class Party(models.TextChoices):
    CPC = "cpc", _("中共")
    RCCK = "rcck", _("民革")
    CDL = "cdl", _("民盟")
    CNDCA = "cndca", _("民建")
    CAPD = "capd", _("民进")
    CPWDP = "cpwdp", _("农工党")
    CZGP = "czgp", _("致公党")
    JS = "js", _("九三学社")
    TDSGL = "tdsgl", _("台盟")
    NONE = "none", _("无党派人士")


class Gender(models.TextChoices):
    MALE = "m", _("男")
    FEMALE = "f", _("女")


class Role(models.TextChoices):
    """Roles held through a RoleAssignment (a member's own role comes from Member.user)."""

    STAFF = "staff", _("机关工作人员")
    OFFICE = "office", _("区县/乡镇办公室（只读）")
    LEADER = "leader", _("主席会议成员（领导）")
    UNIT = "unit", _("承办单位联络员")


class StudioKind(models.TextChoices):
    STUDIO = "studio", _("委员工作室")
    HOME = "home", _("委员之家")
    HALL = "hall", _("议事厅")


class DutyState(models.TextChoices):
    """A reception-day duty (接待日值班): planned by the roster, confirmed by the member (or by a swap both
    members agreed to), then done or missed on the day (consult/reception)."""

    PLANNED = "planned", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DONE = "done", _("已值班")
    ABSENT = "absent", _("未到岗")
