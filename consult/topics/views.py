"""Topic pages for staff (office viewers and leaders read): the list, record an assigned topic, a topic with
its 预可研, timeline, research, meetings and outcomes, and the pipeline's actions as forms."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Committee
from members.scopes import scope_for

from .. import selectors
from ..forms import ApproveForm, NoteForm, PrestudyForm, ReasonForm, ResearchForm, TopicCreateForm, TopicFilterForm
from ..models import ConsultationPlan
from ..pages import (
    form_failed,
    paginate,
    require_manage,
    require_reader,
    require_staff,
    run_service,
    timeline_rows,
)
from . import services
from .enums import EDITABLE_STATES, PRESTUDY_FIELDS, TOPIC_ACTIONS, TopicState

T = TopicState
# The pipeline actions done on the topic page (the others follow from research, meetings, outcomes and replies).
PAGE_ACTIONS = ("start_prestudy", "discuss", "approve", "start_lookback", "close", "drop")
RESEARCH_STATES = {T.PLANNED, T.RESEARCHING, T.CONSULTED}


def managed_committees(user):
    scope = scope_for(user)
    if scope.is_superuser:
        return Committee.objects.order_by("path")
    return Committee.objects.filter(pk__in=scope.committee_ids(manage=True)).order_by("path")


def _page(pk):
    return reverse("consult:topic", args=[pk])


@login_required
def topic_list(request):
    require_reader(request)
    form = TopicFilterForm(request.GET or None)
    topics = selectors.topics_visible_to(request.user).select_related("committee").defer(*(n for n, _l in PRESTUDY_FIELDS))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            topics = topics.filter(state=data["state"])
        if data["source"]:
            topics = topics.filter(source=data["source"])
        if data["year"]:
            topics = topics.filter(created_at__year=data["year"])
        if data["q"]:
            topics = topics.filter(title__icontains=data["q"].strip())
    page, query = paginate(request, topics.order_by("-created_at", "-id"))
    return render(request, "consult/staff/topic_list.html", {
        "form": form, "page": page, "query": query, "can_create": scope_for(request.user).is_staff,
    })


@login_required
def topic_create(request):
    """Staff record a topic the party or government assigns (党委政府点题) or a grassroots case raises."""
    require_staff(request)
    form = TopicCreateForm(request.POST or None, committees=managed_committees(request.user))
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            topic = run_service(request, services.propose_topic, success=_("议题已录入。"), **data)
            if topic is not None:
                return redirect(_page(topic.pk))
        else:
            form_failed(request, form)
    return render(request, "consult/staff/topic_form.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(selectors.topics_visible_to(request.user).select_related("committee", "proposer"), pk=pk)


@login_required
def topic_detail(request, pk):
    require_reader(request)
    topic = _visible(request, pk)
    manage = scope_for(request.user).can_manage(topic.committee)
    context = {
        "topic": topic, "manage": manage,
        "prestudy": [(label, getattr(topic, name)) for name, label in PRESTUDY_FIELDS],
        "timeline": timeline_rows(topic, TOPIC_ACTIONS, TopicState),
        "research": topic.research.prefetch_related("participants").order_by("start_date", "id"),
        "meetings": topic.meetings.order_by("starts_at", "id"),
        "outcomes": topic.outcomes.order_by("created_at", "id"),
        "plan_item": getattr(topic, "plan_item", None),
    }
    if manage:
        context["actions"] = [(code, TOPIC_ACTIONS[code].label) for code in PAGE_ACTIONS
                              if topic.state in TOPIC_ACTIONS[code].sources and code != "approve"]
        if topic.state in EDITABLE_STATES:
            context["prestudy_form"] = PrestudyForm(initial={"title": topic.title, **{
                name: getattr(topic, name) for name, _label in PRESTUDY_FIELDS}})
        if topic.state in TOPIC_ACTIONS["approve"].sources:
            context["approve_form"] = ApproveForm(
                committee=topic.committee, plans=ConsultationPlan.objects.filter(committee=topic.committee),
                initial={"meeting_type": "special"})
        if topic.state in RESEARCH_STATES:
            context["research_form"] = ResearchForm(committee=topic.committee)
    return render(request, "consult/staff/topic_detail.html", context)


def _managed(request, pk):
    topic = _visible(request, pk)
    require_manage(request, topic.committee)
    return topic


@login_required
@require_POST
def topic_act(request, pk, action):
    """One pipeline action: a note (or, to drop, the reason; to approve, the plan item's fields)."""
    if action not in PAGE_ACTIONS:
        raise Http404
    topic = _managed(request, pk)
    label = TOPIC_ACTIONS[action].label
    done = _("已执行：%(action)s。") % {"action": label}
    if action == "drop":
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_service(request, services.drop, success=done, topic=topic, reason=form.cleaned_data["reason"])
        else:
            form_failed(request, form)
    elif action == "approve":
        form = ApproveForm(request.POST, committee=topic.committee,
                           plans=ConsultationPlan.objects.filter(committee=topic.committee))
        if form.is_valid():
            run_service(request, services.approve, success=done, topic=topic, **form.cleaned_data)
        else:
            form_failed(request, form)
    else:
        form = NoteForm(request.POST)
        if form.is_valid():
            run_service(request, getattr(services, action), success=done, topic=topic, note=form.cleaned_data["note"])
        else:
            form_failed(request, form)
    return redirect(_page(topic.pk))


@login_required
@require_POST
def topic_prestudy(request, pk):
    topic = _managed(request, pk)
    form = PrestudyForm(request.POST)
    if form.is_valid():
        run_service(request, services.update_prestudy, success=_("预可研内容已保存。"), topic=topic, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(topic.pk))


@login_required
@require_POST
def topic_research(request, pk):
    topic = _managed(request, pk)
    form = ResearchForm(request.POST, committee=topic.committee)
    if form.is_valid():
        run_service(request, services.record_research, success=_("调研视察记录已保存。"), topic=topic, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(topic.pk))
