"""Pages of a handling unit: the inbox of assignments and one assignment with its actions
(签收, 申请调整, 沟通记录, 会办意见, 答复, 申请延期)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.scopes import scope_for

from .. import rules, selectors, services
from ..enums import REPLYING_ROLES, AssignmentRole, AssignmentState
from ..forms import AdjustmentForm, ContactForm, ExtensionForm, OpinionForm, ReplyForm
from ..models import Assignment
from ..services.deadlines import adjust_window_end
from . import lists
from .common import form_failed, paginate, run_service

A = AssignmentState


def handling_assignments(user):
    """Assignments a unit (its own) or staff / readers (their subtree) may open; not the proposer's route."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Assignment.objects.all()
    q = Q(unit_id__in=scope.unit_ids) if scope.unit_ids else Q(pk__in=[])
    if scope.read_paths:
        q |= scope.committee_q("proposal__committee")
    return selectors.assignments_visible_to(user).filter(q)


def _assignment(request, pk, *, act=False):
    """The assignment if the user may open it (else 404); with act=True only its own unit may act (else 403)."""
    a = get_object_or_404(
        handling_assignments(request.user).select_related("proposal__committee", "proposal__proposer", "proposal__category",
                                                          "proposal__session__term", "unit"),
        pk=pk,
    )
    if act and not rules.is_assigned_unit(request.user, a):
        raise PermissionDenied("只有承办该提案的单位可以执行此操作。")
    return a


def _page(pk):
    return reverse("proposals:assignment", args=[pk])


@login_required
def inbox(request):
    """交办件: the unit's assignments still to act on, soonest due first; overdue marked."""
    scope = scope_for(request.user)
    if not scope.is_unit:
        raise PermissionDenied("只有承办单位可以查看交办件。")
    page, query = paginate(request, selectors.unit_inbox(request.user))
    done = (Assignment.objects.filter(unit_id__in=scope.unit_ids).exclude(state__in=selectors.ACTIVE_ASSIGNMENT_STATES)
            .select_related("proposal", "unit").order_by("-closed_at", "-id")[:20])
    return render(request, "proposals/unit/inbox.html", {
        "page": page, "query": query, "today": timezone.localdate(), "done": done,
    })


@login_required
def assignment(request, pk):
    a = _assignment(request, pk)
    proposal = a.proposal
    mine = rules.is_assigned_unit(request.user, a)
    replying = a.role in REPLYING_ROLES
    context = {
        "a": a, "proposal": proposal, "mine": mine, "today": timezone.localdate(),
        "counts": selectors.contact_counts(a),
        "contacts": a.contacts.select_related("recorded_by"),
        "opinions": selectors.opinions_visible_to(request.user).filter(assignment__proposal=proposal)
        .select_related("assignment__unit").prefetch_related("attachments"),
        "replies": a.replies.select_related("category").prefetch_related("attachments").order_by("round", "id"),
        "others": proposal.assignments.exclude(pk=a.pk).select_related("unit"),
        "materials": proposal.attachments.filter(reply__isnull=True, opinion__isnull=True),
        "adjust_end": adjust_window_end(a),
        "extensions": a.extension_requests.order_by("-requested_at"),
        "adjustments": a.adjustment_requests.order_by("-requested_at"),
    }
    if mine:
        open_states = {A.ASSIGNED, A.REHANDLING}
        context |= {
            # The handling unit needs the proposer's contact for 办前沟通 (DESIGN §2.1): shown unmasked here only.
            "proposer_contact": proposal.proposer,
            "can_ack": a.state == A.ASSIGNED and a.acknowledged_at is None,
            "adjust_form": AdjustmentForm(units=lists.units_for(proposal.committee).exclude(pk=a.unit_id))
            if a.state == A.ASSIGNED and a.acknowledged_at is None else None,
            "contact_form": ContactForm(initial={"date": timezone.localdate()})
            if a.state in {A.ASSIGNED, A.REPLIED, A.ANSWERED, A.REHANDLING} else None,
            "opinion_form": OpinionForm() if a.role == AssignmentRole.CO and a.state == A.ASSIGNED else None,
            "reply_form": ReplyForm(committee=proposal.committee) if replying and a.state in open_states else None,
            "extension_form": ExtensionForm() if replying and a.state in open_states else None,
        }
    return render(request, "proposals/unit/assignment.html", context)


@login_required
@require_POST
def acknowledge(request, pk):
    a = _assignment(request, pk, act=True)
    run_service(request, services.acknowledge_assignment, success="已签收。", assignment=a)
    return redirect(_page(pk))


def _form_action(request, pk, make_form, call, success):
    """Build the action form for the assignment, validate it, then call the service with its cleaned data
    (the form fields are named as the service's keyword arguments)."""
    a = _assignment(request, pk, act=True)
    form = make_form(a)
    if form.is_valid():
        run_service(request, call, success=success, assignment=a, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(pk))


@login_required
@require_POST
def request_adjustment(request, pk):
    return _form_action(
        request, pk, lambda a: AdjustmentForm(request.POST, units=lists.units_for(a.proposal.committee)),
        services.request_adjustment, "已提交调整申请，等待机关审批。",
    )


@login_required
@require_POST
def contact(request, pk):
    return _form_action(request, pk, lambda a: ContactForm(request.POST), services.record_contact, "沟通情况已记录。")


@login_required
@require_POST
def opinion(request, pk):
    return _form_action(request, pk, lambda a: OpinionForm(request.POST, request.FILES), services.send_co_opinion,
                        "会办意见已送主办单位。")


@login_required
@require_POST
def reply(request, pk):
    return _form_action(
        request, pk, lambda a: ReplyForm(request.POST, request.FILES, committee=a.proposal.committee),
        services.submit_reply, "答复已提交，等待政协机关审核。",
    )


@login_required
@require_POST
def request_extension(request, pk):
    return _form_action(request, pk, lambda a: ExtensionForm(request.POST), services.request_extension,
                        "延期申请已提交，等待政协机关审批。")
