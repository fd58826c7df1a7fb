"""The member's proposal pages: list, new/edit, co-signers, submission, invitations, rating, downloads."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.enums import CoSignatureState, ProposalKind, ProposalState
from proposals.models import Attachment, Proposal, Rating
from tests.proposals import builders as b


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _new_data(o, **over):
    b.session(o)
    from proposals.models import ProposalCategory

    data = {
        "title": "关于完善农村养老服务体系的建议", "category": ProposalCategory.objects.get(committee=None, name="社会事业").pk,
        "kind": "individual", "period": "between", "reason": "农村老龄化加快。", "suggestions": "建设村级互助养老点。",
        "disclosure_consent": "on",
    }
    return data | over


def test_my_list_shows_own_and_cosigned_not_others_drafts(client, org):
    mine = b.draft(org, title="我的草稿提案")
    joint = b.cosigning(org)
    b.draft(org, org.other_member_user, title="别人的草稿")
    client.force_login(org.other_member_user)
    page = client.get(reverse("proposals:mine")).content.decode()
    assert joint.title in page and "别人的草稿" in page
    assert mine.title not in page
    assert "待确认联名" in page and "确认联名" in page


def test_create_draft_with_attachment(client, org):
    client.force_login(org.member_user)
    data = _new_data(org, attachment=SimpleUploadedFile("调研报告.pdf", b.PDF_BYTES, content_type="application/pdf"))
    response = client.post(reverse("proposals:create"), data)
    proposal = Proposal.objects.get(title="关于完善农村养老服务体系的建议")
    assert response.status_code == 302 and response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.state == ProposalState.DRAFT and proposal.proposer == org.member
    assert proposal.attachments.get().original_name == "调研报告.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "提案草稿已保存" in page and "调研报告.pdf" in page


def test_create_with_disguised_file_shows_error_and_saves_nothing(client, org):
    client.force_login(org.member_user)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("proposals:create"), _new_data(org, attachment=fake))
    assert response.status_code == 200
    assert "文件类型不允许" in response.content.decode()
    assert not Proposal.objects.exists() and not Attachment.objects.exists()


def test_create_collective_without_name_and_refusing_disclosure_without_reason(client, org):
    client.force_login(org.member_user)
    data = _new_data(org, kind="collective")
    data.pop("disclosure_consent")
    page = client.post(reverse("proposals:create"), data).content.decode()
    assert "集体提案须写明以哪个党派、团体、界别或专门委员会的名义提出" in page
    assert "不同意公开时，请说明理由" in page
    assert not Proposal.objects.exists()


def test_create_page_is_for_members_only(client, org):
    client.force_login(org.staff)
    assert client.get(reverse("proposals:create")).status_code == 404


def test_edit_draft_saves_through_the_service(client, org):
    proposal = b.draft(org)
    client.force_login(org.member_user)
    url = reverse("proposals:edit", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _new_data(org, title="修改后的案题"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "修改后的案题"


def test_edit_by_others(client, org):
    proposal = b.cosigning(org)
    url = reverse("proposals:edit", args=[proposal.pk])
    client.force_login(org.other_member_user)  # invited co-signer: sees it, may not edit
    assert client.get(url).status_code == 403
    client.force_login(org.far_member_user)
    assert client.get(url).status_code == 404


def test_edit_submitted_proposal_is_refused_with_message(client, org):
    proposal = b.submitted(org)
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:edit", args=[proposal.pk]), _new_data(org, title="改不了"), follow=True)
    assert "只有草稿或退回修改的提案可以修改" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "改不了"


def test_invite_search_and_submit_joint_then_cosigner_confirms(client, org):
    proposal = b.draft(org, kind=ProposalKind.JOINT)
    client.force_login(org.member_user)
    url = reverse("proposals:cosigners", args=[proposal.pk])
    page = client.get(url, {"q": "李"}).content.decode()
    assert "李委员" in page and "赵委员" not in page  # only the same committee
    client.post(url, {"members": [org.other_member.pk]})
    response = client.post(reverse("proposals:submit", args=[proposal.pk]), follow=True)
    assert "等待联名委员确认" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.COSIGNING

    signature = proposal.signatures.get(member=org.other_member)
    client.force_login(org.other_member_user)
    response = client.post(reverse("proposals:cosign_respond", args=[signature.pk]), {"answer": "confirm"}, follow=True)
    assert "已确认联名" in response.content.decode()
    signature.refresh_from_db()
    proposal.refresh_from_db()
    assert (signature.state, proposal.state) == (CoSignatureState.CONFIRMED, ProposalState.SUBMITTED)


def test_invite_a_member_of_another_county_is_refused(client, org):
    proposal = b.draft(org)
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:cosigners", args=[proposal.pk]), {"members": [org.far_member.pk]}, follow=True)
    assert "所选委员不可邀请" in response.content.decode()
    assert proposal.signatures.count() == 1


def test_submit_incomplete_draft_shows_chinese_error_and_stays_draft(client, org):
    proposal = b.draft(org, reason="")
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:submit", args=[proposal.pk]), follow=True)
    assert "提交前请填写：案由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT


def test_cosigner_cannot_answer_someone_elses_invitation(client, org):
    signature = b.cosigning(org).signatures.get(member=org.other_member)
    client.force_login(org.member_user)
    assert client.post(reverse("proposals:cosign_respond", args=[signature.pk]), {"answer": "confirm"}).status_code == 404
    signature.refresh_from_db()
    assert signature.state == CoSignatureState.INVITED


def test_rating_unsatisfied_needs_a_note_then_sends_back(client, org):
    proposal, reply = b.replied(org)
    client.force_login(org.member_user)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "办理评价" in page and "经研究，已于今年配齐心理健康教师" in page
    url = reverse("proposals:rate", args=[reply.pk])
    data = {f"r{reply.pk}-attitude": "satisfied", f"r{reply.pk}-relevance": "relevant", f"r{reply.pk}-result": "unsatisfied"}
    response = client.post(url, data, follow=True)
    assert "评价为不满意时，请写明意见" in response.content.decode()
    assert not Rating.objects.exists()
    client.post(url, data | {f"r{reply.pk}-note": "没有时间表"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REHANDLING
    assert Rating.objects.get().result == "unsatisfied"


def test_rating_twice_is_refused(client, org):
    proposal, reply = b.replied(org)
    client.force_login(org.member_user)
    data = {f"r{reply.pk}-attitude": "satisfied", f"r{reply.pk}-relevance": "relevant", f"r{reply.pk}-result": "satisfied"}
    url = reverse("proposals:rate", args=[reply.pk])
    client.post(url, data)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CLOSED
    response = client.post(url, data, follow=True)
    assert "您已评价过这份答复" in response.content.decode()
    assert Rating.objects.count() == 1


def test_disclosure_refusal_needs_reason(client, org):
    proposal = b.submitted(org)
    client.force_login(org.member_user)
    url = reverse("proposals:disclosure", args=[proposal.pk])
    assert "不同意公开时，请说明理由" in client.post(url, {"consent": "0"}, follow=True).content.decode()
    proposal.refresh_from_db()
    assert proposal.disclosure_consent is True
    client.post(url, {"consent": "0", "reason": "涉及个人隐私"})
    proposal.refresh_from_db()
    assert (proposal.disclosure_consent, proposal.nondisclosure_reason) == (False, "涉及个人隐私")


def test_attachment_download_only_for_those_who_see_the_proposal(client, org):
    attachment = b.material(org)
    url = reverse("proposals:attachment", args=[attachment.pk])
    client.force_login(org.member_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b.PDF_BYTES
    client.force_login(org.other_member_user)
    assert client.get(url).status_code == 404


def test_similar_fragment_lists_earlier_accepted_proposals(client, org):
    b.replied(org, title="关于加强农村学校心理健康教育的建议")  # disclosed with a published reply: anyone may read it
    client.force_login(org.other_member_user)
    response = client.get(reverse("proposals:similar"), {"title": "农村学校心理健康教育", "reason": "留守儿童心理问题"})
    assert "关于加强农村学校心理健康教育的建议" in response.content.decode()
    unrelated = client.get(reverse("proposals:similar"), {"title": "城市停车位规划建设"}).content.decode()
    assert "关于加强农村学校心理健康教育的建议" not in unrelated


def test_member_does_not_see_co_handler_views_or_unreviewed_replies(client, org):
    from proposals import services

    proposal = b.handling(org, co=True)
    co = proposal.assignments.get(unit=org.other_unit)
    services.send_co_opinion(assignment=co, actor=org.other_unit_user, body="会办内部意见：统筹编制")
    b.reply(org, proposal)
    client.force_login(org.member_user)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "统筹编制" not in page
    assert "经研究，已于今年配齐心理健康教师" not in page
    client.force_login(org.unit_user)  # the lead unit sees the co-handler's views
    assert "统筹编制" in client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
