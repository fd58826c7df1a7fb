"""The annual plan pages: plans per committee and year, a plan with its frequency standing at the top and
its items (staff add and revise them while no meeting of the item has been held)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for

from .. import selectors
from ..forms import PlanCreateForm, PlanItemForm
from ..meetings.enums import MeetingState
from ..pages import form_failed, paginate, require_manage, require_reader, require_staff, run_service
from ..topics.views import managed_committees
from . import services
from .frequency import standing


def _page(pk):
    return reverse("consult:plan", args=[pk])


@login_required
def plan_list(request):
    scope = require_reader(request)
    plans = (selectors.plans_visible_to(request.user).select_related("committee").annotate(n_items=Count("items"))
             .order_by("-year", "committee__path", "id"))
    page, query = paginate(request, plans)
    form = PlanCreateForm(committees=managed_committees(request.user),
                          initial={"year": timezone.localdate().year}) if scope.is_staff else None
    return render(request, "consult/staff/plan_list.html", {"page": page, "query": query, "form": form})


@login_required
@require_POST
def plan_create(request):
    require_staff(request)
    form = PlanCreateForm(request.POST, committees=managed_committees(request.user))
    if form.is_valid():
        plan = run_service(request, services.create_plan, success=_("年度协商计划已建立。"), **form.cleaned_data)
        if plan is not None:
            return redirect(_page(plan.pk))
    else:
        form_failed(request, form)
    return redirect("consult:plans")


def _plan(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user).select_related("committee"), pk=pk)


@login_required
def plan_detail(request, pk):
    require_reader(request)
    plan = _plan(request, pk)
    manage = scope_for(request.user).can_manage(plan.committee)
    items = (plan.items.select_related("topic", "lead_special_committee", "lead_sector_group")
             .prefetch_related("units").annotate(held=Count("meetings", filter=_held())))
    return render(request, "consult/staff/plan_detail.html", {
        "plan": plan, "standing": standing(plan), "items": items, "manage": manage,
        "item_form": PlanItemForm(committee=plan.committee, initial={"meeting_type": "special"}) if manage else None,
    })


def _held():
    from django.db.models import Q

    return Q(meetings__state=MeetingState.HELD)


@login_required
@require_POST
def plan_item_add(request, pk):
    plan = _plan(request, pk)
    require_manage(request, plan.committee)
    form = PlanItemForm(request.POST, committee=plan.committee)
    if form.is_valid():
        run_service(request, services.add_plan_item, success=_("计划事项已添加。"), plan=plan, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(plan.pk))


@login_required
def plan_item_edit(request, pk):
    require_reader(request)
    item = get_object_or_404(selectors.plan_items_visible_to(request.user).select_related("plan__committee"), pk=pk)
    plan = item.plan
    require_manage(request, plan.committee)
    initial = {"title": item.title, "meeting_type": item.meeting_type, "quarter": item.quarter, "month": item.month,
               "units": list(item.units.all())}
    form = PlanItemForm(request.POST or None, committee=plan.committee, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            done = run_service(request, services.update_plan_item, success=_("计划事项已修改。"), item=item,
                               **form.cleaned_data)
            if done is not None:
                return redirect(_page(plan.pk))
        else:
            form_failed(request, form)
    return render(request, "consult/staff/plan_item_form.html", {"plan": plan, "item": item, "form": form})
