"""Pages of the deadline engine: notifications (the bell) and obligation lists for every role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.audit import timeline

from .enums import OBLIGATION_ACTIONS, ObligationKind, ObligationState
from .filters import ObligationFilter
from .selectors import notifications_of, obligation_rows, reminders_of
from .services import mark_notifications_read

PAGE_SIZE = 50


@login_required
def notification_list(request):
    page = Paginator(notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/notifications.html", {"page": page})


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("supervision:notifications")


@login_required
@require_POST
def notification_read(request, pk):
    get_object_or_404(notifications_of(request.user), pk=pk)
    mark_notifications_read(request.user, notification_ids=[pk])
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request):
    count = mark_notifications_read(request.user)
    messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
    return _back(request)


@login_required
def obligation_list(request):
    data = {key: request.GET.get(key, "") for key in ("state", "kind", "overdue")}
    filterset = ObligationFilter({k: v for k, v in data.items() if v}, queryset=obligation_rows(request.user))
    rows = filterset.qs.order_by("due_date", "id") if filterset.is_valid() else obligation_rows(request.user).none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in data.items() if v})
    return render(request, "supervision/obligation_list.html", {
        "page": page, "filters": data, "query": query,
        "states": ObligationState.choices, "kinds": ObligationKind.choices,
    })


def _state_label(value):
    return ObligationState(value).label if value in ObligationState.values else value


def _labelled_timeline(obligation):
    changes = list(timeline(obligation))
    for change in changes:
        change.action_label = OBLIGATION_ACTIONS.get(change.action, change.action)
        change.from_label = _state_label(change.from_state)
        change.to_label = _state_label(change.to_state)
    return changes


@login_required
def obligation_detail(request, pk):
    obligation = get_object_or_404(obligation_rows(request.user), pk=pk)
    return render(request, "supervision/obligation_detail.html", {
        "obligation": obligation,
        "timeline": _labelled_timeline(obligation),
        "reminders": list(reminders_of(obligation)),
    })


