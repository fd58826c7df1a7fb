"""Forms of the member's side and the public call: validation only (the services decide)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import CommitteeLevel
from members.models import Committee
from portal import limits
from portal.forms import ModelChoiceField
from portal.public_forms import ChallengeForm

from ..topics.enums import PRESTUDY_FIELDS

PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
# Committees that run a public call for topics (a township liaison group takes topics through its county).
PUBLIC_CALL_LEVELS = (CommitteeLevel.PROVINCE, CommitteeLevel.CITY, CommitteeLevel.COUNTY)


def _area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class RecommendForm(forms.Form):
    """委员荐题: the title, and the five 预可研 elements, each optional (staff complete them in 预可研)."""

    title = forms.CharField(label=_("议题"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PRESTUDY_FIELDS:
            self.fields[name] = forms.CharField(label=label, required=False, max_length=limits.LONG_TEXT,
                                               widget=_area(3))


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), max_length=limits.NOTE, widget=_area(2))


class PublicTopicForm(ChallengeForm):
    """社会征集: a resident's topic (no login), with the challenge and the honeypot of portal.public_forms."""

    committee = ModelChoiceField(label=_("向哪一级政协提出"), queryset=Committee.objects.none(),
                                       empty_label=_("请选择"))
    name = forms.CharField(label=_("您的姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    title = forms.CharField(label=_("建议的协商议题"), max_length=200)
    problem = forms.CharField(label=_("存在的问题"), max_length=limits.LONG_TEXT, widget=_area(5))
    suggestion = forms.CharField(label=_("您的建议"), max_length=limits.LONG_TEXT, widget=_area(5))

    field_order = ["committee", "name", "phone", "title", "problem", "suggestion", "answer", "challenge", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(level__in=PUBLIC_CALL_LEVELS).order_by("path")
        self.order_fields(self.field_order)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请填写正确的联系电话（手机号或带区号的固定电话）。"))
        return phone
