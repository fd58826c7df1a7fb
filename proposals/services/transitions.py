"""The proposal models bound to their action tables (proposals.enums) and their domain error.

Services change states only through `perform(obj, action, actor=..., ...)` (portal.workflow: lock, check
the action's source states, save, log), imported from here so the declarations below are loaded.
"""

from portal.workflow import check, declare, lock, perform, require_state

from ..enums import (
    ADJUSTMENT_REQUEST_ACTIONS,
    ASSIGNMENT_ACTIONS,
    COSIGNATURE_ACTIONS,
    EXTENSION_REQUEST_ACTIONS,
    PROPOSAL_ACTIONS,
    REPLY_ACTIONS,
)
from ..errors import ProposalError
from ..models import AdjustmentRequest, Assignment, CoSignature, ExtensionRequest, Proposal, Reply

declare(Proposal, PROPOSAL_ACTIONS, error=ProposalError)
declare(CoSignature, COSIGNATURE_ACTIONS, error=ProposalError)
declare(Assignment, ASSIGNMENT_ACTIONS, error=ProposalError)
declare(Reply, REPLY_ACTIONS, error=ProposalError)
declare(AdjustmentRequest, ADJUSTMENT_REQUEST_ACTIONS, error=ProposalError)
declare(ExtensionRequest, EXTENSION_REQUEST_ACTIONS, error=ProposalError)

__all__ = ["check", "lock", "perform", "require_state"]
