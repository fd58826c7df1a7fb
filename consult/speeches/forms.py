"""The member's speech form: validation only (the service decides)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import SpeechKind


class SpeechForm(forms.Form):
    kind = forms.ChoiceField(label=_("发言方式"), choices=SpeechKind.choices)
    title = forms.CharField(label=_("发言题目"), max_length=200)
    text = forms.CharField(label=_("发言内容"), max_length=limits.LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}))
