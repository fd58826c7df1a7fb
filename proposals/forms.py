"""Forms of the proposal pages: validate input (Chinese messages), then the views call one service.

No business logic here: the services check states and permissions; these forms only check that the
input is complete and well-formed, and offer the choices of the user's committee.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.enums import Party
from members.models import Committee, HandlingUnit, Sector, Session, SpecialCommittee
from portal import limits
from portal.forms import ModelChoiceField, ModelMultipleChoiceField, PlainSelect

from .enums import (
    CollectiveKind,
    ContactWay,
    ConvertTarget,
    ProposalKind,
    ProposalPeriod,
    ProposalState,
    Relevance,
    Satisfaction,
    StagedAction,
)
from .errors import ProposalError
from .files import checked_file
from .models import DeclineGround, Proposal, ProposalCategory, ReplyCategory

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _checked_upload(value):
    """Validate an upload by content now, so a bad file is a form error and nothing is saved."""
    if value is None:
        return value
    try:
        checked_file(value)
    except ProposalError as exc:
        raise forms.ValidationError(exc.message) from exc
    value.seek(0)
    return value


def errors_text(form):
    """All errors of a form as one line in the user's language (message-style feedback on small action forms)."""
    separator, stop = gettext("；"), gettext("。")
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = separator.join(str(e).rstrip("。.") for e in errors)
        parts.append(gettext("%(label)s：%(errors)s") % {"label": label, "errors": text} if label else text)
    return separator.join(parts) + stop


def person_name(user):
    """A user as people know them: the member's name, the full name, or the login name."""
    member = getattr(user, "member", None)
    return (member.name if member else "") or user.get_full_name() or user.username


# --------------------------------------------------------------------------- member


