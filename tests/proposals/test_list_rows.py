"""What a row of 我的提案 and of a unit's 交办件 shows (proposals.templatetags.proposal_rows writes them in
Python): each value escaped, each link to its page, and the marks a reader acts on."""

import datetime

from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.due_dates import reply_obligation_of
from proposals.enums import ProposalKind


def _row(html, testid, title):
    """The `<tr>` of the row whose title is `title` (escaped as the page writes it)."""
    start = html.index(title)
    return html[html.rindex(f'<tr data-testid="{testid}"', 0, start):html.index("</tr>", start) + 5]


def test_unit_inbox_rows_mark_unsigned_late_and_link_each_assignment(client, pw):
    late = pw.handling(title="关于<校车>安全的建议")
    signed = pw.handling(title="关于学校食堂的建议")
    services.acknowledge_assignment(assignment=pw.lead(signed), actor=pw.o.unit_user)
    obligation = reply_obligation_of(pw.lead(late))
    obligation.due_date = timezone.localdate() - datetime.timedelta(days=3)
    obligation.save(update_fields=["due_date"])
    client.force_login(pw.o.unit_user)
    html = client.get(reverse("proposals:inbox")).content.decode()

    row = _row(html, "assignment-row", "关于&lt;校车&gt;安全的建议")
    assert row.startswith('<tr data-testid="assignment-row" class="state-overdue">')
    assert f'<a href="{reverse("proposals:assignment", args=[pw.lead(late).pk])}">关于&lt;校车&gt;安全的建议</a>' in row
    assert "办理中 · 未签收" in row
    assert f'{obligation.due_date.isoformat()} <strong class="error">已逾期</strong>' in row
    assert pw.o.unit.name in row and "主办" in row

    row = _row(html, "assignment-row", "关于学校食堂的建议")
    assert row.startswith('<tr data-testid="assignment-row">\n')
    assert "未签收" not in row and "已逾期" not in row


def test_my_proposals_rows_link_each_proposal_and_mark_the_cosigned(client, pw):
    own = pw.submitted(title="关于<农村>养老的建议")
    joint = pw.draft(user=pw.cosigner_user, kind=ProposalKind.JOINT, title="关于社区托育的建议")
    services.invite_cosigners(proposal=joint, actor=pw.cosigner_user, members=[pw.o.member])
    services.confirm_cosignature(signature=joint.signatures.get(member=pw.o.member), actor=pw.o.member_user)
    client.force_login(pw.o.member_user)
    html = client.get(reverse("proposals:mine")).content.decode()

    row = _row(html, "proposal-row", "关于&lt;农村&gt;养老的建议")
    assert f'<a href="{reverse("proposals:detail", args=[own.pk])}">关于&lt;农村&gt;养老的建议</a></td>' in row
    assert "（联名）" not in row and '<td class="nowrap">—</td>' in row  # not numbered before 立案
    row = _row(html, "proposal-row", "关于社区托育的建议")
    assert f'<a href="{reverse("proposals:detail", args=[joint.pk])}">关于社区托育的建议</a> <span class="muted small">（联名）</span>' in row


def test_empty_lists_say_so(client, pw):
    client.force_login(pw.o.unit_user)
    assert '<td colspan="6" class="muted">没有待办理的交办件。</td>' in client.get(reverse("proposals:inbox")).content.decode()
    client.force_login(pw.o.member_user)
    assert '<td colspan="5" class="muted">还没有提案。</td>' in client.get(reverse("proposals:mine")).content.decode()


def test_my_proposals_are_counted_exactly_without_asking_the_planner(client, pw):
    # a member's own proposals are a short list: counted exactly, no EXPLAIN first (portal.pagination.EXACT)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        pw.submitted(title=f"关于第{n}件事的建议")
    client.force_login(pw.o.member_user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("proposals:mine")).content.decode()
    assert html.count('data-testid="proposal-row"') == 3
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("EXPLAIN")]
