"""The rows of 我的提案 and of a unit's 交办件 written in Python, one string per row: rendered node by node
they were most of these pages' template time (each value resolved, localized and escaped apart, each
link reversed).

    {% load proposal_rows %}{% member_proposal_rows page member %}   (rows of proposals.selectors.page_rows)
    {% inbox_rows page %} {% done_items done %}                       (Assignments, as proposals.views.unit)
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.html import escaped, url_with_pk

from ..enums import AssignmentState
from .deadlines import deadlines

register = template.Library()

OVERDUE = ' class="state-overdue"'
ROW_END = "\n  </tr>"


@register.simple_tag(takes_context=True)
def member_proposal_rows(context, rows, member):
    """我的提案's rows: number, title (linked; 联名 when the member co-signed), kind, state, 承办与时限."""
    rows = list(rows)
    if not rows:
        return mark_safe(f'<tr><td colspan="5" class="muted">{escaped(_("还没有提案。"))}</td></tr>')  # noqa: S308
    cosigned = f' <span class="muted small">（{escaped(_("联名"))}）</span>'
    out = []
    for p in rows:
        out.append(
            f'<tr data-testid="proposal-row"{OVERDUE if p["is_overdue"] else ""}>\n'
            f'    <td class="nowrap">{escaped(p["number"] or "—")}</td>\n'
            f'    <td class="title"><a href="{url_with_pk("proposals:detail", p["pk"])}">{escaped(p["title"])}</a>'
            f'{cosigned if p["proposer_id"] != member.pk else ""}</td>\n'
            f'    <td class="nowrap">{escaped(p["get_kind_display"])}</td>'
            f'<td class="state">{escaped(p["get_state_display"])}</td>\n'
            f'    <td>{deadlines(context, p)}</td>{ROW_END}')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


@register.simple_tag(takes_context=True)
def inbox_rows(context, assignments):
    """交办件's rows: number, title (linked to the assignment; 重新办理 on a later round), unit, role, state
    (未签收; 答复被退回修改 while the unit is to answer again), due date (已逾期 past it)."""
    assignments = list(assignments)
    if not assignments:
        return mark_safe(f'<tr><td colspan="6" class="muted">{escaped(_("没有待办理的交办件。"))}</td></tr>')  # noqa: S308
    today = context.get("today")
    again = f' <span class="small">（{escaped(_("重新办理"))}）</span>'
    unsigned = f' · {escaped(_("未签收"))}'
    sent_back = f' · <strong class="error" data-testid="sent-back">{escaped(_("答复被退回修改"))}</strong>'
    late = f' <strong class="error">{escaped(_("已逾期"))}</strong>'
    out = []
    for a in assignments:
        overdue = bool(a.due_date and today and a.due_date < today)
        state = escaped(a.get_state_display())
        if not a.acknowledged_at and a.state == AssignmentState.ASSIGNED:
            state += unsigned
        if a.last_reply_state == "sent_back" and a.state in (AssignmentState.ASSIGNED, AssignmentState.REHANDLING):
            state += sent_back
        out.append(
            f'<tr data-testid="assignment-row"{OVERDUE if overdue else ""}>\n'
            f'    <td class="nowrap">{escaped(a.proposal.number or "—")}</td>\n'
            f'    <td class="title"><a href="{url_with_pk("proposals:assignment", a.pk)}">{escaped(a.proposal.title)}</a>'
            f'{again if a.round > 1 else ""}</td>\n'
            f'    <td class="nowrap">{escaped(a.unit.name)}</td><td class="nowrap">{escaped(a.get_role_display())}</td>'
            f'<td class="state">{state}</td>\n'
            f'    <td class="date">{a.due_date.isoformat() if a.due_date else "—"}{late if overdue else ""}</td>{ROW_END}')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


@register.simple_tag
def done_items(assignments):
    """最近办结: each assignment's title, linked, and its state."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'<li><a href="{url_with_pk("proposals:assignment", a.pk)}">{escaped(a.proposal.title)}</a> · '
        f'{escaped(a.get_state_display())}</li>' for a in assignments))
