"""Consultation (协商) models, split by sub-domain (topics, plans, meetings, outcomes) and imported here so
they stay in the `consult` app."""

from .cases.models import (
    CaseClaim,
    CaseConsultation,
    CaseDeadlineRule,
    CaseFollowUp,
    CaseSearch,
    CaseSettings,
    CommunityCase,
)
from .meetings.models import Attendance, Invitation, Meeting
from .member.models import CalendarFeed
from .outcomes.models import Instruction, Outcome, OutcomeSending, Recommendation, RecommendationReply
from .plans.models import ConsultationPlan, ConsultSettings, FrequencyRule, PlanItem
from .reception.models import DutySwap, ReceptionDay, ReceptionIssue, Unavailability
from .reports.models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from .speeches.models import Speech
from .topics.models import Research, Topic

__all__ = [
    "CaseClaim", "CaseConsultation", "CaseDeadlineRule", "CaseFollowUp", "CaseSearch", "CaseSettings", "CommunityCase",
    "Attendance", "Bulletin", "CalendarFeed", "ConsultSettings", "ConsultationPlan", "FrequencyRule", "Instruction",
    "Invitation", "LevelAdoption", "Meeting", "OpinionReport", "Outcome", "OutcomeSending", "PlanItem",
    "Recommendation", "RecommendationReply", "ReportForward", "ReportInstruction", "ReportSending", "Research",
    "Speech", "Topic",
    "DutySwap", "ReceptionDay", "ReceptionIssue", "Unavailability",
]
