"""Proposal models, split by stage: reference data, the proposal itself, handling by units."""

from .data import DeclineGround, ProposalCategory, ProposalSettings, ReplyCategory
from .evaluation import Award, EvaluationSettings, UnitEvaluation
from .handling import (
    AdjustmentRequest,
    Assignment,
    CoHandlerOpinion,
    ContactLog,
    ExtensionRequest,
    Rating,
    Reply,
    ReviewReport,
)
from .proposal import Attachment, CoSignature, Proposal, StagedDecision

__all__ = [
    "AdjustmentRequest", "Assignment", "Attachment", "Award", "EvaluationSettings", "UnitEvaluation",
    "CoHandlerOpinion", "CoSignature", "ContactLog",
    "DeclineGround", "ExtensionRequest", "Proposal", "ProposalCategory", "ProposalSettings", "Rating",
    "Reply", "ReplyCategory", "ReviewReport", "StagedDecision",
]
