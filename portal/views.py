"""Cross-app pages: each role's home page, and the health check."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from members.scopes import scope_for
from members.selectors import committees_visible_to, members_visible_to, units_visible_to
from supervision.selectors import home_obligations, recent_notifications

from .attention import attention_items, overdue_in_subtree
from .health import healthz  # noqa: F401  (routed in urls)


@login_required
def home(request):
    scope = scope_for(request.user)
    context = {
        "scope": scope,
        "member": scope.member,
        "notifications": recent_notifications(request.user),
        "obligations": home_obligations(request.user),
        "attention": attention_items(request.user),
        "overdue_in_subtree": overdue_in_subtree(request.user),
    }
    if scope.is_unit:
        context["units"] = list(units_visible_to(request.user).filter(pk__in=scope.unit_ids).select_related("committee"))
    if scope.is_superuser or scope.read_paths:
        committees = committees_visible_to(request.user).filter(level__in=["province", "city", "county"])
        context["subtree_committees"] = list(committees.order_by("path")[:50])
        context["member_count"] = members_visible_to(request.user).filter(active=True).count()
        context["unit_count"] = units_visible_to(request.user).count()
    return render(request, "portal/home.html", context)
