"""The whole life of a joint proposal in the browser (issue 3, "Done when"): drafted and submitted by a
member, confirmed by a co-signer, accepted and assigned by staff, a co-handler's views, a B reply,
reviewed, rated 不满意, re-handled, rated 满意 by both signers, closed — and a 回头看 six months on."""

import re

from django.utils import timezone

from proposals.enums import ProposalState
from proposals.models import Proposal
from supervision.enums import ObligationKind, ObligationState
from supervision.models import Obligation
from tests.proposals.builders import session

TITLE = "关于加强农村学校心理健康教育的联名建议"


def _submit(button):
    """Click a submit button and wait for the page it leads to (every action redirects with a message)."""
    with button.page.expect_navigation():
        button.click()


def _message(page):
    return page.locator("ul.messages").inner_text()


def _state(page):
    return page.get_by_test_id("proposal-state").inner_text()


def _reply_as_unit(page, login, proposal, body):
    login("unit_user")
    page.goto("/proposals/inbox/")
    page.get_by_role("link", name=proposal.title).click()
    form = page.get_by_test_id("reply-form")
    form.locator("select[name=category]").select_option(label="B 列入计划拟解决")
    form.locator("textarea[name=body]").fill(body)
    _submit(form.get_by_role("button", name="提交答复"))
    assert "答复已提交" in _message(page)


def _approve_reply_as_staff(page, login):
    login("county_staff")
    page.goto("/proposals/replies/")
    reply = page.get_by_test_id("reply").first
    _submit(reply.get_by_role("button", name="提交审核"))
    assert "答复已审核" in _message(page)


def _rate(page, login, proposal, result, note="", username=None):
    login(username or proposal.proposer.user.username)
    page.goto(f"/proposals/{proposal.pk}/")
    form = page.get_by_test_id("rating-form").last  # the newest reply (a co-signer may still rate an earlier one)
    form.locator("input[name$='-attitude'][value=satisfied]").check()
    form.locator("input[name$='-relevance'][value=relevant]").check()
    form.locator(f"input[name$='-result'][value={result}]").check()
    form.locator("textarea").fill(note)
    _submit(form.get_by_role("button", name="提交评价"))
    assert "评价已提交" in _message(page)


