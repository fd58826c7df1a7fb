"""Member pages outside the admin: the scoped member list and its Excel export, and a member's own profile."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from portal.documents.workbook import form_filters
from portal.jobs.services import in_background
from portal.jobs.views import offer_background
from portal.pagination import BoundedPaginator
from supervision.enums import PENDING_STATES, OwnerKind
from supervision.models import Obligation

from . import privacy
from .excel.exporting import export_members
from .forms import MemberFilterForm
from .scopes import scope_for
from .selectors import committees_visible_to, members_visible_to, with_member_names


def _filtered_members(request, *, members_too=False):
    """Members the user may list (staff, office viewers, leaders; with `members_too` also a member, who
    lists their own committee), filtered by the query string."""
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.read_paths or (members_too and scope.member)):
        raise PermissionDenied
    form = MemberFilterForm(request.GET, committees=committees_visible_to(request.user))
    queryset = members_visible_to(request.user).select_related("committee", "sector", "special_committee", "township")
    return form, form.filter(queryset), scope


@login_required
def member_list(request):
    """委员名单. A member sees their own committee's members with what privacy.py gives a colleague
    (phones masked, no birth dates or e-mails); the Excel export stays with staff and readers."""
    form, members, scope = _filtered_members(request, members_too=True)
    members = with_member_names(members.select_related(None))  # names by subquery, not four joins
    page = BoundedPaginator(members, 50).get_page(request.GET.get("page"))
    shown = privacy.visible_fields(privacy.member_field_access(request.user))
    for member in page:
        member.personal = privacy.member_values(request.user, member)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/member_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "may_export": scope.is_superuser or bool(scope.read_paths),
        "show_phone": "phone" in shown, "show_birth_date": "birth_date" in shown, "show_email": "email" in shown,
    })


@login_required
def member_export(request):
    """/members/export.xlsx?<filters>: the filtered list as Excel (audited; phones masked unless staff).
    Over settings.EXPORT_INLINE_MAX_ROWS rows it is made in the background (portal.jobs): this page offers
    to start the job."""
    form, members, _scope = _filtered_members(request)
    total = members.count()
    if in_background(total):
        return offer_background(request, "members", total)
    return export_members(request, members, filters=form_filters(form))


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
