"""Proposal models, split by stage: reference data, the proposal itself, handling by units; the models of
民主评议 and awards live in proposals/evaluation/models.py (same app) and are imported here."""

from ..evaluation.models import Award, EvaluationSettings, UnitEvaluation
from .data import DeclineGround, ProposalCategory, ProposalSettings, ReplyCategory
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
from .search import ProposalSearch
from .similarity import ProposalIndex, ProposalTerm, TermStat

__all__ = [
    "AdjustmentRequest", "Assignment", "Attachment", "Award", "EvaluationSettings", "UnitEvaluation",
    "CoHandlerOpinion", "CoSignature", "ContactLog",
    "DeclineGround", "ExtensionRequest", "Proposal", "ProposalCategory", "ProposalIndex", "ProposalSearch", "ProposalSettings",
    "ProposalTerm", "Rating",
    "Reply", "ReplyCategory", "ReviewReport", "StagedDecision", "TermStat",
]
