"""The member's side before review: drafts, co-signers, submission, withdrawal, disclosure, attachments."""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from members.models import Member, Session
from members.scopes import require_in_scope, scope_for
from portal.audit import record_transition
from supervision.enums import ObligationKind as K
from supervision.messages import Message

from .. import rules, similarity
from ..enums import (
    EDITABLE_STATES,
    TERMINAL_STATES,
    AttachmentPurpose,
    CoSignatureState,
    ProposalKind,
    ProposalState,
)
from ..errors import ProposalError, ProposalPermissionError
from ..files import checked_file
from ..models import Attachment, CoSignature, Proposal
from ..notify import notify, staff_of, users_of_members
from . import deadlines
from .transitions import check, lock, perform

CS = CoSignatureState
S = ProposalState

CONTENT_FIELDS = (
    "title", "kind", "period", "category", "reason", "suggestions", "session",
    "collective_kind", "collective_party", "collective_sector", "collective_special_committee", "collective_name",
    "disclosure_consent", "nondisclosure_reason",
)
# The text a co-signer puts their name to: changing any of these after a confirmation asks them again.
SIGNED_TEXT_FIELDS = ("title", "reason", "suggestions")


def text_version(proposal):
    """A digest of the proposal's signed text (title, 案由, 建议), stamped on each confirmation."""
    joined = "\x1f".join(getattr(proposal, name) or "" for name in SIGNED_TEXT_FIELDS)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def current_session(committee):
    """The latest session of the committee's current term (or of its latest term)."""
    qs = Session.objects.filter(term__committee=committee).select_related("term")
    return qs.filter(term__is_current=True).order_by("-number").first() or qs.order_by("-term__number", "-number").first()


def _actor_member(actor):
    member = scope_for(actor).member
    if member is None:
        raise ProposalPermissionError(_("只有委员本人可以撰写提案。"))
    return member


def _require_proposer(actor, proposal, what=None):
    """`what`: the action, a translated verb phrase (default: edit)."""
    if not rules.is_proposer(actor, proposal):
        raise ProposalPermissionError(
            _("只有提案人本人可以%(action)s此提案。") % {"action": what or pgettext("action", "修改")}
        )


def _validate_fields(values):
    if values.get("kind") == ProposalKind.COLLECTIVE and not (
        values.get("collective_name") or values.get("collective_party")
        or values.get("collective_sector") or values.get("collective_special_committee")
    ):
        raise ProposalError(_("集体提案须写明以哪个党派、团体、界别或专门委员会的名义提出。"))
    if values.get("disclosure_consent") is False and not (values.get("nondisclosure_reason") or "").strip():
        raise ProposalError(_("不同意公开时，请说明理由。"))
    if "title" in values and not (values.get("title") or "").strip():
        raise ProposalError(_("案题不能为空。"))


def _check_references(committee, values):
    """Every record the proposer picked belongs to their committee (a shared or ancestor list for the category)."""
    from ..models import ProposalCategory

    labels = {"collective_sector": _("界别"), "collective_special_committee": _("专门委员会"), "session": _("届次会议")}
    for name, label in labels.items():
        require_in_scope(values.get(name), committee, label, error=ProposalError, active=False)
    category = values.get("category")
    if category is not None and not ProposalCategory.objects.for_committee(committee).filter(pk=category.pk).exists():
        raise ProposalError(_("所选的%(label)s不属于%(committee)s，不能使用。") % {"label": _("提案分类"), "committee": committee.name})


