"""Input of the consultation pages: fields parsed and bounded (portal.limits); the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import HandlingUnit, Member
from portal import limits
from portal.forms import ModelChoiceField, ModelMultipleChoiceField

from .meetings.enums import AttendanceStatus, MeetingMode, MeetingState, MeetingType
from .outcomes.enums import Adoption, OutcomeKind
from .topics.enums import PRESTUDY_FIELDS, ResearchKind, TopicSource, TopicState

# An <input type="date"> takes only ISO dates: the localised format ("2027/03/01" in Chinese) would show it empty.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _blank(choices):
    return [("", _("全部")), *choices]


def units_of(committee):
    return HandlingUnit.objects.filter(committee=committee, active=True).order_by("name")


def members_of(committee):
    return Member.objects.filter(committee=committee, active=True).order_by("name")


def long_text(label, required=True):
    return forms.CharField(label=label, required=required, max_length=limits.LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


def note(label, required=False):
    return forms.CharField(label=label, required=required, max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2}))


# ---- topics


class TopicFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(TopicState.choices))
    source = forms.ChoiceField(label=_("选题来源"), required=False, choices=_blank(TopicSource.choices))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("议题"), required=False, max_length=limits.SEARCH)


class PrestudyForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PRESTUDY_FIELDS:
            self.fields[name] = long_text(label, required=False)


class TopicCreateForm(PrestudyForm):
    """Staff record a topic the party or government assigns (党委政府点题) or a grassroots case raises."""

    source = forms.ChoiceField(label=_("选题来源"), choices=[
        (TopicSource.ASSIGNED, TopicSource.ASSIGNED.label), (TopicSource.GRASSROOTS, TopicSource.GRASSROOTS.label)])
    committee = ModelChoiceField(label=_("政协组织"), queryset=None)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.order_fields(["committee", "title", "source"])


class ReasonForm(forms.Form):
    reason = note(_("理由"), required=True)


class NoteForm(forms.Form):
    note = note(_("说明"))


class ApproveForm(forms.Form):
    plan = ModelChoiceField(label=_("年度计划"), queryset=None)
    meeting_type = forms.ChoiceField(label=_("协商形式"), choices=MeetingType.choices)
    quarter = forms.IntegerField(label=_("季度"), required=False, min_value=1, max_value=4)
    month = forms.IntegerField(label=_("月份"), required=False, min_value=1, max_value=12)
    units = ModelMultipleChoiceField(label=_("参加部门"), queryset=None, required=False)
    note = note(_("说明"))

    def __init__(self, *args, committee, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["units"].queryset = units_of(committee)


class ResearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ResearchKind.choices)
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    places = forms.CharField(label=_("调研地点"), max_length=300)
    participants = ModelMultipleChoiceField(label=_("参加委员"), queryset=None)
    report = long_text(_("调研报告"))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members_of(committee)


# ---- plans


class PlanCreateForm(forms.Form):
    committee = ModelChoiceField(label=_("政协组织"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=200, required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class PlanItemForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    meeting_type = forms.ChoiceField(label=_("协商形式"), choices=MeetingType.choices)
    quarter = forms.IntegerField(label=_("季度"), required=False, min_value=1, max_value=4)
    month = forms.IntegerField(label=_("月份"), required=False, min_value=1, max_value=12)
    units = ModelMultipleChoiceField(label=_("参加部门"), queryset=None, required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_of(committee)


# ---- meetings


class MeetingFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=_blank(MeetingState.choices))
    meeting_type = forms.ChoiceField(label=_("协商形式"), required=False, choices=_blank(MeetingType.choices))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)


class MeetingForm(forms.Form):
    committee = ModelChoiceField(label=_("政协组织"), queryset=None)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    meeting_type = forms.ChoiceField(label=_("协商形式"), choices=MeetingType.choices)
    mode = forms.ChoiceField(label=_("方式"), choices=MeetingMode.choices)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    venue = forms.CharField(label=_("地点"), max_length=200, required=False)
    video_url = forms.CharField(label=_("视频会议链接"), max_length=300, required=False, help_text=_("线上会议填写，https:// 开头"))
    signup_open = forms.BooleanField(label=_("开放报名"), required=False)
    topic = ModelChoiceField(label=_("议题"), queryset=None, required=False)

    def __init__(self, *args, committees, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["topic"].queryset = topics


class InviteForm(forms.Form):
    members = ModelMultipleChoiceField(label=_("委员"), queryset=None)
    compulsory = forms.TypedChoiceField(label=_("参加方式"), coerce=lambda v: v == "1", choices=[
        ("1", _("必须参加")), ("0", _("报名参加"))])

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_of(committee)


class LeaveDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("审批"), coerce=lambda v: v == "1", choices=[("1", _("准假")), ("0", _("不准假"))])
    note = note(_("审批意见"))


class AttendanceForm(forms.Form):
    member = ModelChoiceField(label=_("委员"), queryset=None)
    status = forms.ChoiceField(label=_("出勤"), choices=AttendanceStatus.choices)
    reason = forms.CharField(label=_("更正原因"), required=False, max_length=limits.NOTE)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(consult_invitations__meeting=meeting)


# ---- outcomes


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果类型"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    text_body = long_text(_("正文"))
    recommendations = forms.CharField(label=_("建议条目"), required=False, max_length=limits.LONG_TEXT,
                                      widget=forms.Textarea(attrs={"rows": 4}), help_text=_("每行一条"))

    def clean_recommendations(self):
        return [line.strip() for line in self.cleaned_data["recommendations"].splitlines() if line.strip()]


class UnitsForm(forms.Form):
    units = ModelMultipleChoiceField(label=_("承办单位"), queryset=None)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_of(committee)


class InstructionForm(UnitsForm):
    leader = forms.CharField(label=_("批示领导"), max_length=100)
    instructed_on = forms.DateField(label=_("批示日期"), widget=DATE)
    text_body = note(_("批示内容"), required=True)


class ReplyForm(forms.Form):
    """The unit's reply: measures, and adoption with measures for every recommendation."""

    measures = long_text(_("落实措施"))

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        for r in self.recommendations:
            self.fields[f"adoption_{r.pk}"] = forms.ChoiceField(
                label=_("第 %(n)d 条建议的采纳情况") % {"n": r.number}, choices=[("", "—"), *Adoption.choices])
            self.fields[f"measures_{r.pk}"] = forms.CharField(
                label=_("第 %(n)d 条建议的措施") % {"n": r.number}, required=False, max_length=limits.NOTE,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        """(recommendation, adoption field, measures field) for the template."""
        return [(r, self[f"adoption_{r.pk}"], self[f"measures_{r.pk}"]) for r in self.recommendations]

    def adoptions(self):
        return [{"recommendation": r, "adoption": self.cleaned_data[f"adoption_{r.pk}"],
                 "measures": self.cleaned_data[f"measures_{r.pk}"]} for r in self.recommendations]


class LookbackForm(forms.Form):
    report = long_text(_("回头看落实情况"))
