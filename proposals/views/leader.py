"""The leader's page: the key proposals they supervise (领衔督办), with state and deadlines."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.scopes import scope_for

from .. import selectors
from .common import paginate


@login_required
def key_proposals(request):
    if not scope_for(request.user).is_leader:
        raise PermissionDenied(_("只有主席会议成员可以查看领衔督办的重点提案。"))
    rows = selectors.key_proposals_for_leader(request.user).order_by("-accepted_at", "-id")
    page, query = paginate(request, rows)
    return render(request, "proposals/leader/key.html", {"page": page, "query": query, "today": timezone.localdate()})
