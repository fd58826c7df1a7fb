"""Handling units' pages (inbox, assignment and its actions), the leader's page and the public pages."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.due_dates import reply_obligation_of
from proposals.enums import AssignmentState, ProposalState, ReplyState
from proposals.models import ContactLog, ExtensionRequest, Reply, ReplyCategory
from tests.proposals import builders as b


def _page(client, a):
    return client.get(reverse("proposals:assignment", args=[a.pk])).content.decode()


def test_inbox_shows_own_assignments_with_overdue_marked(client, org):
    mine = b.handling(org, title="本单位的交办件")
    late = b.lead(org, mine)
    # the reply obligation is the only due date: move it into the past
    reply_obligation_of(late).__class__.objects.filter(pk=reply_obligation_of(late).pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1))
    other = b.accepted(org, title="别的单位的交办件")
    services.assign_units(proposal=other, actor=org.staff, lead=org.other_unit)
    client.force_login(org.unit_user)
    page = client.get(reverse("proposals:inbox")).content.decode()
    assert "本单位的交办件" in page and "别的单位的交办件" not in page
    assert "已逾期" in page


def test_other_unit_cannot_open_the_assignment(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.other_unit_user)
    assert client.get(reverse("proposals:assignment", args=[a.pk])).status_code == 404
    client.force_login(org.member_user)  # the proposer follows the proposal page, not the unit's workspace
    assert client.get(reverse("proposals:assignment", args=[a.pk])).status_code == 404


def test_acknowledge_contact_and_reply_with_generated_letter(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    client.post(reverse("proposals:acknowledge", args=[a.pk]))
    a.refresh_from_db()
    assert a.acknowledged_at is not None
    category = ReplyCategory.objects.get(committee=None, code="B")
    reply_url = reverse("proposals:reply", args=[a.pk])
    response = client.post(reply_url, {"category": category.pk, "body": "列入明年计划。"}, follow=True)
    assert "答复前须先与提案人沟通" in response.content.decode()
    assert not Reply.objects.exists()

    client.post(reverse("proposals:contact", args=[a.pk]), {"date": timezone.localdate().isoformat(), "way": "face", "note": "上门面商"})
    assert "见面 1 次" in _page(client, a)
    response = client.post(reply_url, {"category": category.pk, "body": "列入明年计划。", "signed_by": "王局长"}, follow=True)
    assert "答复已提交，等待政协机关审核" in response.content.decode()
    reply = Reply.objects.get()
    assert reply.state == ReplyState.SUBMITTED and reply.attachments.get().original_name.endswith(".docx")


def test_reply_with_uploaded_letter_and_bad_letter_type(client, org):
    a = b.lead(org, b.handling(org))
    services.record_contact(assignment=a, actor=org.unit_user, date=timezone.localdate(), way="phone")
    client.force_login(org.unit_user)
    category = ReplyCategory.objects.get(committee=None, code="A")
    png = SimpleUploadedFile("答复函.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    response = client.post(reverse("proposals:reply", args=[a.pk]), {"category": category.pk, "body": "已解决。", "letter": png}, follow=True)
    assert "文件类型不允许" in response.content.decode()
    assert not Reply.objects.exists()
    letter = SimpleUploadedFile("答复函.pdf", b.PDF_BYTES, content_type="application/pdf")
    client.post(reverse("proposals:reply", args=[a.pk]), {"category": category.pk, "body": "已解决。", "letter": letter})
    assert Reply.objects.get().attachments.get().original_name == "答复函.pdf"


def test_contact_in_the_future_is_refused(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("proposals:contact", args=[a.pk]), {"date": tomorrow.isoformat(), "way": "phone"}, follow=True)
    assert "沟通日期不能晚于今天" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_co_handler_sends_views_and_lead_sees_them(client, org):
    proposal = b.handling(org, co=True)
    co = proposal.assignments.get(unit=org.other_unit)
    client.force_login(org.other_unit_user)
    assert "会办意见（送主办单位）" in _page(client, co)
    client.post(reverse("proposals:opinion", args=[co.pk]), {"body": "建议统筹教师编制。"})
    co.refresh_from_db()
    assert co.state == AssignmentState.ANSWERED
    client.force_login(org.unit_user)
    assert "建议统筹教师编制" in _page(client, b.lead(org, proposal))


def test_staff_may_view_but_not_act_on_an_assignment(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.staff)
    page = _page(client, a)
    assert a.proposal.title in page and "办理操作" not in page
    assert client.post(reverse("proposals:acknowledge", args=[a.pk])).status_code == 403
    a.refresh_from_db()
    assert a.acknowledged_at is None


def test_request_adjustment_and_extension(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    response = client.post(reverse("proposals:request_adjustment", args=[a.pk]), {"reason": ""}, follow=True)
    assert "请说明申请调整的理由" in response.content.decode()
    client.post(reverse("proposals:request_adjustment", args=[a.pk]), {"reason": "属于卫健部门职责", "suggested_unit": org.other_unit.pk})
    a.refresh_from_db()
    assert a.state == AssignmentState.ADJUSTING

    other = b.lead(org, b.handling(org))
    late = other.due_date + datetime.timedelta(days=300)
    response = client.post(reverse("proposals:request_extension", args=[other.pk]),
                           {"reason": "需要调研", "requested_due_date": late.isoformat()}, follow=True)
    assert "办理期限自交办之日起累计不能超过6个月（含延期）" in response.content.decode()
    assert not ExtensionRequest.objects.exists()
    client.post(reverse("proposals:request_extension", args=[other.pk]),
                {"reason": "需要调研", "requested_due_date": (other.due_date + datetime.timedelta(days=30)).isoformat()})
    assert ExtensionRequest.objects.get().assignment == other


def test_rehandling_reply_after_unsatisfied_rating(client, org):
    proposal, reply = b.replied(org)
    services.rate_reply(reply=reply, actor=org.member_user, attitude="satisfied", relevance="partly",
                        result="unsatisfied", note="没有时间表")
    a = b.lead(org, proposal)
    client.force_login(org.unit_user)
    assert "第 2 轮" in _page(client, a)
    category = ReplyCategory.objects.get(committee=None, code="B")
    client.post(reverse("proposals:reply", args=[a.pk]), {"category": category.pk, "body": "已明确时间表。"})
    assert Reply.objects.get(round=2).state == ReplyState.SUBMITTED
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REHANDLING


def test_public_list_shows_only_disclosed_with_approved_reply(client, org):
    shown, _ = b.replied(org, title="公开的提案")
    hidden, _ = b.replied(org, title="不公开的提案")
    services.set_disclosure(proposal=hidden, actor=org.member_user, consent=False, reason="涉及个人隐私")
    b.handling(org, title="尚未答复的提案")
    page = client.get(reverse("proposals:public_list")).content.decode()
    assert "公开的提案" in page and "不公开的提案" not in page and "尚未答复的提案" not in page
    assert "公开的提案" not in client.get(reverse("proposals:public_list"), {"q": "停车"}).content.decode()
    detail = client.get(reverse("proposals:public_detail", args=[shown.pk])).content.decode()
    assert "经研究，已于今年配齐心理健康教师" in detail
    assert client.get(reverse("proposals:public_detail", args=[hidden.pk])).status_code == 404


def test_public_pages_are_paginated(client, org):
    for _ in range(21):
        b.replied(org)
    first = client.get(reverse("proposals:public_list"))
    assert first.context["page"].paginator.count == 21 and len(first.context["page"]) == 20
    assert len(client.get(reverse("proposals:public_list"), {"page": 2}).context["page"]) == 1


def test_leader_sees_only_the_key_proposals_they_supervise(client, org):
    key = b.handling(org, title="重点督办的提案")
    services.mark_key(proposal=key, actor=org.staff, leaders=[org.leader])
    b.handling(org, title="普通提案")
    client.force_login(org.leader)
    page = client.get(reverse("proposals:leader_key")).content.decode()
    assert "重点督办的提案" in page and "普通提案" not in page
    client.force_login(org.staff)
    assert client.get(reverse("proposals:leader_key")).status_code == 403


def test_assigned_unit_sees_the_proposers_phone_for_contact_other_readers_do_not(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    page = _page(client, a)
    assert org.member.phone in page  # full number: the unit must call the proposer (办前沟通)
    client.force_login(org.staff)
    response = client.get(reverse("proposals:assignment", args=[a.pk]))
    assert response.status_code == 200
    assert a.proposal.title in response.content.decode()
    assert org.member.phone not in response.content.decode()  # other readers of the assignment do not get it


def test_inbox_lists_the_twenty_latest_closed_assignments_newest_first(client, org):
    from proposals.models import Assignment

    done = []
    for i in range(22):
        p, _reply = b.replied(org, title=f"办结件{i:02d}")
        done.append(b.lead(org, p))
    now = timezone.now()
    for i, a in enumerate(done):  # closed an hour apart, 办结件00 the latest
        Assignment.objects.filter(pk=a.pk).update(closed_at=now - datetime.timedelta(hours=i))
    b.lead(org, b.handling(org, title="办理中的件"))
    client.force_login(org.unit_user)
    page = client.get(reverse("proposals:inbox")).content.decode()
    latest = page.split("最近办结", 1)[1]
    shown = [f"办结件{i:02d}" for i in range(22) if f"办结件{i:02d}" in latest]
    assert shown == [f"办结件{i:02d}" for i in range(20)]
    assert [latest.index(title) for title in shown] == sorted(latest.index(title) for title in shown)
    assert "办理中的件" not in latest
