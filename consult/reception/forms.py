"""Input of the 委员接待日 pages: fields parsed and bounded; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import StudioKind
from members.models import Committee, Member, Sector
from portal import limits
from portal.forms import ModelChoiceField, ModelMultipleChoiceField

from ..forms import DATE, note
from .enums import MAX_ISSUES
from .models import MAX_VISITORS


class StudioForm(forms.Form):
    committee = ModelChoiceField(label=_("政协组织"), queryset=Committee.objects.none())
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=StudioKind.choices)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    opening_hours = forms.CharField(label=_("开放时间"), max_length=100, required=False,
                                    help_text=_("例如：每月25日 9:00–11:30"))
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    sector = ModelChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)
    reception_day = forms.IntegerField(label=_("每月接待日"), min_value=1, max_value=28, initial=25)
    duty_size = forms.TypedChoiceField(label=_("每次值班人数"), choices=[(2, "2"), (3, "3")], coerce=int, initial=2)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    members = ModelMultipleChoiceField(label=_("入驻委员"), queryset=Member.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 10}))

    def __init__(self, *args, committees=None, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:  # editing: the studio's committee stays; members from its subtree
            del self.fields["committee"]
            self.fields["sector"].queryset = Sector.objects.filter(committee=committee).order_by("name")
            self.fields["members"].queryset = (Member.objects.filter(committee__path__startswith=committee.path,
                                                                     active=True).order_by("name"))
        else:  # creating: members are added on the studio's page once its committee is known
            self.fields["committee"].queryset = committees
            del self.fields["members"]
            del self.fields["sector"]


class RosterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class UnavailabilityForm(forms.Form):
    member = ModelChoiceField(label=_("委员"), queryset=Member.objects.none())
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:  # the member for themselves
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members


class SwapForm(forms.Form):
    other_duty = forms.TypedChoiceField(label=_("与谁换班"), coerce=int, choices=())
    reason = forms.CharField(label=_("换班理由"), max_length=200, required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_duty"].choices = [(d.pk, f"{d.date:%Y-%m-%d} {d.member.name}") for d in partners]


class RecordForm(forms.Form):
    visitors = forms.IntegerField(label=_("接待群众人数"), min_value=0, max_value=MAX_VISITORS, initial=0)
    summary = note(_("接待情况"))
    absent = forms.TypedMultipleChoiceField(label=_("未到岗的值班委员"), coerce=int, required=False, choices=(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, duties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].choices = [(d.pk, d.member.name) for d in duties]


class IssueForm(forms.Form):
    title = forms.CharField(label=_("群众反映的问题"), max_length=200, required=False)
    description = forms.CharField(label=_("具体情况"), max_length=limits.LONG_TEXT, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    resident_name = forms.CharField(label=_("群众姓名（选填）"), max_length=50, required=False)
    resident_phone = forms.CharField(label=_("群众电话（选填）"), max_length=20, required=False)

    def is_blank(self):
        return not any((self.cleaned_data or {}).get(f) for f in self.fields)


IssueFormSet = forms.formset_factory(IssueForm, extra=3, max_num=MAX_ISSUES, absolute_max=MAX_ISSUES,
                                     validate_max=True)


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], required=False)
