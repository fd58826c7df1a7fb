"""A co-signer confirms the text they saw: changing the title, 案由 or 建议 after confirmations asks them again.

The misuse prevented: a proposer gathers confirmations on one text, then rewrites the suggestions and
submits the new text under the co-signers' names.
"""

from django.urls import reverse

from portal.models import StateChange
from proposals import services
from proposals.enums import CoSignatureState, ProposalKind, ProposalState
from proposals.services.drafting import text_version
from supervision.enums import PENDING_STATES, ObligationKind
from supervision.models import Notification
from supervision.services import obligations_for


def _joint_with_two_confirmations(pw):
    """A joint proposal both co-signers confirmed, then returned for revision by staff (editable again)."""
    o = pw.o
    p = pw.draft(kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=o.member_user, members=[pw.cosigner, o.other_member])
    services.submit(proposal=p, actor=o.member_user)
    services.confirm_cosignature(signature=p.signatures.get(member=pw.cosigner), actor=pw.cosigner_user)
    services.confirm_cosignature(signature=p.signatures.get(member=o.other_member), actor=o.other_member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED
    services.return_for_revision(proposal=p, actor=o.staff, note="请补充具体措施。")
    p.refresh_from_db()
    return p


def _cosigners(p):
    return list(p.signatures.filter(is_initiator=False).order_by("order"))


def test_each_confirmation_records_the_text_it_was_for(pw):
    p = _joint_with_two_confirmations(pw)
    assert {s.confirmed_text for s in _cosigners(p)} == {text_version(p)}
    assert len(text_version(p)) == 64


def test_editing_suggestions_after_two_confirmations_asks_both_again(pw, client, django_capture_on_commit_callbacks):
    o = pw.o
    p = _joint_with_two_confirmations(pw)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_draft(proposal=p, actor=o.member_user, suggestions="一、配齐心理教师；二、全部取消考试排名。")

    signatures = _cosigners(p)
    assert [s.state for s in signatures] == [CoSignatureState.INVITED, CoSignatureState.INVITED]
    assert [s.confirmed_text for s in signatures] == ["", ""]
    assert all(s.responded_at is None for s in signatures)
    # each was told, and the timeline says why
    for user in (pw.cosigner_user, o.other_member_user):
        assert Notification.objects.filter(user=user, title__contains="请重新确认").exists()
    reasons = StateChange.objects.filter(action="reconfirm_cosign", object_id__in=[s.pk for s in signatures])
    assert reasons.count() == 2 and all("建议" in r.note for r in reasons)

    # each co-signer sees it again as to-confirm, with the confirm button
    for user in (pw.cosigner_user, o.other_member_user):
        client.force_login(user)
        page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
        assert reverse("proposals:cosign_respond", args=[p.signatures.get(member__user=user).pk]) in page
        assert "待确认联名" in client.get(reverse("proposals:mine")).content.decode()
        assert "重新确认联名" in page  # the timeline row

    # submission waits for them, as on the first confirmation: not 待审查 as if they had confirmed
    services.submit(proposal=p, actor=o.member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.COSIGNING
    for sig in signatures:
        assert obligations_for(sig, ObligationKind.PROPOSAL_COSIGN).filter(state__in=PENDING_STATES).count() == 1

    services.confirm_cosignature(signature=signatures[0], actor=pw.cosigner_user)
    services.confirm_cosignature(signature=signatures[1], actor=o.other_member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED
    assert {s.confirmed_text for s in _cosigners(p)} == {text_version(p)}


def test_editing_a_non_text_field_keeps_the_confirmations(pw):
    o = pw.o
    p = _joint_with_two_confirmations(pw)
    from proposals.models import ProposalCategory

    other = ProposalCategory.objects.create(committee=None, name="经济建设")
    services.update_draft(proposal=p, actor=o.member_user, category=other, disclosure_consent=False,
                          nondisclosure_reason="涉及个人信息")
    assert [s.state for s in _cosigners(p)] == [CoSignatureState.CONFIRMED, CoSignatureState.CONFIRMED]
    assert not StateChange.objects.filter(action="reconfirm_cosign").exists()
    services.submit(proposal=p, actor=o.member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED


def test_editing_the_title_of_a_draft_a_cosigner_confirmed_before_submission(pw):
    o = pw.o
    p = pw.draft(kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=o.member_user, members=[pw.cosigner])
    sig = p.signatures.get(member=pw.cosigner)
    services.confirm_cosignature(signature=sig, actor=pw.cosigner_user)  # confirmed while still a draft
    services.update_draft(proposal=p, actor=o.member_user, title="关于全面取消中小学考试的建议")
    sig.refresh_from_db()
    assert sig.state == CoSignatureState.INVITED
    services.submit(proposal=p, actor=o.member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.COSIGNING


def test_text_changed_behind_the_services_back_is_not_submitted_as_confirmed(pw):
    """Belt and braces: a confirmation stamped for another text does not count at submission, whatever
    path changed the text (a bulk update, an old import)."""
    from proposals.models import Proposal

    o = pw.o
    p = _joint_with_two_confirmations(pw)
    Proposal.objects.filter(pk=p.pk).update(reason="完全不同的案由。")
    services.submit(proposal=p, actor=o.member_user)
    p.refresh_from_db()
    assert p.state == ProposalState.COSIGNING
    assert [s.state for s in _cosigners(p)] == [CoSignatureState.INVITED, CoSignatureState.INVITED]