def create_draft(*, actor, title, kind=ProposalKind.INDIVIDUAL, session=None, **fields):
    """Create a draft written by the actor's member record (the proposer), in their committee.

    `fields` may hold any of CONTENT_FIELDS. Side effects: writes the initiator's signature row
    (order 0, confirmed) and a timeline row "create". Nobody but the proposer sees a draft.
    """
    member = _actor_member(actor)
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ProposalError(_("未知字段：%(fields)s") % {"fields": _("、").join(sorted(unknown))})
    values = {"title": title, "kind": kind, **fields}
    _validate_fields(values)
    _check_references(member.committee, {**values, "session": session})
    with transaction.atomic():
        proposal = Proposal.objects.create(
            committee=member.committee, proposer=member,
            session=session or current_session(member.committee), **values,
        )
        CoSignature.objects.create(
            proposal=proposal, member=member, is_initiator=True, order=0,
            state=CS.CONFIRMED, responded_at=timezone.now(),
        )
        record_transition(proposal, actor=actor, action="create", to_state=S.DRAFT)
        similarity.index_proposal(proposal)
    return proposal


def update_draft(*, proposal, actor, **fields):
    """Change the content of a draft or returned proposal. Only the proposer; only in 草稿/退回修改.

    Side effects: a timeline row "edit" listing the changed fields. When the title, 案由 or 建议 changed,
    every co-signer who had confirmed goes back to 待确认 (their confirmation was for the old text):
    a timeline row per signature, a notification; on submission they confirm again as the first time.
    """
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ProposalError(_("未知字段：%(fields)s") % {"fields": _("、").join(sorted(unknown))})
    _require_proposer(actor, proposal)
    with transaction.atomic():
        current = lock(proposal)
        if current.state not in EDITABLE_STATES:
            raise ProposalError(
                _("提案当前状态为“%(state)s”，只有草稿或退回修改的提案可以修改。") % {"state": current.get_state_display()}
            )
        merged = {f: getattr(current, f) for f in CONTENT_FIELDS} | fields
        _validate_fields(merged)
        _check_references(current.committee, fields)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, fields[name])
        if changed:
            current.save(update_fields=[*changed, "updated_at"])
            similarity.index_proposal(current)  # a no-op unless title, 案由 or 建议 changed
            names = _("、").join(str(Proposal._meta.get_field(f).verbose_name) for f in changed)
            record_transition(current, actor=actor, action="edit", from_state=current.state,
                              to_state=current.state, note=names)
            text_names = _("、").join(str(Proposal._meta.get_field(f).verbose_name)
                                     for f in changed if f in SIGNED_TEXT_FIELDS)
            if text_names:
                _ask_to_confirm_again(current, actor=actor, what=text_names)
    for name in changed:
        setattr(proposal, name, fields[name])
    return current


def _ask_to_confirm_again(proposal, *, actor, what, signatures=None):
    """Co-signers who confirmed another text go back to 待确认 (locked proposal; one row per signature)."""
    if signatures is None:
        signatures = proposal.signatures.filter(is_initiator=False, state=CS.CONFIRMED).select_related("member")
    again = []
    for sig in signatures:
        again.append(perform(sig, "reconfirm_cosign", actor=actor, fields={"responded_at": None, "confirmed_text": ""},
                             note=_("提案人修改了%(fields)s，须重新确认联名") % {"fields": what}))
    if again:
        notify(users_of_members([s.member for s in again]),
               title=Message(gettext_noop("提案《%(title)s》的内容已修改，请重新确认是否联名"), title=proposal.title),
               url=deadlines.proposal_url(proposal))
    return again