def test_joint_proposal_story_in_the_browser(org, login, page):
    session(org)  # also writes the shared categories again if a transactional flush removed them

    # 1. 张委员 drafts a joint proposal, sees similar ones on request, invites 李委员 and submits
    login(org.member_user.username)
    page.get_by_test_id("proposal-links").get_by_role("link", name="新建提案").click()
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="社会事业")
    page.select_option("#id_kind", value="joint")
    page.fill("#id_reason", "农村留守儿童心理问题突出，学校专职心理教师严重不足。")
    page.fill("#id_suggestions", "一、配齐心理健康教师；二、建立心理辅导室；三、开展家校共育。")
    page.get_by_role("button", name="查找相似提案").click()
    page.get_by_test_id("similar-results").wait_for()
    _submit(page.get_by_role("button", name="保存草稿"))
    assert "提案草稿已保存" in _message(page)
    proposal = Proposal.objects.get(title=TITLE)
    assert _state(page) == "草稿"

    page.get_by_role("link", name="邀请联名").click()
    page.get_by_test_id("cosigner-search").fill("李委员")
    _submit(page.get_by_role("button", name="查找"))
    page.get_by_label("李委员").check()
    _submit(page.get_by_role("button", name="邀请联名"))
    assert "已发出联名邀请" in _message(page)
    _submit(page.get_by_test_id("submit"))
    assert "等待联名委员确认" in _message(page)
    assert _state(page) == "联名确认中"

    # 2. 李委员 confirms from the invitations on 我的提案
    login(org.other_member_user.username)
    page.get_by_test_id("proposal-links").get_by_role("link", name="待确认联名").click()
    invitation = page.get_by_test_id("invitation").filter(has_text=TITLE)
    _submit(invitation.get_by_role("button", name="确认联名"))
    assert "已确认联名" in _message(page)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED

    # 3. staff accept it from the review queue, then assign a lead and a co-handling unit
    login("county_staff")
    page.get_by_test_id("proposal-links").get_by_role("link", name="提案审查").click()
    row = page.get_by_test_id("queue-row").filter(has_text=TITLE)
    row.locator("select[name$=-action]").select_option(label="拟立案")
    row.get_by_role("button", name="执行").click()  # 立案 cannot be undone: a dialog says what it will do
    assert "立案后将编号为 十四届三次-0001" in page.get_by_test_id("confirm-dialog").inner_text()
    _submit(page.get_by_test_id("dialog-confirm"))
    assert "十四届三次-0001" in _message(page)
    page.goto(f"/proposals/{proposal.pk}/")
    assign = page.get_by_test_id("assign-form")
    assign.locator("select[name=lead]").select_option(label=org.unit.name)
    assign.locator(f"input[name=co_units][value='{org.other_unit.pk}']").check()
    assign.get_by_role("button", name="交办").click()
    assert "交办后承办单位将收到通知" in page.get_by_test_id("confirm-dialog").inner_text()
    _submit(page.get_by_test_id("dialog-confirm"))
    assert "已交办" in _message(page)
    assert _state(page) == "办理中"

    # 4. the co-handler sends its views to the lead unit
    login("other_unit_user")
    page.goto("/proposals/inbox/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_test_id("opinion-form").locator("textarea[name=body]").fill("建议统筹教师编制，卫健部门派驻心理医生。")
    _submit(page.get_by_role("button", name="送主办单位"))
    assert "会办意见已送主办单位" in _message(page)

    # 5. the lead unit sees the views, signs for it, talks with the proposer and replies (B)
    login("unit_user")
    page.get_by_test_id("proposal-links").get_by_role("link", name="交办件").click()
    page.get_by_role("link", name=TITLE).click()
    assert "卫健部门派驻心理医生" in page.get_by_test_id("opinions").inner_text()
    _submit(page.get_by_role("button", name="签收"))
    assert "已签收" in _message(page)
    contact = page.get_by_test_id("contact-form")
    contact.locator("select[name=way]").select_option(label="电话")
    contact.locator("textarea[name=note]").fill("电话听取提案人意见")
    _submit(contact.get_by_role("button", name="记录沟通"))
    assert "沟通 1 次" in page.get_by_test_id("counts").inner_text()
    _reply_as_unit(page, login, proposal, "已将心理健康教师配备列入明年计划。")

    # 6. staff approve the reply; 7. the proposer rates it 不满意 → re-handling
    _approve_reply_as_staff(page, login)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REPLIED
    _rate(page, login, proposal, "unsatisfied", note="没有具体时间表")
    assert _state(page) == "重新办理"
    assert "卫健部门派驻心理医生" not in page.inner_text("main")  # co-handler views never reach the proposer

    # 8. the unit re-handles and replies again; staff approve; 9. the proposer rates 满意, and the
    # proposal waits for the co-signer's own rating; the co-signer rates 满意 → closed
    _reply_as_unit(page, login, proposal, "已明确今年秋季学期前配齐教师，并建立心理辅导室。")
    _approve_reply_as_staff(page, login)
    _rate(page, login, proposal, "satisfied")
    assert _state(page) == "已答复待评价"
    _rate(page, login, proposal, "satisfied", username=org.other_member_user.username)
    assert _state(page) == "已办结"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CLOSED

    # 10. a 回头看 obligation six months on, owed by the lead unit, shown on the proposal page
    review = Obligation.objects.get(kind=ObligationKind.REVIEW, owner_unit=org.unit, state=ObligationState.OPEN)
    assert 180 <= (review.due_date - timezone.localdate()).days <= 185
    login("unit_user")
    page.goto(f"/proposals/{proposal.pk}/")
    obligations = page.get_by_test_id("obligations").inner_text()
    assert re.search(r"回头看：.*" + re.escape(TITLE), obligations)
    assert review.due_date.strftime("%Y-%m-%d") in obligations
