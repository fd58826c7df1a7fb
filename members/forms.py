"""Forms of the members app: admin forms that keep the organisation consistent, import and filters."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import limits
from portal.forms import ModelChoiceField, PlainSelect

from .enums import CommitteeLevel, Party, Role
from .models import Committee, Member, Sector, SectorGroup, SpecialCommittee

LEVEL_ORDER = [CommitteeLevel.PROVINCE, CommitteeLevel.CITY, CommitteeLevel.COUNTY, CommitteeLevel.TOWNSHIP]


class CommitteeAdminForm(forms.ModelForm):
    """A committee sits below its parent's level and never below itself (no cycles)."""

    class Meta:
        model = Committee
        fields = ["name", "level", "parent", "code", "order"]

    def clean(self):
        cleaned = super().clean()
        parent, level = cleaned.get("parent"), cleaned.get("level")
        if parent is None or level is None:
            return cleaned
        if self.instance.pk and parent.path.startswith(self.instance.path or f"/{self.instance.pk}/"):
            self.add_error("parent", _("不能把政协组织移动到它自己或它的下级之下。"))
        elif LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
            self.add_error("level", _("层级必须低于上级政协组织的层级。"))
        return cleaned


class MemberAdminForm(forms.ModelForm):
    """Sector, special committee and member group belong to the member's committee; the township lies under it."""

    class Meta:
        model = Member
        fields = [
            "committee", "name", "gender", "birth_date", "phone", "email", "party", "sector", "special_committee",
            "township", "member_group", "employer", "position", "is_standing", "is_chair_member", "is_convenor",
            "is_info_officer", "active",
        ]

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee")
        if committee is None:
            return cleaned
        for name in ("sector", "special_committee", "member_group"):
            value = cleaned.get(name)
            if value is not None and value.committee_id != committee.pk:
                self.add_error(name, _("必须属于所选的政协组织。"))
        township = cleaned.get("township")
        if township is not None and not township.path.startswith(committee.path):
            self.add_error("township", _("必须是所选政协组织下级的乡镇（街道）。"))
        return cleaned


class SectorGroupAdminForm(forms.ModelForm):
    """Sectors, convenors and the linked special committee all belong to the group's committee."""

    class Meta:
        model = SectorGroup
        fields = ["committee", "name", "sectors", "convenors", "special_committee"]

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee")
        if committee is None:
            return cleaned
        for name in ("sectors", "convenors"):
            strangers = [str(obj) for obj in cleaned.get(name) or [] if obj.committee_id != committee.pk]
            if strangers:
                self.add_error(name, _("%(names)s 不属于所选的政协组织。") % {"names": "、".join(strangers)})
        special = cleaned.get("special_committee")
        if special is not None and special.committee_id != committee.pk:
            self.add_error("special_committee", _("必须属于所选的政协组织。"))
        return cleaned


class ImportUploadForm(forms.Form):
    committee = ModelChoiceField(label=_("导入到"), queryset=Committee.objects.none())
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)


class AccountForm(forms.Form):
    """Username and name of the account to give a role to (created with a random password if new)."""

    username = forms.CharField(
        label=_("用户名"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("已有账号则直接分配角色；新账号将生成随机初始密码，仅显示一次。"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)


class RoleAssignmentForm(AccountForm):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    committee = ModelChoiceField(label=_("政协组织"), queryset=Committee.objects.none())
    unit = ModelChoiceField(label=_("承办单位"), queryset=None, required=False)

    def __init__(self, *args, committees, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["unit"].queryset = units


class MemberFilterForm(forms.Form):
    """Filters of the member list page and /members/export.xlsx (all optional)."""

    q = forms.CharField(label=_("姓名或单位"), required=False, max_length=limits.SEARCH)
    # Written out by PlainSelect: a province's 140 committees rendered an option template each.
    committee = ModelChoiceField(label=_("政协组织"), queryset=Committee.objects.none(), required=False,
                                 widget=PlainSelect, label_fields=["name"])
    sector = ModelChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False, widget=PlainSelect,
                              label_fields=["name"])
    special_committee = ModelChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False, widget=PlainSelect,
        label_fields=["name"],
    )
    party = forms.ChoiceField(label=_("党派"), choices=[("", "---------"), *Party.choices], required=False,
                              widget=PlainSelect)
    active = forms.NullBooleanField(label=_("在任"), required=False, initial=True, widget=PlainSelect(
        choices=[("", _("全部")), ("true", _("在任")), ("false", _("离任"))]
    ))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        # Sectors and special committees belong to one committee each: offer those of the user's own
        # (top) committees and of the committee picked, not every township's of a whole province.
        from .selectors import near_committee_ids

        near = near_committee_ids(committees, self.data.get("committee") if self.is_bound else None)
        self.fields["sector"].queryset = Sector.objects.filter(committee_id__in=near)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id__in=near)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(Q(name__contains=data["q"]) | Q(employer__contains=data["q"]))
        if data["committee"]:
            queryset = queryset.filter(committee__path__startswith=data["committee"].path)
        for name in ("sector", "special_committee", "party"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        if data["active"] is not None:
            queryset = queryset.filter(active=data["active"])
        return queryset
