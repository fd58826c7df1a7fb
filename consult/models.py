"""Consultation (协商) models, split by sub-domain (topics, plans, meetings, outcomes) and imported here so
they stay in the `consult` app."""

from .meetings.models import Attendance, Invitation, Meeting
from .member.models import CalendarFeed
from .outcomes.models import Instruction, Outcome, OutcomeSending, Recommendation, RecommendationReply
from .plans.models import ConsultationPlan, ConsultSettings, FrequencyRule, PlanItem
from .speeches.models import Speech
from .topics.models import Research, Topic

__all__ = [
    "Attendance", "CalendarFeed", "ConsultSettings", "ConsultationPlan", "FrequencyRule", "Instruction", "Invitation", "Meeting",
    "Outcome", "OutcomeSending", "PlanItem", "Recommendation", "RecommendationReply", "Research", "Speech", "Topic",
]
