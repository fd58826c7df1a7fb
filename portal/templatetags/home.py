"""The home page's long lists written in Python, one string per row: the deadlines (20 rows), the latest
notifications (10) and the subtree's committees (up to 50). Rendered node by node from the template they
were half of the page's template time (some 300 values, each resolved, localized and escaped apart).

    {% load home %}{% obligation_rows obligations %} {% notification_items notifications %}
    {% committee_items subtree_committees %}
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..html import escaped

register = template.Library()


def _day(value):
    return value.isoformat() if value else ""  # what |date:"Y-m-d" writes of a date


@register.simple_tag
def obligation_rows(obligations):
    """`<tr>`s of the home's deadlines: what is owed (linked to `link`, see portal.attention.with_links),
    by whom, by when, its state."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'<tr class="state-{escaped(o.state)}"><td><a href="{escaped(o.link)}">{escaped(o.display_title)}</a></td>'
        f'<td class="nowrap">{escaped(o.owner_display)}</td><td class="date">{_day(o.due_date)}</td>'
        f'<td class="state">{escaped(o.get_state_display())}</td></tr>'
        for o in obligations))


@register.simple_tag
def notification_items(notifications):
    """`<li>`s of the latest notifications: unread ones marked, linked when they have a URL, with their time
    in the site's time zone."""
    items = []
    for n in notifications:
        title = escaped(n.display_title)
        if n.url:
            title = f'<a href="{escaped(n.url)}">{title}</a>'
        when = timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M") if n.created_at else ""
        items.append(f'<li class="{"" if n.read_at else "unread"}">{title} <span class="muted">{when}</span></li>')
    return mark_safe("".join(items))  # noqa: S308 - every value escaped


@register.simple_tag
def committee_items(committees):
    """`<li>`s of the committees of a subtree, indented by depth."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'<li class="depth-{c.depth}">{escaped(c.name)}</li>' for c in committees))
