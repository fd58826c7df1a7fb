"""Pages of the deadline engine: notifications (the bell) and obligation lists for every role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for
from portal.attention import with_links
from portal.audit import timeline
from portal.pagination import BoundedPaginator

from .enums import OBLIGATION_ACTIONS, PENDING_STATES, ObligationKind, ObligationState
from .filters import ObligationFilter
from .forms import ObligationActionForm
from .selectors import notifications_of, obligation_rows, reminders_of
from .services import (
    ObligationError,
    extend_obligation,
    mark_notifications_read,
    meet_obligation,
    waive_obligation,
)

PAGE_SIZE = 50
# The deadline list's state filter beyond the single states: what still needs action (the default), and all.
STATE_PENDING, STATE_ALL = "pending", "all"


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
    """The deadlines the user may see. It opens on what needs action (pending: open, extended or overdue),
    nearest due first, so the overdue ones lead; state=all shows every state, or one state alone."""
    data = {key: request.GET.get(key, "") for key in ("state", "kind", "overdue")}
    data["state"] = data["state"] or STATE_PENDING
    given = {k: v for k, v in data.items() if v and v not in (STATE_PENDING, STATE_ALL)}
    rows = obligation_rows(request.user)
    if data["state"] == STATE_PENDING:
        rows = rows.filter(state__in=PENDING_STATES)
    filterset = ObligationFilter(given, queryset=rows)
    rows = filterset.qs.order_by("due_date", "id") if filterset.is_valid() else rows.none()
    page = BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in data.items() if v and not (k == "state" and v == STATE_PENDING)})
    return render(request, "supervision/obligation_list.html", {
        "page": page, "filters": data, "query": query, "pending": STATE_PENDING, "every": STATE_ALL,
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
    with_links(request.user, [obligation])  # obligation.link: where it is done, if the user may go there
    return render(request, "supervision/obligation_detail.html", {
        "obligation": obligation,
        "timeline": _labelled_timeline(obligation),
        "reminders": list(reminders_of(obligation)),
        "action_form": ObligationActionForm() if _staff_may_act(request.user, obligation) else None,
    })


def _staff_may_act(user, obligation):
    """Staff of the committee act on pending obligations that no workflow owns (no subject)."""
    return obligation.is_pending and obligation.subject_id is None and scope_for(user).can_manage(obligation.committee)


@login_required
@require_POST
def obligation_act(request, pk):
    """Meet, extend or waive an obligation from its page (staff of its committee only)."""
    obligation = get_object_or_404(obligation_rows(request.user), pk=pk)
    if not scope_for(request.user).can_manage(obligation.committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以处理此事项。"))
    if obligation.subject_id is not None:
        messages.error(request, _("此事项由其办理流程完成或延期，请在办理事项页面操作。"))
        return redirect("supervision:obligation_detail", pk=pk)
    form = ObligationActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("supervision:obligation_detail", pk=pk)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "extend":
            extend_obligation(obligation, new_due_date=form.cleaned_data["new_due_date"], actor=request.user, note=note)
            messages.success(request, _("已延期。"))
        elif action == "waive":
            waive_obligation(obligation, actor=request.user, note=note)
            messages.success(request, _("已免除。"))
        else:
            meet_obligation(obligation, actor=request.user, note=note)
            messages.success(request, _("已标记为完成。"))
    except ObligationError as error:
        messages.error(request, str(error))
    return redirect("supervision:obligation_detail", pk=pk)


