"""{% load nav %}{% main_nav %}: the main navigation's links for the signed-in user (base.html).

Which links a user gets depends only on what kind of user they are (member, staff, reader of a subtree,
unit liaison, leader), and their targets and labels only on the site's URLs and the active language.
So the links are written once per combination and kept for the life of the process: a page no longer
reverses and translates a dozen links on every request. The parts that are the user's own (the admin
link, the unread badge, the name, the forms with their CSRF token) stay in base.html.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from members.scopes import scope_for

register = template.Library()

READER = "reader"  # superuser or a reader of a subtree (staff, office, leader)

# (URL name, label, who sees it): one of "all", "member", "reader", "staff", "unit", "leader", and
# "cases" (a member's 群众点单 is their own list, a reader's the case bank).
LINKS = [
    ("home", lambda: _("我的首页"), "all"),
    ("supervision:obligations", lambda: pgettext("list", "办理时限"), "all"),
    ("members:me", lambda: _("我的履职档案"), "member"),
    ("members:list", lambda: _("委员名单"), "member_or_reader"),
    ("proposals:mine", lambda: _("我的提案"), "member"),
    ("proposals:review_queue", lambda: _("提案审查"), "staff"),
    ("proposals:overview", lambda: _("提案总览"), READER),
    ("jobs:list", lambda: _("我的导出"), READER),
    ("proposals:inbox", lambda: _("交办件"), "unit"),
    ("proposals:leader_key", lambda: _("重点提案"), "leader"),
    ("consult:topics", lambda: _("协商"), READER),
    ("consult:sendings", lambda: _("协商成果办理"), "unit"),
    ("consult:my_meetings", lambda: _("我的协商"), "member"),
    ("consult:my_reports", lambda: _("社情民意"), "member"),
    ("consult:reports", lambda: _("社情民意"), READER),
    ("consult:my_cases", lambda: _("群众点单"), "member"),
    ("consult:case_bank", lambda: _("群众点单"), "reader_not_member"),
    ("consult:report_forwards", lambda: _("社情民意批示办理"), "unit"),
]


def user_kinds(scope):
    """The kinds of user `scope` is (LINKS' "who"): what the navigation and the home page's cards of links show."""
    member = scope.member is not None
    reader = scope.is_superuser or bool(scope.read_paths)
    kinds = {"all"}
    for name, on in (("member", member), (READER, reader), ("staff", scope.is_staff), ("unit", scope.is_unit),
                     ("leader", scope.is_leader), ("member_or_reader", member or reader),
                     ("reader_not_member", reader and not member)):
        if on:
            kinds.add(name)
    return frozenset(kinds)


@lru_cache(maxsize=256)
def _links(kinds, language, prefix, urlconf):
    return format_html_join("\n      ", '<a href="{}">{}</a>',
                            ((reverse(name), label()) for name, label, who in LINKS if who in kinds))


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main navigation's links for the request's user (an empty string for a visitor)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    return _links(user_kinds(scope_for(user)), get_language(), get_script_prefix(), get_urlconf())