class ProposalForm(forms.ModelForm):
    """New proposal / edit draft: content, kind, collective name, disclosure, one optional attachment."""

    attachment = forms.FileField(
        label=_("附件"), required=False,
        help_text=_("可上传 PDF、DOCX、XLSX、JPG、PNG 文件（按内容检查）"),
    )

    class Meta:
        model = Proposal
        fields = [
            "title", "category", "kind", "period", "session", "collective_kind", "collective_party",
            "collective_sector", "collective_special_committee", "collective_name", "reason", "suggestions",
            "disclosure_consent", "nondisclosure_reason",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 6}),
            "suggestions": forms.Textarea(attrs={"rows": 6}),
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {"title": {"required": _("请填写案题。")}}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProposalCategory.objects.for_committee(committee)
        self.fields["session"].queryset = Session.objects.filter(term__committee=committee).select_related("term")
        self.fields["collective_sector"].queryset = Sector.objects.filter(committee=committee)
        self.fields["collective_special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)
        self.fields["kind"].choices = ProposalKind.choices
        self.fields["period"].choices = ProposalPeriod.choices
        self.fields["collective_kind"].choices = [("", "—"), *CollectiveKind.choices]
        self.fields["collective_party"].choices = [("", "—"), *Party.choices]

    def clean_attachment(self):
        return _checked_upload(self.cleaned_data.get("attachment"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ProposalKind.COLLECTIVE and not any(
            cleaned.get(f) for f in ("collective_name", "collective_party", "collective_sector", "collective_special_committee")
        ):
            self.add_error("collective_name", _("集体提案须写明以哪个党派、团体、界别或专门委员会的名义提出。"))
        if not cleaned.get("disclosure_consent") and not (cleaned.get("nondisclosure_reason") or "").strip():
            self.add_error("nondisclosure_reason", _("不同意公开时，请说明理由。"))
        return cleaned

    def service_fields(self):
        """The content fields as the services take them (create_draft / update_draft)."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("collective_kind", "collective_party", "collective_name", "reason", "suggestions", "nondisclosure_reason"):
            data[name] = data[name] or ""
        if data["kind"] != ProposalKind.COLLECTIVE:
            data.update(collective_kind="", collective_party="", collective_sector=None,
                        collective_special_committee=None, collective_name="")
        return data


class NoteForm(forms.Form):
    """An optional note to an action (撤回说明, 办结说明)."""

    note = forms.CharField(label=_("说明"), required=False, max_length=limits.NOTE)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), error_messages={"required": _("请选择要上传的文件。")})

    def clean_file(self):
        return _checked_upload(self.cleaned_data.get("file"))


class DisclosureForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=_("是否同意公开"), choices=[("1", _("同意公开")), ("0", _("不同意公开"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("不公开理由"), required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") is False and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("不同意公开时，请说明理由。"))
        return cleaned


class InviteForm(forms.Form):
    members = ModelMultipleChoiceField(
        label=_("联名委员"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一位委员。"), "invalid_choice": _("所选委员不可邀请。")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates


class RatingForm(forms.Form):
    attitude = forms.ChoiceField(label=_("办理态度"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    relevance = forms.ChoiceField(label=_("答复针对性"), choices=Relevance.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=_("办理结果"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == Satisfaction.UNSATISFIED and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("评价为不满意时，请写明意见，以便承办单位重新办理。"))
        return cleaned


# --------------------------------------------------------------------------- staff


class DecisionForm(forms.Form):
    """One review decision (立案 / 退回 / 并案 / 转 / 不予立案), applied now or staged.

    The main proposal of a 并案 is typed (its 案号, or its number for one not yet numbered), not picked
    from a list: a province has thousands of proposals that could be merged into. It must be one of
    `merge_targets` (same committee and session, mergeable); otherwise the message says why, looking
    only at what the viewer may see.
    """

    action = forms.ChoiceField(label=_("审查意见"), choices=StagedAction.choices)
    merge_into = forms.CharField(
        label=_("并入提案"), required=False, max_length=40,
        help_text=_("并案时填写主提案的案号（如 十四届三次-0001，同一次会议的可只填 0001），尚未立案的填写其编号"),
    )
    decline_ground = ModelChoiceField(label=_("不予立案理由"), queryset=DeclineGround.objects.none(), required=False)
    convert_to = forms.ChoiceField(label=_("转为"), choices=ConvertTarget.choices, required=False)
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE)

    def __init__(self, *args, proposal, merge_targets, visible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal, self.merge_targets = proposal, merge_targets
        self.visible = visible if visible is not None else merge_targets
        self.fields["decline_ground"].queryset = DeclineGround.objects.for_committee(proposal.committee)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        reference = (cleaned.get("merge_into") or "").strip()
        cleaned["merge_into"] = None
        if action == StagedAction.MERGE:
            if not reference:
                self.add_error("merge_into", _("并案时请选择要并入的提案。"))
            else:
                cleaned["merge_into"] = self._merge_target(reference)
        if action == StagedAction.REJECT and not cleaned.get("decline_ground"):
            self.add_error("decline_ground", _("不予立案时请从列表中选择理由。"))
        if action == StagedAction.RETURN and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("退回修改时请写明修改意见。"))
        return cleaned

    def _merge_target(self, reference):
        """The proposal `reference` (a 案号 or a number) names among the merge targets, or None with an error."""
        if reference.isdigit() and len(reference) > 12:
            self.add_error("merge_into", _("没有找到案号或编号为“%(ref)s”的提案。") % {"ref": reference})
            return None
        if reference.isdigit() and reference.startswith("0"):  # "0012": the 案号 ending -0012 in this session
            match = {"session_id": self.proposal.session_id, "sequence": int(reference)}
        elif reference.isdigit():
            match = {"pk": int(reference)}
        else:
            match = {"number": reference}
        target = self.merge_targets.filter(**match).first()
        if target is not None:
            return target
        p = self.proposal
        # a 案号 may recur in other committees: the closest one the viewer sees explains the refusal
        seen = sorted(self.visible.filter(**match)[:10],
                      key=lambda q: (q.committee_id != p.committee_id, q.session_id != p.session_id))
        values = {"ref": reference}
        if not seen:
            message = _("没有找到案号或编号为“%(ref)s”的提案。")
        elif seen[0].pk == p.pk:
            message = _("不能把提案并入它自己。")
        elif (seen[0].committee_id, seen[0].session_id) != (p.committee_id, p.session_id):
            message = _("提案“%(ref)s”与本提案不属于同一政协组织的同一次会议，不能并入。")
        elif seen[0].merged_into_id:
            message = _("提案“%(ref)s”已并入其他提案，请填写其主提案。")
        else:
            values["state"] = seen[0].get_state_display()
            message = _("提案“%(ref)s”当前状态为“%(state)s”，不能作为并案的主提案。")
        self.add_error("merge_into", message % values)
        return None

    def service_kwargs(self):
        c = self.cleaned_data
        return {"action": c["action"], "merge_into": c.get("merge_into"), "decline_ground": c.get("decline_ground"),
                "convert_to": c.get("convert_to") or ConvertTarget.OPINION, "note": c.get("note") or ""}


class AssignForm(forms.Form):
    lead = ModelChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.none(), required=False)
    co_units = ModelMultipleChoiceField(label=_("会办单位"), queryset=HandlingUnit.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    separate_units = ModelMultipleChoiceField(label=_("分办单位"), queryset=HandlingUnit.objects.none(),
                                                    required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "co_units", "separate_units"):
            self.fields[name].queryset = units

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("lead") and not cleaned.get("separate_units"):
            raise forms.ValidationError(_("请至少指定一个主办单位或分办单位。"))
        return cleaned

    def service_kwargs(self):
        c = self.cleaned_data
        return {"lead": c.get("lead"), "co_units": list(c.get("co_units") or []),
                "separate_units": list(c.get("separate_units") or [])}


class BulkAssignForm(AssignForm):
    proposals = ModelMultipleChoiceField(
        label=_("提案"), queryset=Proposal.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请勾选要交办的提案。")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals


class RequestDecisionForm(forms.Form):
    """Approve or deny an adjustment or extension request."""

    approve = forms.TypedChoiceField(label=_("审批"), choices=[("1", _("同意")), ("0", _("不同意"))],
                                     coerce=lambda v: v == "1")
    new_unit = ModelChoiceField(label=_("改交单位"), queryset=HandlingUnit.objects.none(), required=False)
    granted_due_date = forms.DateField(label=_("批准延至"), required=False, widget=DATE)
    note = forms.CharField(label=_("审批意见"), required=False, max_length=limits.NOTE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["new_unit"].queryset = units


class ReplyReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("审核"), choices=[("1", _("审核通过")), ("0", _("退回修改"))],
                                     coerce=lambda v: v == "1")
    category = ModelChoiceField(label=_("更正答复类别"), queryset=ReplyCategory.objects.none(), required=False)
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=limits.NOTE)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ReplyCategory.objects.for_committee(committee)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("approve") is False and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("退回答复时请写明意见。"))
        return cleaned


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("确定为重点提案"), required=False)
    leaders = ModelMultipleChoiceField(label=_("领衔督办领导"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    meeting_date = forms.DateField(label=_("办理协商会日期"), required=False, widget=DATE)
    meeting_note = forms.CharField(label=_("办理协商会情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   max_length=limits.NOTE)

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leaders
        self.fields["leaders"].label_from_instance = person_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_key") and not cleaned.get("leaders"):
            self.add_error("leaders", _("重点提案须确定领衔督办的领导。"))
        return cleaned


class OverviewFilterForm(forms.Form):
    """The staff overview's filters (the query string is also read by proposals.filters.ProposalFilter)."""

    search = forms.CharField(label=_("关键词"), required=False, max_length=limits.SEARCH)
    committee = ModelChoiceField(label=_("政协组织"), queryset=Committee.objects.none(), required=False,
                                 widget=PlainSelect, label_fields=["name"])  # a province's 140 committees
    state = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *ProposalState.choices], required=False,
                              widget=PlainSelect)
    category = ModelChoiceField(label=_("分类"), queryset=ProposalCategory.objects.none(), required=False,
                                widget=PlainSelect, label_fields=["name"])
    unit = ModelChoiceField(label=_("承办单位"), queryset=HandlingUnit.objects.none(), required=False,
                            widget=PlainSelect, label_fields=["name"])
    session = ModelChoiceField(label=_("届次会议"), queryset=Session.objects.none(), required=False,
                               widget=PlainSelect, label_fields=["term__name", "name"])  # str(session)
    overdue = forms.ChoiceField(label=_("逾期"), choices=[("", _("全部")), ("true", _("已逾期")), ("false", _("未逾期"))],
                                required=False, widget=PlainSelect)
    is_key = forms.ChoiceField(label=_("重点提案"), choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))],
                               required=False, widget=PlainSelect)

    def __init__(self, *args, committees, categories, units, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["category"].queryset = categories
        self.fields["unit"].queryset = units
        self.fields["session"].queryset = sessions


# --------------------------------------------------------------------------- handling unit


class AdjustmentForm(forms.Form):
    reason = forms.CharField(label=_("申请调整理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE,
                             error_messages={"required": _("请说明申请调整的理由。")})
    suggested_unit = ModelChoiceField(label=_("建议承办单位"), queryset=HandlingUnit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_unit"].queryset = units


class ContactForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE, error_messages={"required": _("请填写沟通日期。"),
                                                                        "invalid": _("日期格式不正确。")})
    way = forms.ChoiceField(label=_("方式"), choices=ContactWay.choices)
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("沟通日期不能晚于今天。"))
        return value


class OpinionForm(forms.Form):
    body = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=limits.LONG_TEXT,
                           error_messages={"required": _("请填写会办意见。")})
    uploaded = forms.FileField(label=_("附件"), required=False)

    def clean_uploaded(self):
        return _checked_upload(self.cleaned_data.get("uploaded"))


