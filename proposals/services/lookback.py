"""回头看 (DESIGN §2.1, §3): six months after a B-category reply or a key proposal's reply, the unit
reports how far it has got with what it promised (% progress and a note)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit import record_transition
from supervision.enums import ObligationKind as K
from supervision.messages import Message

from ..errors import ProposalError
from ..models import ReviewReport
from ..notify import notify, staff_of, users_of_members, users_of_unit
from . import deadlines
from .assignment import require_unit
from .handling import raters
from .transitions import check, lock


def record_review_report(*, assignment, actor, progress, note):
    """The unit reports its 回头看: 落实进度 0–100 % and the state of things. Only the assigned unit, only while
    the assignment's 回头看 Obligation is pending (one report per Obligation).

    Side effects: a ReviewReport row, a timeline row ("review_report", seen by the proposer), the REVIEW
    Obligation met; staff, the proposer and confirmed co-signers notified after commit. Staff who find
    no progress may order re-handling (`start_rehandling`) while the assignment is still 已答复.
    """
    require_unit(actor, assignment)
    if progress is None or not 0 <= int(progress) <= 100:
        raise ProposalError(_("落实进度须在 0 到 100 之间。"))
    if not (note or "").strip():
        raise ProposalError(_("请填写落实情况。"))
    with transaction.atomic():
        current = lock(assignment)
        check(current, "review_report")
        if not deadlines.pending(current, K.REVIEW).exists():
            raise ProposalError(_("本交办件没有待填报的回头看（B 类答复和重点提案在答复审核通过后回头看）。"))
        report = ReviewReport.objects.create(assignment=current, round=current.round, progress=int(progress),
                                             note=note.strip(), reported_by=actor)
        text = _("落实进度 %(progress)s%%：%(note)s") % {"progress": report.progress, "note": report.note}
        record_transition(current, actor=actor, action="review_report", from_state=current.state,
                          to_state=current.state, note=text[:500])
        deadlines.meet(current, K.REVIEW, actor=actor, note=_("落实进度 %(progress)s%%") % {"progress": report.progress})
        proposal = current.proposal
        notify(staff_of(proposal.committee) + users_of_members(raters(proposal)) + users_of_unit(current.unit),
               title=Message(gettext_noop("%(unit)s报送了提案《%(title)s》的回头看情况（落实进度 %(progress)s%%）"),
                             unit=current.unit.name, title=proposal.title, progress=report.progress),
               body=report.note, url=deadlines.proposal_url(proposal))
    return report
