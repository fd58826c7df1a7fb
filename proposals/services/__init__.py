"""Every write to proposals: one function per action, keyword-only arguments, used by pages, API,
admin and tasks alike. Each raises `proposals.errors.ProposalError` (a Chinese message; 400) or
`ProposalPermissionError` (403) and changes nothing when the action is not allowed.

States change only through `perform` (portal.workflow) against the action tables of proposals/enums.py.
"""

from ..evaluation.services import (
    nominate_award,
    open_evaluation,
    publish_awards,
    publish_evaluation,
    publish_evaluations,
    record_panel_score,
    withdraw_nomination,
)
from .assignment import (
    acknowledge_assignment,
    assign_units,
    assign_units_bulk,
    decide_extension,
    extension_limit,
    request_adjustment,
    request_extension,
    resolve_adjustment,
)
from .drafting import (
    add_attachment,
    confirm_cosignature,
    create_draft,
    current_session,
    decline_cosignature,
    expire_cosignature,
    invite_cosigners,
    remove_attachment,
    remove_cosigner,
    respond_cosignature,
    set_disclosure,
    submit,
    update_draft,
    withdraw,
)
from .handling import (
    close_if_unrated,
    close_proposal,
    current_replies,
    rate_reply,
    raters,
    record_contact,
    review_reply,
    send_co_opinion,
    start_rehandling,
    submit_reply,
)
from .lookback import record_review_report
from .review import (
    accept,
    apply_staged_decisions,
    clear_staged_decision,
    convert,
    decide,
    decline,
    mark_key,
    merge,
    return_for_revision,
    stage_decision,
)
from .transitions import perform

__all__ = [
    "accept", "acknowledge_assignment", "add_attachment", "apply_staged_decisions", "assign_units",
    "assign_units_bulk", "clear_staged_decision", "close_proposal", "close_if_unrated", "confirm_cosignature",
    "convert", "create_draft", "current_replies", "current_session", "decide", "decide_extension", "decline",
    "decline_cosignature", "expire_cosignature", "extension_limit", "invite_cosigners", "mark_key", "merge",
    "rate_reply", "raters", "record_contact", "record_review_report", "remove_attachment", "remove_cosigner", "request_adjustment",
    "request_extension", "resolve_adjustment", "respond_cosignature", "return_for_revision", "review_reply",
    "send_co_opinion", "set_disclosure", "stage_decision", "start_rehandling", "submit", "submit_reply",
    "perform", "update_draft", "withdraw",
    # 民主评议 and yearly awards (services/evaluation.py)
    "nominate_award", "open_evaluation", "publish_awards", "publish_evaluation", "publish_evaluations",
    "record_panel_score", "withdraw_nomination",
]
