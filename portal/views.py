"""Cross-app pages: each role's home page, and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from consult.member.views import home_context as consult_home
from members.scopes import scope_for
from members.selectors import committees_visible_to, members_visible_to, units_visible_to
from supervision.selectors import home_obligations, recent_notifications, unread_total

from .attention import attention_items, overdue_in_subtree, unconfirmed_calendar_years, with_links
from .health import healthz  # noqa: F401  (routed in urls)
from .pagination import counts


@login_required
def home(request):
    scope = scope_for(request.user)
    notifications = recent_notifications(request.user)
    context = {
        "scope": scope,
        "member": scope.member,
        "notifications": notifications,
        "unread_count": unread_total(notifications),  # the bell's, counted by the same query
        "obligations": with_links(request.user, home_obligations(request.user)),
        "attention": attention_items(request.user),
        "overdue_in_subtree": overdue_in_subtree(request.user),
        "unconfirmed_years": unconfirmed_calendar_years(request.user),
    }
    if scope.member is not None:
        context.update(consult_home(request, scope.member, feed=False))
    if scope.is_unit:
        context["units"] = list(units_visible_to(request.user).filter(pk__in=scope.unit_ids).select_related("committee"))
    if scope.is_superuser or scope.read_paths:
        context["subtree_committees"] = subtree_committees(request.user, scope)
        context["member_count"], context["unit_count"] = counts(
            members_visible_to(request.user).filter(active=True), units_visible_to(request.user))
    return render(request, "portal/home.html", context)


SUBTREE_LEVELS = ("province", "city", "county")


def subtree_committees(user, scope, limit=50):
    """The home page's 本级及下级政协 / 辖区概览: the province, city and county committees of the subtree the
    user reads, in path order (the first `limit`), from the scope's rows (every committee for a superuser)."""
    if scope.is_superuser:
        return list(committees_visible_to(user).filter(level__in=SUBTREE_LEVELS).order_by("path")[:limit])
    return [row for row in scope.committee_rows() if row.level in SUBTREE_LEVELS][:limit]


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the site's icon (static/favicon.svg, an SVG)."""
    return FileResponse(open(settings.BASE_DIR / "static" / "favicon.svg", "rb"), content_type="image/svg+xml")
