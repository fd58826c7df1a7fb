"""Input of the 社情民意 pages: fields parsed and bounded (portal.limits); the rules are the services'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import HandlingUnit
from portal import limits
from portal.forms import ModelChoiceField, ModelMultipleChoiceField

from ..forms import DATE, long_text, note
from .enums import MAX_REPLY_MONTHS, BulletinKind, Level, ReportState, SendTarget


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    content = long_text(_("正文"))


class EditForm(forms.Form):
    title = forms.CharField(label=_("编辑后标题"), max_length=200)
    content = forms.CharField(label=_("编辑后正文"), max_length=limits.LONG_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    note = note(_("说明"))


class ReasonForm(forms.Form):
    note = note(_("理由"), required=True)


class NoteForm(forms.Form):
    note = note(_("说明"))


class MergeForm(forms.Form):
    others = ModelMultipleChoiceField(label=_("合并以下信息"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = candidates


class SendUpForm(forms.Form):
    target = forms.ChoiceField(label=_("报送对象"), choices=SendTarget.choices)
    recipient = forms.CharField(label=_("接收单位"), max_length=100, required=False)
    sent_on = forms.DateField(label=_("报送日期"), widget=DATE, initial=timezone.localdate)


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("采用层级"), choices=Level.choices)
    adopted_on = forms.DateField(label=_("采用日期"), widget=DATE, initial=timezone.localdate)
    adopted_by = forms.CharField(label=_("采用单位"), max_length=100)


class InstructForm(forms.Form):
    leader = forms.CharField(label=_("批示领导"), max_length=100)
    instructed_on = forms.DateField(label=_("批示日期"), widget=DATE, initial=timezone.localdate)
    text_body = note(_("批示内容"), required=True)
    departments = forms.CharField(label=_("批示涉及部门"), max_length=300, required=False)


class ForwardForm(forms.Form):
    units = ModelMultipleChoiceField(label=_("办理部门"), queryset=None)
    reply_months = forms.IntegerField(label=_("办理时限（月）"), min_value=1, max_value=MAX_REPLY_MONTHS, initial=1)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = HandlingUnit.objects.filter(committee=committee, active=True).order_by("name")


class BulletinForm(forms.Form):
    committee = ModelChoiceField(label=_("政协组织"), queryset=None)
    kind = forms.ChoiceField(label=_("刊物"), choices=BulletinKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class CompileForm(forms.Form):
    reports = ModelMultipleChoiceField(label=_("编入信息"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = candidates


class ReplyForm(forms.Form):
    text_body = long_text(_("办理情况"))


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *ReportState.choices], required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label=_("标题"), max_length=limits.SEARCH, required=False)