def invite_cosigners(*, proposal, actor, members):
    """Invite members of the same committee to co-sign. Only the proposer; draft, returned or co-signing.

    Makes an individual proposal joint (a collective one is refused). Side effects: CoSignature rows (invited); if the proposal is already
    collecting signatures, a co-signing Obligation per invitee; notifications to the invitees.
    Returns the new signatures.
    """
    _require_proposer(actor, proposal, pgettext("action", "邀请联名"))
    created = []
    with transaction.atomic():
        current = lock(proposal)
        if current.state not in EDITABLE_STATES | {S.COSIGNING}:
            raise ProposalError(_("只有草稿、退回修改或联名确认中的提案可以邀请联名。"))
        if current.kind == ProposalKind.COLLECTIVE and members:
            raise ProposalError(_("集体提案以党派、团体、界别或专门委员会的名义提出，不邀请委员联名。"))
        existing = set(current.signatures.values_list("member_id", flat=True))
        for member in members:
            if member.pk in existing:
                continue
            if member.committee_id != current.committee_id or not member.active:
                raise ProposalError(_("%(name)s不是本级政协的在任委员，不能联名。") % {"name": member.name})
            sig = CoSignature.objects.create(
                proposal=current, member=member, order=len(existing) + len(created) + 1, state=CS.INVITED,
            )
            if current.state == S.COSIGNING:
                deadlines.cosign_deadline(current, sig, actor=actor)  # the obligation holds the due date
            created.append(sig)
        if current.kind != ProposalKind.JOINT and created:
            current.kind = ProposalKind.JOINT
            current.save(update_fields=["kind", "updated_at"])
            proposal.kind = ProposalKind.JOINT
        if created:
            record_transition(current, actor=actor, action="invite_cosigners", from_state=current.state,
                              to_state=current.state, note="、".join(s.member.name for s in created))
            notify(users_of_members([s.member for s in created]),
                   title=Message(gettext_noop("%(name)s邀请您联名提案《%(title)s》"), name=current.proposer.name, title=current.title),
                   url=deadlines.proposal_url(current))
    return created


def remove_cosigner(*, signature, actor):
    """Withdraw an invitation not yet answered. Only the proposer, before submission."""
    proposal = signature.proposal
    _require_proposer(actor, proposal, pgettext("action", "调整联名人"))
    with transaction.atomic():
        current = lock(proposal)
        if current.state not in EDITABLE_STATES or signature.is_initiator:
            raise ProposalError(_("只能在提交前撤回联名邀请。"))
        record_transition(current, actor=actor, action="remove_cosigner", from_state=current.state,
                          to_state=current.state, note=signature.member.name)
        signature.delete()


def _check_complete(proposal):
    missing = [str(Proposal._meta.get_field(field).verbose_name) for field in ("title", "reason", "suggestions")
               if not (getattr(proposal, field) or "").strip()]
    if proposal.category_id is None:
        missing.append(str(Proposal._meta.get_field("category").verbose_name))
    if missing:
        raise ProposalError(_("提交前请填写：%(fields)s。") % {"fields": _("、").join(missing)})


def _enter_review(proposal, *, actor, from_note="", action="submit"):
    """Move a locked proposal to 待审查: stamp, open the staff review obligation, tell staff."""
    perform(proposal, action, actor=actor, note=from_note, fields={"submitted_at": timezone.now()}, locked=True)
    deadlines.review_deadline(proposal, actor=actor)
    notify(staff_of(proposal.committee), title=Message(gettext_noop("新提案待审查：《%(title)s》"), title=proposal.title), url=deadlines.proposal_url(proposal))


def submit(*, proposal, actor):
    """Submit a draft or a returned proposal. Only the proposer.

    A joint proposal with unanswered invitations goes to 联名确认中: each invitee gets a due date and
    a co-signing Obligation (owner: that member). Otherwise it goes to 待审查 with a staff review
    Obligation and a notification to the committee's staff. A joint proposal needs at least one
    co-signer invited or confirmed.
    """
    _require_proposer(actor, proposal, pgettext("action", "提交"))
    with transaction.atomic():
        current = lock(proposal)
        check(current, "submit")
        _check_complete(current)
        similarity.index_proposal(current)  # a no-op unless the text changed since it was last indexed
        others = list(current.signatures.filter(is_initiator=False).select_related("member"))
        version = text_version(current)
        stale = [s for s in others if s.state == CS.CONFIRMED and s.confirmed_text and s.confirmed_text != version]
        if stale:  # confirmed another text (changed without update_draft): they confirm this one first
            _ask_to_confirm_again(current, actor=actor, what=_("提案内容"), signatures=stale)
            others = list(current.signatures.filter(is_initiator=False).select_related("member"))
        invited = [s for s in others if s.state == CS.INVITED]
        confirmed = [s for s in others if s.state == CS.CONFIRMED]
        if current.kind == ProposalKind.JOINT and not (invited or confirmed):
            raise ProposalError(_("联名提案至少需要一位联名委员，请先邀请联名人，或改为个人提案。"))
        if invited:
            perform(current, "start_cosigning", actor=actor, locked=True)
            due = deadlines.cosign_due_date(current)
            for sig in invited:
                deadlines.cosign_deadline(current, sig, actor=actor)  # the obligation holds the due date
            notify(users_of_members([s.member for s in invited]),
                   title=Message(gettext_noop("请在%(due)s前确认是否联名提案《%(title)s》"), due=due, title=current.title), url=deadlines.proposal_url(current))
        else:
            _enter_review(current, actor=actor)
    proposal.state = current.state
    return current


