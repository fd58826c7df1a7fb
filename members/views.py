"""Member pages outside the admin: the scoped member list and its Excel export, and a member's own profile."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from supervision.enums import PENDING_STATES, OwnerKind
from supervision.models import Obligation

from .excel.exporting import export_members
from .forms import MemberFilterForm
from .scopes import mask_phone, scope_for
from .selectors import committees_visible_to, members_visible_to


def _filtered_members(request):
    """Members the user may list (staff, office viewers, leaders), filtered by the query string."""
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.read_paths):
        raise PermissionDenied
    form = MemberFilterForm(request.GET, committees=committees_visible_to(request.user))
    queryset = members_visible_to(request.user).select_related("committee", "sector", "special_committee", "township")
    return form, form.filter(queryset), scope


@login_required
def member_list(request):
    form, members, scope = _filtered_members(request)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    for member in page:
        member.phone_display = member.phone if scope.can_see_personal_data else mask_phone(member.phone)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/member_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def member_export(request):
    """/members/export.xlsx?<filters>: the filtered list as Excel (audited; phones masked unless staff)."""
    _form, members, _scope = _filtered_members(request)
    return export_members(request, members)


@login_required
def my_profile(request):
    """我的履职档案: the member's own record, own phone unmasked."""
    member = scope_for(request.user).member
    if member is None:
        raise Http404
    return render(request, "members/me.html", _profile_context(member))


def _profile_context(member, limit=10):
    """The member's organisation ties and what they owe: studios, coming reception duties, groups
    they convene, and their pending obligations (soonest first)."""
    today = timezone.localdate()
    return {
        "member": member,
        "studios": list(member.studios.order_by("name")),
        "duties": list(member.duties.filter(date__gte=today).select_related("studio").order_by("date")[:limit]),
        "convened_groups": list(member.convened_groups.order_by("name")),
        "obligations": list(
            Obligation.objects.filter(owner_kind=OwnerKind.MEMBER, owner_member=member, state__in=PENDING_STATES)
            .order_by("due_date", "id")[:limit]
        ),
    }
