"""社情民意信息 from submission to adoption: the member's pages (phone), the staff's actions, merging, the
per-member counts, and the refusals (bad input, wrong state, someone else's report)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.errors import ConsultError, ConsultPermissionError
from consult.models import LevelAdoption, OpinionReport
from consult.reports import selectors, services
from consult.reports.enums import ReportState
from portal.audit import timeline
from tests.consult.reports import builders as b

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_member_writes_a_draft_then_submits_it_from_their_page(client, org):
    client.force_login(org.member_user)
    response = client.post(reverse("consult:report_new"), {"title": "关于增设公交线路的建议", "content": "新区无公交。",
                                                          "submit": "0"}, follow=True)
    report = OpinionReport.objects.get(title="关于增设公交线路的建议")
    assert report.state == ReportState.DRAFT and report.submitter == org.member
    assert "草稿已保存。" in _messages(response)
    response = client.post(reverse("consult:my_report_revise", args=[report.pk]),
                           {"title": "关于增设新区公交线路的建议", "content": "新区三个小区无公交。", "submit": "1"}, follow=True)
    report.refresh_from_db()
    assert (report.state, report.title) == (ReportState.SUBMITTED, "关于增设新区公交线路的建议")
    assert report.submitted_at is not None
    page = response.content.decode()
    assert "已报送待审" in page and "信息已报送，等待政协机关处理。" in page
    # once submitted there is no edit form any more
    assert 'data-testid="revise-form"' not in page
    listing = client.get(reverse("consult:my_reports")).content.decode()
    assert "关于增设新区公交线路的建议" in listing and 'data-testid="count-submitted">1<' in listing


def test_an_empty_or_overlong_report_is_refused_and_nothing_is_saved(client, org):
    client.force_login(org.member_user)
    response = client.post(reverse("consult:report_new"), {"title": "", "content": "x", "submit": "1"})
    assert response.status_code == 400 and "标题" in response.content.decode()
    response = client.post(reverse("consult:report_new"), {"title": "标题", "content": "字" * 20_001, "submit": "1"})
    assert response.status_code == 400
    assert not OpinionReport.objects.exists()
    with pytest.raises(ConsultError, match="请填写标题"):
        services.create_report(actor=org.member_user, title="  ", content="正文")


def test_staff_are_not_members_and_cannot_write_reports(org):
    with pytest.raises(ConsultPermissionError):
        services.create_report(actor=org.staff, title="标题", content="正文")


def test_staff_edit_keeps_the_original_and_both_are_shown(client, org):
    report = b.submitted(org, title="原标题", content="原文内容")
    services.edit(report=report, actor=org.staff, title="编辑后的标题", content="编辑后的正文")
    report.refresh_from_db()
    assert (report.title, report.content) == ("原标题", "原文内容")
    assert (report.shown_title, report.shown_content) == ("编辑后的标题", "编辑后的正文")
    client.force_login(org.staff)
    page = client.get(reverse("consult:report", args=[report.pk])).content.decode()
    assert "原文内容" in page and "编辑后的正文" in page
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_report", args=[report.pk])).content.decode()
    assert "原文内容" in page and "编辑后的正文" in page


def test_returned_with_a_reason_the_member_sees_then_revises_and_resubmits(client, org):
    report = b.submitted(org)
    client.force_login(org.staff)
    response = client.post(reverse("consult:report_act", args=[report.pk, "return"]), {"note": ""}, follow=True)
    assert "理由" in " ".join(_messages(response))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    client.post(reverse("consult:report_act", args=[report.pk, "return"]), {"note": "请补充具体数据。"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_report", args=[report.pk])).content.decode()
    assert "退回理由：请补充具体数据。" in page and 'data-testid="revise-form"' in page
    client.post(reverse("consult:my_report_revise", args=[report.pk]),
                {"title": report.title, "content": "补充：缺口 1200 个车位。", "submit": "1"})
    report.refresh_from_db()
    assert (report.state, report.content) == (ReportState.SUBMITTED, "补充：缺口 1200 个车位。")
    actions = [row.action for row in timeline(report)]
    assert actions == ["create", "submit", "return", "revise", "submit"]


def test_adopt_records_the_committees_level_and_reject_needs_a_reason(org):
    report = services.adopt(report=b.submitted(org), actor=org.staff)
    assert report.state == ReportState.ADOPTED and report.decided_at is not None
    assert list(LevelAdoption.objects.filter(report=report).values_list("level", "adopted_by")) == [("county", "南谯区政协")]
    other = b.submitted(org)
    with pytest.raises(ConsultError, match="请填写不予采用理由"):
        services.reject(report=other, actor=org.staff, note="")
    services.reject(report=other, actor=org.staff, note="与已采用信息重复。")
    other.refresh_from_db()
    assert (other.state, other.decision_note) == (ReportState.NOT_ADOPTED, "与已采用信息重复。")


def test_an_illegal_transition_is_refused_with_the_states_it_may_start_from(client, org):
    report = b.adopted(org)
    with pytest.raises(ConsultError, match="当前状态为“已采用”，不能变更为“退回修改”。只有处于以下状态时才可以：已报送待审。"):
        services.return_report(report=report, actor=org.staff, note="理由")
    draft = b.draft(org)
    client.force_login(org.staff)
    response = client.post(reverse("consult:report_act", args=[draft.pk, "adopt"]), {"note": ""}, follow=True)
    assert "当前状态为“草稿”" in " ".join(_messages(response))
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT


def test_merge_points_the_merged_to_the_one_and_credits_every_submitter(client, org):
    main = b.submitted(org)
    second = b.submitted(org, user=org.other_member_user)
    client.force_login(org.staff)
    client.post(reverse("consult:report_act", args=[main.pk, "merge"]), {"others": [second.pk]})
    second.refresh_from_db()
    assert (second.state, second.merged_into_id) == (ReportState.MERGED, main.pk)
    services.adopt(report=main, actor=org.staff)
    services.instruct(report=main, actor=org.staff, leader="李区长", instructed_on=timezone.localdate(),
                      text_body="请研究。")
    counts = selectors.member_counts([org.member.pk, org.other_member.pk])
    for member in (org.member, org.other_member):
        c = counts[member.pk]
        assert (c.submitted, c.adopted, c.instructed, c.levels["county"]) == (1, 1, 1, 1)
    # the other member sees the merged report (they are credited) and their own, not more
    client.force_login(org.other_member_user)
    page = client.get(reverse("consult:my_report", args=[second.pk])).content.decode()
    assert "已合并至" in page and main.title in page
    assert client.get(reverse("consult:my_report", args=[main.pk])).status_code == 200


def test_merge_refuses_itself_another_committee_and_a_decided_report(org):
    main = b.submitted(org)
    with pytest.raises(ConsultError, match="不能把信息合并到它自己"):
        services.merge(report=main, actor=org.staff, others=[main])
    far = b.submitted(org, user=org.far_member_user)
    with pytest.raises(ConsultError, match="只能合并本政协组织收到的信息"):
        services.merge(report=main, actor=org.staff, others=[far])
    adopted = b.adopted(org)
    with pytest.raises(ConsultError, match="当前状态为“已采用”"):
        services.merge(report=main, actor=org.staff, others=[adopted])
    main.refresh_from_db()
    assert main.state == ReportState.SUBMITTED and not main.merged_reports.exists()


def test_someone_elses_report_is_not_found_and_other_staff_do_not_see_it(client, org):
    report = b.submitted(org)
    client.force_login(org.other_member_user)
    assert client.get(reverse("consult:my_report", args=[report.pk])).status_code == 404
    assert client.post(reverse("consult:my_report_revise", args=[report.pk]), {"title": "x", "content": "y"}).status_code == 404
    client.force_login(org.other_staff)
    assert client.get(reverse("consult:report", args=[report.pk])).status_code == 404
    assert client.post(reverse("consult:report_act", args=[report.pk, "adopt"])).status_code == 404
    client.force_login(org.office)
    assert client.get(reverse("consult:report", args=[report.pk])).status_code == 200
    assert client.post(reverse("consult:report_act", args=[report.pk, "adopt"])).status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_staff_list_shows_the_subtree_and_filters_by_state(client, org):
    b.submitted(org, title="县里的信息")
    b.adopted(org, title="已采用的信息")
    b.submitted(org, user=org.far_member_user, title="邻县的信息")
    b.draft(org, title="还在起草的信息")
    client.force_login(org.city_staff)
    page = client.get(reverse("consult:reports")).content.decode()
    assert "县里的信息" in page and "邻县的信息" in page
    client.force_login(org.staff)
    page = client.get(reverse("consult:reports"), {"state": "adopted"}).content.decode()
    assert "已采用的信息" in page and "县里的信息" not in page and "邻县的信息" not in page
    assert client.get(reverse("consult:reports"), {"state": "nonsense"}).status_code == 200


def test_a_member_sees_their_own_counts_of_the_year(client, org):
    b.instructed(org)
    b.adopted(org)
    b.submitted(org)
    b.draft(org)
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_reports")).content.decode()
    assert 'data-testid="count-submitted">3<' in page
    assert 'data-testid="count-adopted">2<' in page
    assert 'data-testid="count-instructed">1<' in page
    assert "区县 2" in page


def test_the_submitters_are_told_of_the_decision_with_the_reason(org, django_capture_on_commit_callbacks):
    from supervision.models import Notification

    report = b.submitted(org, title="关于修缮村道的建议")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report=report, actor=org.staff, note="请写明村名。")
    (n,) = Notification.objects.filter(user=org.member_user)
    assert (n.title, n.body, n.url) == ("您报送的社情民意信息《关于修缮村道的建议》已退回修改", "理由：请写明村名。",
                                        reverse("consult:my_report", args=[report.pk]))
    main, twin = b.submitted(org), b.submitted(org, user=org.other_member_user)
    services.merge(report=main, actor=org.staff, others=[twin])
    with django_capture_on_commit_callbacks(execute=True):
        services.adopt(report=main, actor=org.staff)
    told = Notification.objects.filter(title=f"您报送的社情民意信息《{main.title}》已被采用")
    assert set(told.values_list("user", flat=True)) == {org.member_user.pk, org.other_member_user.pk}
