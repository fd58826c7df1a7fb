"""Pages of a handling unit: the inbox of assignments and one assignment with its actions
(签收, 申请调整, 沟通记录, 会办意见, 答复, 申请延期, 回头看)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members import privacy
from members.scopes import scope_for
from portal.audit import timeline
from supervision.enums import ObligationKind

from .. import rules, selectors, services
from ..enums import REPLYING_ROLES, AssignmentRole, AssignmentState, ReplyState, RequestState, Satisfaction
from ..forms import AdjustmentForm, ContactForm, ExtensionForm, OpinionForm, ReplyForm, ReviewReportForm
from ..letters import letter_frame
from ..models import Assignment, Reply
from ..services.deadlines import adjust_window_end, pending
from . import lists
from .common import form_failed, keep_input, kept_input, paginate, run_service

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
        raise PermissionDenied(_("只有承办该提案的单位可以执行此操作。"))
    return a


def _page(pk):
    return reverse("proposals:assignment", args=[pk])


@login_required
def inbox(request):
    """交办件: the unit's assignments still to act on, soonest due first; overdue marked."""
    scope = scope_for(request.user)
    if not scope.is_unit:
        raise PermissionDenied(_("只有承办单位可以查看交办件。"))
    last_reply = Reply.objects.filter(assignment=OuterRef("pk")).order_by("-id").values("state")[:1]
    page, query = paginate(request, selectors.unit_inbox(request.user).annotate(last_reply_state=Subquery(last_reply)))
    # the latest twenty closed, chosen from the assignments alone and then joined: joined first, a unit's
    # thousand closed assignments over ten years each fetched its proposal before the sort kept twenty
    latest = (Assignment.objects.filter(unit_id__in=scope.unit_ids).exclude(state__in=selectors.ACTIVE_ASSIGNMENT_STATES)
              .order_by("-closed_at", "-id").values("pk")[:20])
    done = (Assignment.objects.filter(pk__in=latest).select_related("proposal", "unit")
            .defer(*selectors.PROPOSAL_TEXTS).order_by("-closed_at", "-id"))
    return render(request, "proposals/unit/inbox.html", {
        "page": page, "query": query, "today": timezone.localdate(), "done": done,
    })


@login_required
def assignment(request, pk):
    """One assignment with the unit's action forms; a form refused a moment ago comes back with its input."""
    a = _assignment(request, pk)
    proposal = a.proposal
    mine = rules.is_assigned_unit(request.user, a)
    replying = a.role in REPLYING_ROLES
    ratings = Prefetch("ratings", queryset=selectors.ratings_visible_to(request.user).select_related("rater"),
                       to_attr="visible_ratings")
    replies = list(a.replies.select_related("category").prefetch_related("attachments", ratings).order_by("round", "id"))
    context = {
        "a": a, "proposal": proposal, "mine": mine, "today": timezone.localdate(),
        "counts": selectors.contact_counts(a),
        "contacts": a.contacts.select_related("recorded_by"),
        "opinions": selectors.opinions_visible_to(request.user).filter(assignment__proposal=proposal)
        .select_related("assignment__unit").prefetch_related("attachments"),
        "replies": replies,
        "sent_back": replies[-1] if replies and replies[-1].state == ReplyState.SENT_BACK
        and a.state in {A.ASSIGNED, A.REHANDLING} else None,
        "unsatisfied": [rt for r in replies if r.round == a.round - 1 for rt in r.visible_ratings
                        if rt.result == Satisfaction.UNSATISFIED] if a.state == A.REHANDLING else [],
        "others": proposal.assignments.exclude(pk=a.pk).select_related("unit"),
        "materials": proposal.attachments.filter(reply__isnull=True, opinion__isnull=True),
        "adjust_end": adjust_window_end(a),
        "extensions": list(a.extension_requests.order_by("-requested_at")),
        "adjustments": a.adjustment_requests.order_by("-requested_at"),
        "review_reports": a.review_reports.select_related("reported_by"),
        "review_due": pending(a, ObligationKind.REVIEW).first(),
    }
    if a.state == A.REHANDLING and not context["unsatisfied"]:
        # re-handling ordered by staff: the unit reads their note
        context["rehandle_order"] = timeline(a).filter(action="rehandle").order_by("-at", "-id").first()
    if mine:
        open_states = {A.ASSIGNED, A.REHANDLING}
        context |= {
            # The handling unit needs the proposer's contact for 办前沟通 (DESIGN §2.1): members.privacy grants it.
            "proposer_contact": {"name": proposal.proposer.name, **privacy.member_values(
                request.user, proposal.proposer, privacy.proposer_contact_access(request.user, proposal))},
            "can_ack": a.state == A.ASSIGNED and a.acknowledged_at is None,
            "adjust_form": AdjustmentForm(units=lists.units_for(proposal.committee).exclude(pk=a.unit_id))
            if a.state == A.ASSIGNED and a.acknowledged_at is None else None,
            "contact_form": ContactForm(initial={"date": timezone.localdate()})
            if a.state in {A.ASSIGNED, A.REPLIED, A.ANSWERED, A.REHANDLING} else None,
            "opinion_form": OpinionForm() if a.role == AssignmentRole.CO and a.state == A.ASSIGNED else None,
            "reply_form": ReplyForm(committee=proposal.committee) if replying and a.state in open_states else None,
            # what the generated letter adds around the unit's text, shown beside the form
            "letter_frame": letter_frame(a) if replying and a.state in open_states else None,
            # one extension request at a time: none while one waits for staff (see 申请记录)
            "extension_form": ExtensionForm() if replying and a.state in open_states
            and not any(r.state == RequestState.PENDING for r in context["extensions"]) else None,
            "review_form": ReviewReportForm() if context["review_due"] else None,
        }
        for name, form_class in _FORMS.items():
            data = kept_input(request, f"{name}-{a.pk}")
            if data is not None and context.get(name) is not None:
                context[name] = form_class(data, **_form_kwargs(name, a))
    return render(request, "proposals/unit/assignment.html", context)


