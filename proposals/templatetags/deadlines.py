"""{% load deadlines %}{% deadlines p %}: a list row's units with their due dates (承办与时限), as
我的提案, the staff overview and the leader's key proposals show it.

Written in Python, once per row: as a template included for each of a page's rows it was a quarter of
我的提案's time. A row is either a dict of `proposals.selectors.page_rows` or a Proposal with its
assignments prefetched; `today` comes from the page's context (a reply owed past its due date is marked
已逾期; a reply awaiting review too, as the unit has not been answered)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..enums import AssignmentState

register = template.Library()

A = AssignmentState
MARKED_LATE = {A.ASSIGNED, A.ADJUSTING, A.REPLIED, A.REHANDLING}  # still owed, or awaiting review


def _fields(a):
    """(unit name, role label, state label, state, due date) of an assignment dict or model."""
    if isinstance(a, dict):
        return a["unit"]["name"], a["get_role_display"], a["get_state_display"], a["state"], a.get("due_date")
    return a.unit.name, a.get_role_display(), a.get_state_display(), a.state, getattr(a, "due_date", None)


@register.simple_tag(takes_context=True)
def deadlines(context, row):
    assignments = row["assignments"] if isinstance(row, dict) else row.assignments.all()
    if not assignments:
        return mark_safe('<span class="muted">—</span>')  # noqa: S308 - a constant
    today, limit, late = context.get("today"), _("限"), _("已逾期")
    cells = []
    for a in assignments:
        unit, role, state_label, state, due = _fields(a)
        tail = ""
        if due:
            mark = (format_html(' <span class="error">{}</span>', late)
                    if today and due < today and state in MARKED_LATE else "")
            tail = format_html(" · {} {}{}", limit, due.isoformat(), mark)
        cells.append((unit, role, state_label, tail))
    return format_html_join("", '<div class="small">{}（{}）{}{}</div>', cells)
