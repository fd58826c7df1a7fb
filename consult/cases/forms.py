"""Input of the grassroots case pages: fields parsed and bounded (portal.limits); the rules are the services'."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from members.models import Committee, Member, MemberGroup
from members.selectors import near_committee_ids
from portal import limits
from portal.forms import ModelChoiceField, ModelMultipleChoiceField, PlainSelect
from portal.public_forms import ChallengeForm

from ..forms import DATE, _blank, long_text, note
from ..member.forms import PHONE
from .enums import BANKS, REGISTER_SOURCES, CaseGrade, CaseOutcome, CaseState, CaseTheme
from .models import CaseSettings
from .services import CASE_LEVELS


def group_label(committee_name, community, name):
    return f"{committee_name} · {community or name}"


class _GroupOptions(ModelChoiceIterator):
    """The options as values (id, committee name, community, name): no model instances, for the public form's
    thousands of a province's community groups. The field's queryset still answers a posted id."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "committee__name", "community", "name")
        for pk, committee_name, community, name in rows:
            yield (pk, group_label(committee_name, community, name))


class GroupChoiceField(ModelChoiceField):
    widget = PlainSelect  # the public form lists every community group of the province
    iterator = _GroupOptions


def public_groups():
    """Community member groups of township/county committees that take cases from the public form."""
    committees = CaseSettings.objects.filter(accepts_public=True, committee__level__in=CASE_LEVELS).values("committee_id")
    return MemberGroup.objects.filter(committee_id__in=committees).select_related("committee").order_by(
        "committee__path", "name")


def _phone(value):
    value = (value or "").strip()
    if value and not PHONE.match(value):
        raise forms.ValidationError(_("请填写正确的联系电话（手机号或带区号的固定电话）。"))
    return value