class ReplyForm(forms.Form):
    category = ModelChoiceField(label=_("答复类别"), queryset=ReplyCategory.objects.none(),
                                      error_messages={"required": _("请选择答复类别（A、B、C 类）。")})
    body = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=limits.LONG_TEXT,
                           error_messages={"required": _("请填写答复内容。")})
    letter_number = forms.CharField(label=_("文号"), required=False, max_length=50)
    signed_by = forms.CharField(label=_("签发人"), required=False, max_length=50)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    letter = forms.FileField(label=_("答复函（PDF 或 DOCX，不上传则按表单自动生成 DOCX）"), required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ReplyCategory.objects.for_committee(committee)

    def clean_letter(self):
        value = self.cleaned_data.get("letter")
        if value is None:
            return value
        try:
            checked_file(value, allowed=("pdf", "docx"))
        except ProposalError as exc:
            raise forms.ValidationError(exc.message) from exc
        value.seek(0)
        return value


class ExtensionForm(forms.Form):
    requested_due_date = forms.DateField(label=_("申请延至"), widget=DATE,
                                         error_messages={"required": _("请填写申请延至的日期。")})
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE,
                             error_messages={"required": _("请说明申请延期的理由。")})


class ReviewReportForm(forms.Form):
    """回头看: the unit's progress on what its reply promised."""

    progress = forms.IntegerField(label=_("落实进度（%）"), min_value=0, max_value=100,
                                  error_messages={"required": _("请填写落实进度（0–100）。"),
                                                  "min_value": _("落实进度须在 0 到 100 之间。"),
                                                  "max_value": _("落实进度须在 0 到 100 之间。"),
                                                  "invalid": _("落实进度须为 0 到 100 的整数。")})
    note = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.LONG_TEXT,
                           error_messages={"required": _("请填写落实情况。")})


class RehandleForm(forms.Form):
    """Staff order re-handling of an answered assignment (e.g. after a 回头看 without progress)."""

    note = forms.CharField(label=_("重新办理意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.NOTE,
                           error_messages={"required": _("要求重新办理时请写明意见。")})
    # a co-signer's 不满意 given as the ground (services.start_rehandling(rating=…))
    rating = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
