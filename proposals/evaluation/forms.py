"""Forms of 民主评议 and the yearly awards: they check input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import limits
from portal.forms import ModelChoiceField

from ..errors import ProposalError
from .enums import AwardKind, EvaluationGrade
from .services import clean_panel_score


class PanelScoreForm(forms.Form):
    panel_score = forms.CharField(label=_("民主评议得分（0–100）"), max_length=10,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    grade = forms.ChoiceField(label=_("等次"), choices=[("", "——")] + EvaluationGrade.choices)
    note = forms.CharField(label=_("评议意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.NOTE)

    def clean_panel_score(self):
        try:
            return clean_panel_score(self.cleaned_data["panel_score"])
        except ProposalError as exc:
            raise forms.ValidationError(exc.message) from None


class NominateForm(forms.Form):
    """One nomination: a proposal (优秀提案) or a unit (优秀承办单位) with the reasons."""

    kind = forms.ChoiceField(label=_("奖项"), choices=AwardKind.choices)
    proposal = ModelChoiceField(label=_("提案"), queryset=None, required=False)
    unit = ModelChoiceField(label=_("承办单位"), queryset=None, required=False)
    citation = forms.CharField(label=_("推荐理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=limits.NOTE)

    def __init__(self, *args, proposals, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == AwardKind.PROPOSAL and not data.get("proposal"):
            self.add_error("proposal", _("请选择要推荐的提案。"))
        if kind == AwardKind.UNIT and not data.get("unit"):
            self.add_error("unit", _("请选择要推荐的承办单位。"))
        if kind == AwardKind.PROPOSAL:
            data["unit"] = None
        elif kind == AwardKind.UNIT:
            data["proposal"] = None
        return data