class PublicCaseForm(ChallengeForm):
    """群众点单 on the public form (no login), with the challenge and the honeypot of portal.public_forms."""

    member_group = GroupChoiceField(label=_("所在社区（委员小组）"), queryset=MemberGroup.objects.none(),
                                    empty_label=_("请选择"))
    title = forms.CharField(label=_("反映的事项"), max_length=200)
    description = forms.CharField(label=_("具体情况"), max_length=limits.LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label=_("您的称呼（选填）"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    field_order = ["member_group", "title", "description", "name", "phone", "answer", "challenge", "website"]

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = public_groups()
        if committee and str(committee).isdigit() and len(str(committee)) <= 9:  # a link for one committee's residents
            groups = groups.filter(committee_id=int(committee))
        self.fields["member_group"].queryset = groups
        self.order_fields(self.field_order)

    def clean_phone(self):
        return _phone(self.cleaned_data.get("phone"))


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16, min_length=4)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


def register_committees(user):
    """Committees the user may register cases for: staff their managed ones, a member their own and township."""
    from members.scopes import scope_for

    scope = scope_for(user)
    ids = set(scope.committee_ids(manage=True)) if scope.staff_paths else set()
    if scope.member is not None:
        ids |= {c for c in (scope.member.committee_id, scope.member.township_id) if c}
    qs = Committee.objects.filter(level__in=CASE_LEVELS)
    return qs if scope.is_superuser else qs.filter(pk__in=ids)


class RegisterForm(forms.Form):
    """Staff, a convenor or a group leader register a case on a resident's behalf."""

    committee = ModelChoiceField(label=_("政协组织"), queryset=Committee.objects.none(), empty_label=_("请选择"))
    member_group = GroupChoiceField(label=_("社区（委员小组）"), queryset=MemberGroup.objects.none(), required=False,
                                    empty_label=_("暂不指定"))
    source = forms.ChoiceField(label=_("来源"), choices=REGISTER_SOURCES)
    title = forms.CharField(label=_("事项"), max_length=200)
    description = long_text(_("具体情况"))
    resident_name = forms.CharField(label=_("群众姓名"), max_length=50, required=False)
    resident_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = register_committees(user)
        self.fields["committee"].queryset = committees.order_by("path")
        # groups of what is near (the top committees, their children, the one picked), not a whole province's
        near = near_committee_ids(committees, self.data.get("committee") if self.is_bound else None)
        ids = {*near, *committees.filter(parent_id__in=near).values_list("pk", flat=True)[:500]}
        self.fields["member_group"].queryset = MemberGroup.objects.filter(committee_id__in=ids).select_related(
            "committee").order_by("committee__path", "name")

    def clean_resident_phone(self):
        return _phone(self.cleaned_data.get("resident_phone"))


def group_field(case, required=True):
    return GroupChoiceField(label=_("派给委员小组"), required=required, empty_label=_("请选择"),
                            queryset=MemberGroup.objects.filter(committee=case.committee).select_related("committee"))


class AcceptForm(forms.Form):
    grade = forms.ChoiceField(label=_("分类"), choices=CaseGrade.choices)
    theme = forms.ChoiceField(label=_("主题"), choices=CaseTheme.choices)
    note = note(_("说明"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_group"] = group_field(case, required=False)
        self.fields["member_group"].empty_label = _("稍后分单")
        if case.member_group_id and not self.is_bound:
            self.initial["member_group"] = case.member_group_id


class DeclineForm(forms.Form):
    reason = note(_("不予受理理由（群众可见）"), required=True)


class OfferForm(forms.Form):
    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_group"] = group_field(case)


class ClaimForm(forms.Form):
    note = note(_("说明"))

    def __init__(self, *args, case, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Member.objects.filter(member_group_id=case.member_group_id, active=True).order_by("name", "id")
        if member is not None:
            qs = qs.exclude(pk=member.pk)
        self.fields["co_members"] = ModelMultipleChoiceField(
            label=_("共同接单委员（选填）"), queryset=qs, required=False, widget=forms.CheckboxSelectMultiple)


class JoinForm(forms.Form):
    note = note(_("说明"))


class ConsultForm(forms.Form):
    held_on = forms.DateField(label=_("协商日期"), widget=DATE)
    place = forms.CharField(label=_("协商地点"), max_length=200)
    participants = note(_("参加人员"), required=True)
    departments = note(_("涉及部门"))
    result = long_text(_("协商结果与建议"))


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("跟进日期"), widget=DATE)
    note = note(_("跟进情况"), required=True)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=CaseOutcome.choices)
    answer = note(_("给群众的答复（群众可见）"), required=True)


class ArchiveForm(forms.Form):
    summary = long_text(_("案例总结"))


class RaiseForm(forms.Form):
    note = note(_("说明"))


ACTION_FORMS = {
    "accept": AcceptForm, "decline": DeclineForm, "offer": OfferForm, "claim": ClaimForm, "join": JoinForm,
    "consult": ConsultForm, "follow_up": FollowUpForm, "resolve": ResolveForm, "archive": ArchiveForm,
    "raise": RaiseForm, "to_proposal": RaiseForm,
}
NEEDS_CASE = {"accept", "offer", "claim"}


class BankFilterForm(forms.Form):
    # PlainSelect: a staff member's filter lists a province's committees; a template per option was half the page
    bank = forms.ChoiceField(label=_("库"), required=False, choices=[(k, v[0]) for k, v in BANKS.items()],
                             widget=PlainSelect)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(CaseState.choices), widget=PlainSelect)
    grade = forms.ChoiceField(label=_("分类"), required=False, choices=_blank(CaseGrade.choices), widget=PlainSelect)
    theme = forms.ChoiceField(label=_("主题"), required=False, choices=_blank(CaseTheme.choices), widget=PlainSelect)
    member_group = forms.IntegerField(label=_("委员小组编号"), required=False, min_value=1, max_value=2_000_000_000,
                                      widget=forms.HiddenInput)
    committee = ModelChoiceField(label=_("政协组织"), required=False, queryset=Committee.objects.none(),
                                 empty_label=_("全部"), widget=PlainSelect, label_fields=["name"])
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("关键词"), required=False, max_length=limits.SEARCH)

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"].queryset = committees
