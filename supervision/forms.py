"""Staff actions on an obligation from its page: meet, extend or waive — for obligations that no
workflow owns (created by staff). Those linked to a proposal, outcome or letter are settled by that
workflow's own actions, so a page here cannot bypass its rules (e.g. the 6-month extension cap)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ObligationActionForm(forms.Form):
    ACTIONS = [("meet", _("标记为已完成")), ("extend", _("延期")), ("waive", _("免除"))]

    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS)
    new_due_date = forms.DateField(label=_("新的截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "extend" and not data.get("new_due_date"):
            self.add_error("new_due_date", _("延期须填写新的截止日期。"))
        if action in {"extend", "waive"} and not (data.get("note") or "").strip():
            self.add_error("note", _("延期或免除须说明理由。"))
        return data