@login_required
@require_POST
def acknowledge(request, pk):
    a = _assignment(request, pk, act=True)
    run_service(request, services.acknowledge_assignment, success=_("已签收。"), assignment=a)
    return redirect(_page(pk))


def _form_action(request, pk, name, call, success):
    """Validate the action form `name` for the assignment, then call the service with its cleaned data (the
    form fields are named as the service's keyword arguments). Back to the assignment page either way; a
    refused form's input is kept for it."""
    a = _assignment(request, pk, act=True)
    form = _FORMS[name](request.POST, request.FILES, **_form_kwargs(name, a))
    if form.is_valid():
        if run_service(request, call, success=success, assignment=a, **form.cleaned_data) is not None:
            return redirect(_page(pk))
    else:
        form_failed(request, form)
    keep_input(request, f"{name}-{pk}")
    return redirect(_page(pk))


_FORMS = {"adjust_form": AdjustmentForm, "contact_form": ContactForm, "opinion_form": OpinionForm,
          "reply_form": ReplyForm, "extension_form": ExtensionForm, "review_form": ReviewReportForm}


def _form_kwargs(name, a):
    if name == "adjust_form":
        return {"units": lists.units_for(a.proposal.committee).exclude(pk=a.unit_id)}
    if name == "reply_form":
        return {"committee": a.proposal.committee}
    return {}


@login_required
@require_POST
def request_adjustment(request, pk):
    return _form_action(request, pk, "adjust_form", services.request_adjustment, _("已提交调整申请，等待机关审批。"))


@login_required
@require_POST
def contact(request, pk):
    return _form_action(request, pk, "contact_form", services.record_contact, _("沟通情况已记录。"))


@login_required
@require_POST
def opinion(request, pk):
    return _form_action(request, pk, "opinion_form", services.send_co_opinion, _("会办意见已送主办单位。"))


@login_required
@require_POST
def reply(request, pk):
    return _form_action(request, pk, "reply_form", services.submit_reply, _("答复已提交，等待政协机关审核。"))


@login_required
@require_POST
def request_extension(request, pk):
    return _form_action(request, pk, "extension_form", services.request_extension, _("延期申请已提交，等待政协机关审批。"))


@login_required
@require_POST
def review_report(request, pk):
    return _form_action(request, pk, "review_form", services.record_review_report, _("回头看情况已报送。"))
