"""Query filters of the consultation lists (every one a portal.filters.StrictFilterSet: an unusable value
is a 400 naming the parameter)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from portal.filters import IdFilter, IntegerFilter, StrictFilterSet

from .meetings.enums import AttendanceStatus, InvitationState, MeetingMode, MeetingState, MeetingType
from .models import (
    Attendance,
    ConsultationPlan,
    Instruction,
    Invitation,
    Meeting,
    Outcome,
    OutcomeSending,
    Research,
    Speech,
    Topic,
)
from .outcomes.enums import OutcomeKind, OutcomeState, SendingState
from .speeches.enums import SpeechKind, SpeechState
from .topics.enums import ResearchKind, TopicSource, TopicState


class TopicFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=TopicState.choices, label=_("状态"), distinct=False)
    source = filters.ChoiceFilter(choices=TopicSource.choices, label=_("选题来源"))
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))

    class Meta:
        model = Topic
        fields = ["state", "source", "committee"]


class ResearchFilter(StrictFilterSet):
    topic = IdFilter(field_name="topic_id", label=_("议题"))
    kind = filters.ChoiceFilter(choices=ResearchKind.choices, label=_("类型"))

    class Meta:
        model = Research
        fields = ["topic", "kind"]


class PlanFilter(StrictFilterSet):
    year = IntegerFilter(field_name="year", label=_("年度"), min_value=2000, max_value=2100)
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))

    class Meta:
        model = ConsultationPlan
        fields = ["year", "committee"]


class MeetingFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=MeetingState.choices, label=_("状态"), distinct=False)
    meeting_type = filters.ChoiceFilter(choices=MeetingType.choices, label=_("协商形式"))
    mode = filters.ChoiceFilter(choices=MeetingMode.choices, label=_("方式"))
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))
    topic = IdFilter(field_name="topic_id", label=_("议题"))
    year = IntegerFilter(field_name="starts_at__year", label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = Meeting
        fields = ["state", "meeting_type", "mode", "committee", "topic", "year"]


class InvitationFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=InvitationState.choices, label=_("状态"), distinct=False)
    meeting = IdFilter(field_name="meeting_id", label=_("协商活动"))
    member = IdFilter(field_name="member_id", label=_("委员"))

    class Meta:
        model = Invitation
        fields = ["state", "meeting", "member"]


class AttendanceFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("出勤"))
    meeting = IdFilter(field_name="meeting_id", label=_("协商活动"))
    member = IdFilter(field_name="member_id", label=_("委员"))

    class Meta:
        model = Attendance
        fields = ["status", "meeting", "member"]


class OutcomeFilter(StrictFilterSet):
    state = filters.ChoiceFilter(choices=OutcomeState.choices, label=_("状态"))
    kind = filters.ChoiceFilter(choices=OutcomeKind.choices, label=_("成果类型"))
    topic = IdFilter(field_name="topic_id", label=_("议题"))
    meeting = IdFilter(field_name="meeting_id", label=_("协商活动"))

    class Meta:
        model = Outcome
        fields = ["state", "kind", "topic", "meeting"]


class SendingFilter(StrictFilterSet):
    state = filters.ChoiceFilter(choices=SendingState.choices, label=_("状态"))
    unit = IdFilter(field_name="unit_id", label=_("承办单位"))
    outcome = IdFilter(field_name="outcome_id", label=_("协商成果"))

    class Meta:
        model = OutcomeSending
        fields = ["state", "unit", "outcome"]


class InstructionFilter(StrictFilterSet):
    outcome = IdFilter(field_name="outcome_id", label=_("协商成果"))

    class Meta:
        model = Instruction
        fields = ["outcome"]


class SpeechFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=SpeechState.choices, label=_("状态"), distinct=False)
    speech_kind = filters.ChoiceFilter(field_name="kind", choices=SpeechKind.choices, label=_("发言方式"))
    meeting = IdFilter(field_name="meeting_id", label=_("会议"))
    member = IdFilter(field_name="member_id", label=_("委员"))

    class Meta:
        model = Speech
        fields = ["state", "speech_kind", "meeting", "member"]
