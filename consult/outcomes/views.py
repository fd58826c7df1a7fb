"""Outcome pages. Staff (readers read): the list, record an outcome of a held meeting or a topic, an outcome
with its sendings (each unit's reply, due date from its obligation, overdue marked), send to units, record a
leader's instruction. A unit: its sendings (due first, overdue marked), a sending with the reply form per
recommendation and 回头看 where due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for

from .. import selectors
from ..forms import InstructionForm, LookbackForm, OutcomeForm, ReplyForm, UnitsForm
from ..models import RecommendationReply
from ..pages import (
    form_failed,
    ids,
    paginate,
    require_manage,
    require_reader,
    require_staff,
    require_unit,
    run_service,
    timeline_rows,
)
from . import services
from .enums import OUTCOME_ACTIONS, OutcomeState, SendingState
from .to_proposal import lead_candidates, lead_special_committee, to_proposal
from .to_report import MAX_CANDIDATES, submitter_candidates, to_report


def _page(pk):
    return reverse("consult:outcome", args=[pk])


def _sending_page(pk):
    return reverse("consult:sending", args=[pk])


@login_required
def outcome_list(request):
    require_reader(request)
    outcomes = selectors.outcomes_visible_to(request.user).select_related("committee", "topic").defer("text")
    state = request.GET.get("state", "")
    if state in OutcomeState.values:
        outcomes = outcomes.filter(state=state)
    page, query = paginate(request, outcomes.order_by("-created_at", "-id"))
    return render(request, "consult/staff/outcome_list.html", {
        "page": page, "query": query, "states": OutcomeState.choices, "state": state,
    })


@login_required
def outcome_create(request):
    """An outcome of a held meeting (?meeting=) or of a topic (?topic=), with its recommendations one per line."""
    require_staff(request)
    meeting = topic = None
    source = request.POST if request.method == "POST" else request.GET
    meeting_ids, topic_ids = ids([source.get("meeting", "")]), ids([source.get("topic", "")])
    if meeting_ids:
        meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("committee", "topic"),
                                    pk=meeting_ids[0])
        committee = meeting.committee
    elif topic_ids:
        topic = get_object_or_404(selectors.topics_visible_to(request.user).select_related("committee"), pk=topic_ids[0])
        committee = topic.committee
    else:
        messages.error(request, _("请从协商活动或议题的页面记录协商成果。"))
        return redirect("consult:outcomes")
    require_manage(request, committee)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            outcome = run_service(request, services.create_outcome, success=_("协商成果已记录。"), meeting=meeting,
                                  topic=topic, **form.cleaned_data)
            if outcome is not None:
                return redirect(_page(outcome.pk))
        else:
            form_failed(request, form)
    return render(request, "consult/staff/outcome_form.html", {"form": form, "meeting": meeting, "topic": topic})


def _visible(request, pk):
    return get_object_or_404(selectors.outcomes_visible_to(request.user).select_related("committee", "topic", "meeting"),
                             pk=pk)


@login_required
def outcome_detail(request, pk):
    require_reader(request)
    outcome = _visible(request, pk)
    manage = scope_for(request.user).can_manage(outcome.committee)
    sendings = selectors.with_sending_due_dates(
        outcome.sendings.select_related("unit").prefetch_related(
            Prefetch("adoptions", queryset=RecommendationReply.objects.select_related("recommendation")))
    ).order_by("unit__name", "id")
    context = {
        "outcome": outcome, "manage": manage, "today": timezone.localdate(),
        "recommendations": outcome.recommendations.select_related("proposal", "opinion_report"), "sendings": sendings,
        "instructions": outcome.instructions.prefetch_related("units"),
        "timeline": timeline_rows(outcome, OUTCOME_ACTIONS, OutcomeState, {"to_proposal": _("转为提案"),
                                                                             "to_report": _("转为社情民意信息")}),
    }
    if manage:
        context["send_form"] = UnitsForm(committee=outcome.committee)
        special = lead_special_committee(outcome)
        context["to_proposal"] = {"special": special,
                                  "candidates": list(lead_candidates(special)[:200]) if special else []}
        context["report_candidates"] = list(submitter_candidates(outcome.committee).only("pk", "name")[:MAX_CANDIDATES])
        if outcome.state == OutcomeState.SENT:
            context["instruction_form"] = InstructionForm(committee=outcome.committee,
                                                          initial={"instructed_on": timezone.localdate()})
    return render(request, "consult/staff/outcome_detail.html", context)


@login_required
@require_POST
def outcome_send(request, pk):
    outcome = _visible(request, pk)
    require_manage(request, outcome.committee)
    form = UnitsForm(request.POST, committee=outcome.committee)
    if form.is_valid():
        run_service(request, services.send, success=_("协商成果已报送。"), outcome=outcome, units=form.cleaned_data["units"])
    else:
        form_failed(request, form)
    return redirect(_page(outcome.pk))


@login_required
@require_POST
def outcome_to_proposal(request, pk):
    """转为提案: the chosen recommendations become a collective proposal draft of the lead special committee."""
    outcome = _visible(request, pk)
    require_manage(request, outcome.committee)
    chosen = list(outcome.recommendations.filter(pk__in=ids(request.POST.getlist("recommendations"))))
    special = lead_special_committee(outcome)
    lead = None
    lead_id = ids([request.POST.get("lead_member", "")])
    if special is not None and lead_id:
        lead = lead_candidates(special).filter(pk=lead_id[0]).first()
    run_service(request, to_proposal, outcome=outcome, recommendations=chosen, lead_member=lead,
                success=_("已转为集体提案草稿，由领衔委员确认后提交。"))
    return redirect(_page(outcome.pk))


@login_required
@require_POST
def outcome_to_report(request, pk):
    """转为社情民意信息: the chosen recommendations become a submitted opinion report in a member's name."""
    outcome = _visible(request, pk)
    require_manage(request, outcome.committee)
    chosen = list(outcome.recommendations.filter(pk__in=ids(request.POST.getlist("recommendations"))))
    submitter = None
    submitter_id = ids([request.POST.get("submitter", "")])
    if submitter_id:
        submitter = submitter_candidates(outcome.committee).filter(pk=submitter_id[0]).first()
    run_service(request, to_report, outcome=outcome, recommendations=chosen, submitter=submitter,
                success=_("已转为社情民意信息并报送，进入本级社情民意待处理队列。"))
    return redirect(_page(outcome.pk))


