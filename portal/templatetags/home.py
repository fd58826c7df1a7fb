"""The home page's long lists written in Python, one string per row: the deadlines (20 rows), the latest
notifications (10) and the subtree's committees (up to 50). Rendered node by node from the template they
were half of the page's template time (some 300 values, each resolved, localized and escaped apart).
And its cards of links, which depend only on the kind of user, written once per kind as the main
navigation is (nav.py): two dozen URLs reversed and labels translated on every request were a third of
the template's time.

    {% load home %}{% obligation_rows obligations %} {% notification_items notifications %}
    {% committee_items subtree_committees %} {% home_links %}
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from members.scopes import scope_for

from ..html import escaped
from .nav import READER, user_kinds

register = template.Library()

# (URL name, fragment, label, who sees it: nav.py's kinds) of the home page's cards of links
PROPOSAL_LINKS = [
    ("proposals:mine", "", lambda: _("我的提案"), "member"),
    ("proposals:create", "", lambda: _("新建提案"), "member"),
    ("proposals:mine", "#invitations", lambda: _("待确认联名"), "member"),
    ("proposals:review_queue", "", lambda: _("提案审查"), "staff"),
    ("proposals:reply_queue", "", lambda: _("答复审核"), "staff"),
    ("proposals:requests", "", lambda: _("调整与延期申请"), "staff"),
    ("proposals:overview", "", lambda: _("提案总览"), READER),
    ("proposals:inbox", "", lambda: _("交办件"), "unit"),
    ("proposals:leader_key", "", lambda: _("重点提案"), "leader"),
    ("proposals:public_list", "", lambda: _("提案公开"), "all"),
]
CONSULT_LINKS = [
    ("consult:topics", "", lambda: _("协商议题"), READER),
    ("consult:plans", "", lambda: _("年度协商计划"), READER),
    ("consult:meetings", "", lambda: _("协商活动"), READER),
    ("consult:calendar", "", lambda: _("活动日历"), READER),
    ("consult:outcomes", "", lambda: _("协商成果"), READER),
    ("consult:sendings", "", lambda: _("协商成果办理"), "unit"),
]


def _card(testid, title, links, kinds):
    items = format_html_join("", '<li><a href="{}{}">{}</a></li>',
                             ((reverse(name), fragment, label()) for name, fragment, label, who in links if who in kinds))
    return format_html('<section class="card" data-testid="{}"><h2>{}</h2><ul>{}</ul></section>', testid, title, items)


@lru_cache(maxsize=256)
def _home_links(kinds, language, prefix, urlconf):
    cards = [_card("proposal-links", _("提案"), PROPOSAL_LINKS, kinds)]
    if READER in kinds or "unit" in kinds:  # the consultation card: readers of a subtree and units
        cards.append(_card("consult-links", _("协商"), CONSULT_LINKS, kinds))
    return mark_safe("\n  ".join(cards))  # noqa: S308 - built with format_html


@register.simple_tag(takes_context=True)
def home_links(context):
    """The home page's cards of links (提案, and 协商 for readers and units) for the request's user."""
    return _home_links(user_kinds(scope_for(context["user"])), get_language(), get_script_prefix(), get_urlconf())


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