def withdraw(*, proposal, actor, note=""):
    """The proposer withdraws a proposal not yet decided (撤回). Waives its pending obligations."""
    _require_proposer(actor, proposal, pgettext("action", "撤回"))
    with transaction.atomic():
        current = perform(proposal, "withdraw", actor=actor, note=note)
        deadlines.waive(current, actor=actor, note="提案已撤回")
        for sig in current.signatures.filter(state=CS.INVITED):
            deadlines.waive(sig, actor=actor, note="提案已撤回")
    return current


def _finish_cosigning(proposal, *, actor):
    """When no invitation is pending: to 待审查 if someone confirmed, else back to 草稿."""
    if proposal.state != S.COSIGNING or proposal.signatures.filter(state=CS.INVITED).exists():
        return
    if proposal.signatures.filter(is_initiator=False, state=CS.CONFIRMED).exists():
        _enter_review(proposal, actor=actor, from_note="联名确认完毕", action="cosigned")
    else:
        perform(proposal, "cosigning_failed", actor=actor, locked=True,
                note="没有委员确认联名，提案退回草稿；可重新邀请或改为个人提案。")
        notify(users_of_members([proposal.proposer]), title=Message(gettext_noop("提案《%(title)s》无人确认联名，已退回草稿"), title=proposal.title),
               url=deadlines.proposal_url(proposal))


def respond_cosignature(*, signature, actor, confirm):
    """The invited member confirms (confirm=True) or declines a co-signature before the deadline.

    Side effects: the signature's state and responded_at (a confirmation also records the version of the
    text confirmed, see text_version), its co-signing Obligation met, one timeline row (the signature's,
    shown on the proposal's timeline); when it was the last pending invitation of a proposal in
    联名确认中, the proposal moves on (see submit), by the system. Only the invited member; only while
    the proposal is not yet submitted.
    """
    member = scope_for(actor).member
    if member is None or member.pk != signature.member_id:
        raise ProposalPermissionError(_("只有被邀请的委员本人可以确认或谢绝联名。"))
    with transaction.atomic():
        proposal = lock(signature.proposal)
        if proposal.state not in EDITABLE_STATES | {S.COSIGNING}:
            raise ProposalError(_("提案已提交审查，联名确认已结束。"))
        fields = {"responded_at": timezone.now(), "confirmed_text": text_version(proposal) if confirm else ""}
        sig = perform(signature, "confirm_cosign" if confirm else "decline_cosign", actor=actor, fields=fields)
        deadlines.meet(sig, K.PROPOSAL_COSIGN, actor=actor, note=sig.get_state_display())
        _finish_cosigning(proposal, actor=None)
    return sig


def confirm_cosignature(*, signature, actor):
    return respond_cosignature(signature=signature, actor=actor, confirm=True)


def decline_cosignature(*, signature, actor):
    return respond_cosignature(signature=signature, actor=actor, confirm=False)