@login_required
@require_POST
def outcome_instruct(request, pk):
    outcome = _visible(request, pk)
    require_manage(request, outcome.committee)
    form = InstructionForm(request.POST, committee=outcome.committee)
    if form.is_valid():
        run_service(request, services.instruct, success=_("领导批示已记录。"), outcome=outcome, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(outcome.pk))


# ---- the unit's pages


@login_required
def sending_list(request):
    """成果办理: the unit's sendings, those owing a reply first by due date (overdue marked), then replied ones."""
    scope = require_unit(request)
    sendings = selectors.with_sending_due_dates(
        selectors.sendings_visible_to(request.user).filter(unit_id__in=scope.unit_ids)
        .select_related("outcome__committee", "unit").defer("outcome__text", "measures", "lookback_report")
    ).annotate(waiting=Case(When(state=SendingState.SENT, then=Value(0)), default=Value(1), output_field=IntegerField()))
    page, query = paginate(request, sendings.order_by("waiting", F("due_date").asc(nulls_last=True), "-sent_at", "-id"))
    return render(request, "consult/unit/sending_list.html", {"page": page, "query": query, "today": timezone.localdate()})


def _sending(request, pk):
    return get_object_or_404(selectors.with_sending_due_dates(
        selectors.sendings_visible_to(request.user).select_related("outcome__committee", "outcome__topic", "unit")), pk=pk)


@login_required
def sending_detail(request, pk):
    sending = _sending(request, pk)
    mine = sending.unit_id in scope_for(request.user).unit_ids
    outcome = sending.outcome
    recommendations = list(outcome.recommendations.all())
    context = {
        "sending": sending, "outcome": outcome, "mine": mine, "today": timezone.localdate(),
        "recommendations": recommendations,
        "adoptions": sending.adoptions.select_related("recommendation"),
        "instructions": selectors.instructions_visible_to(request.user).filter(outcome=outcome, units=sending.unit_id),
    }
    if mine and sending.state == SendingState.SENT:
        context["reply_form"] = ReplyForm(recommendations=recommendations)
    if mine and sending.review_due:
        context["lookback_form"] = LookbackForm()
    return render(request, "consult/unit/sending_detail.html", context)


def _own_sending(request, pk):
    sending = _sending(request, pk)
    if sending.unit_id not in scope_for(request.user).unit_ids:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只有%(unit)s可以答复。") % {"unit": sending.unit.name})
    return sending


@login_required
@require_POST
def sending_reply(request, pk):
    sending = _own_sending(request, pk)
    form = ReplyForm(request.POST, recommendations=sending.outcome.recommendations.all())
    if form.is_valid():
        run_service(request, services.reply, success=_("答复已提交。"), sending=sending,
                    measures=form.cleaned_data["measures"], adoptions=form.adoptions())
    else:
        form_failed(request, form)
    return redirect(_sending_page(sending.pk))


@login_required
@require_POST
def sending_lookback(request, pk):
    sending = _own_sending(request, pk)
    form = LookbackForm(request.POST)
    if form.is_valid():
        run_service(request, services.lookback_report, success=_("回头看落实情况已报送。"), sending=sending,
                    report=form.cleaned_data["report"])
    else:
        form_failed(request, form)
    return redirect(_sending_page(sending.pk))