def expire_cosignature(signature, *, today=None):
    """An invitation past its due date drops out (逾期未确认). Called by the sweep when the signature's
    co-signing Obligation falls due (supervision on-due handler, see services.deadlines).

    Side effects: state 逾期未确认, its Obligation waived; then the proposal moves on as in submit
    (待审查, or back to 草稿 if nobody confirmed). Does nothing (returns False) if the invitation was
    answered meanwhile, the proposal left 联名确认中, or its deadline was moved past `today`.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=signature.proposal_id)
        sig = CoSignature.objects.select_for_update().get(pk=signature.pk)
        due = deadlines.cosign_due(sig)
        if sig.state != CS.INVITED or proposal.state != S.COSIGNING or due is None or due >= today:
            return False
        perform(sig, "expire_cosign", actor=None, note="逾期未确认，自动退出联名",
                fields={"responded_at": timezone.now()})
        deadlines.waive(sig, K.PROPOSAL_COSIGN, note="逾期未确认，自动退出联名")
        _finish_cosigning(proposal, actor=None)
    return True


def set_disclosure(*, proposal, actor, consent, reason=""):
    """The proposer agrees to public disclosure (提案公开) or states why not. Timeline row "disclosure"."""
    _require_proposer(actor, proposal, pgettext("action", "设置公开意见"))
    if not consent and not reason.strip():
        raise ProposalError(_("不同意公开时，请说明理由。"))
    with transaction.atomic():
        current = lock(proposal)
        if current.state in TERMINAL_STATES - {S.CLOSED}:
            raise ProposalError(_("该提案已不在办理流程中，不能设置公开意见。"))
        current.disclosure_consent = bool(consent)
        current.nondisclosure_reason = "" if consent else reason.strip()
        current.save(update_fields=["disclosure_consent", "nondisclosure_reason", "updated_at"])
        record_transition(current, actor=actor, action="disclosure", from_state=current.state, to_state=current.state,
                          note=_("同意公开") if consent else _("不同意公开：%(reason)s") % {"reason": current.nondisclosure_reason})
    proposal.disclosure_consent, proposal.nondisclosure_reason = current.disclosure_consent, current.nondisclosure_reason
    return current


def store_attachment(*, proposal, uploaded, actor, purpose=AttachmentPurpose.MATERIAL, reply=None, opinion=None):
    """Check an upload by content and size and store it under a generated name (no permission check)."""
    content, original, content_type, size = checked_file(uploaded)
    attachment = Attachment(
        proposal=proposal, reply=reply, opinion=opinion, purpose=purpose, original_name=original,
        content_type=content_type, size=size, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(content.name, content, save=False)
    attachment.save()
    return attachment


def add_attachment(*, proposal, actor, uploaded):
    """The proposer attaches a file (PDF/DOCX/XLSX/JPG/PNG by content, size-limited) to a draft or returned proposal."""
    _require_proposer(actor, proposal, pgettext("action", "上传附件"))
    if proposal.state not in EDITABLE_STATES:
        raise ProposalError(_("只有草稿或退回修改的提案可以上传附件。"))
    return store_attachment(proposal=proposal, uploaded=uploaded, actor=actor)


def remove_attachment(*, attachment, actor):
    """The proposer removes a material attachment while the proposal is editable. Deletes the file."""
    proposal = attachment.proposal
    _require_proposer(actor, proposal, pgettext("action", "删除附件"))
    if proposal.state not in EDITABLE_STATES or attachment.purpose != AttachmentPurpose.MATERIAL:
        raise ProposalError(_("只有草稿或退回修改的提案可以删除附件。"))
    attachment.file.delete(save=False)
    attachment.delete()


def members_for_invitation(proposal):
    """Members the proposer may invite (same committee, active, not yet signed)."""
    taken = proposal.signatures.values_list("member_id", flat=True)
    return Member.objects.filter(committee_id=proposal.committee_id, active=True).exclude(pk__in=taken)
