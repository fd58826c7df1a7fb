"""Pages of grassroots cases (四单工作法).

- public (no login): 群众点单 (the form, with portal.public_forms' rate limit, challenge and honeypot) and the
  status page by tracking code (state and, once done, the published answer — never contact details);
- the three banks (问题库/建言库/案例库): one list of the cases the user sees, filtered;
- a case's page: its record, timeline and deadlines, and the forms of the actions the user may take;
- registering a case on a resident's behalf (staff, convenor, group leader, a member's visit);
- the member's cases: offered to their group, and claimed.
Every POST calls one service and redirects with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Committee
from members.scopes import scope_for
from members.selectors import near_committee_ids
from portal.pagination import SEARCH_EXACT_COUNT_LIMIT
from portal.public_forms import rate_limited

from ..errors import ConsultError
from ..pages import form_failed, paginate, run_service, timeline_rows
from . import deadlines, selectors, services
from .enums import ANSWERED_STATES, BANKS, CASE_ACTIONS, CaseSource, CaseState
from .forms import ACTION_FORMS, NEEDS_CASE, BankFilterForm, PublicCaseForm, RegisterForm, TrackForm
from .models import CommunityCase

FORM_NAME = "consult-public-case"
TIMELINE_EXTRA = {"create": gettext_lazy("群众点单")}
ACTION_LABELS = {"raise": gettext_lazy("提升为协商议题"), "to_proposal": gettext_lazy("转为本人提案草稿")}


# ---- public


@require_http_methods(["GET", "POST"])
def public_new(request):
    """群众点单: a resident raises an issue for their community; answered with the tracking code."""
    if request.method == "POST" and rate_limited(request, FORM_NAME):
        return render(request, "consult/cases/public_new.html", {"limited": True}, status=429)
    form = PublicCaseForm(request.POST or None, initial={"member_group": request.GET.get("group")},
                          committee=request.GET.get("committee"))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            group = data["member_group"]
            try:
                case = services.register_case(
                    actor=None, committee=group.committee, member_group=group, title=data["title"],
                    description=data["description"], source=CaseSource.PUBLIC, resident_name=data["name"],
                    resident_phone=data["phone"])
            except ConsultError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("点单已提交。请记下您的查询码 %(code)s，凭它查看办理进展。") % {
                    "code": case.code})
                return redirect(f"{reverse('consult:case_track')}?code={case.code}")
        form.renew_challenge()
    return render(request, "consult/cases/public_new.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_GET
def public_track(request):
    """The status of one case by its tracking code: state, dates, and once done the published answer."""
    form = TrackForm(request.GET or None)
    case = None
    status = 200
    if request.GET:
        if form.is_valid():
            case = (CommunityCase.objects.select_related("committee", "member_group")
                    .only("code", "title", "state", "created_at", "updated_at", "decline_reason", "answer", "outcome",
                          "committee__name", "member_group__name", "member_group__community")
                    .filter(code=form.cleaned_data["code"]).first())
            if case is None:
                form.add_error("code", _("没有找到这个查询码对应的点单，请核对后重试。"))
                status = 404
        else:
            status = 400
    return render(request, "consult/cases/public_track.html", {
        "form": form, "case": case, "answered": case is not None and case.state in ANSWERED_STATES,
    }, status=status)


# ---- the banks


def _bank_committees(request):
    scope = scope_for(request.user)
    ids = list(scope.committee_ids()) if scope.read_paths else []
    if scope.member is not None:
        ids += [c for c in (scope.member.committee_id, scope.member.township_id) if c]
    committees = Committee.objects.filter(level__in=services.CASE_LEVELS)
    if not scope.is_superuser:  # ids as one array (portal.lookups): `__in` prepared a province's 140 one by one
        committees = committees.filter(pk__anyof=ids)
    # the user's committees read once: their tops (and the one picked), and the tops' children among them
    rows = list(committees.order_by("path").values_list("pk", "path", "parent_id"))
    near = near_committee_ids(rows, request.GET.get("committee"))
    tops = set(near)
    children = [pk for pk, _path, parent in rows if parent in tops][:200]
    return committees.filter(pk__anyof=[*near, *children]).order_by("path")


@login_required
@require_GET
def bank_list(request):
    """问题库 / 建言库 / 案例库: the cases the user sees, in the bank's states, filtered and paginated."""
    visible = selectors.cases_visible_to(request.user)
    form = BankFilterForm(request.GET or None, committees=_bank_committees(request))
    data = form.cleaned_data if form.is_valid() else {}
    name = data.get("bank") or "problems"
    rows = selectors.bank(visible, name)
    group = data.get("member_group")
    rows = selectors.search(rows, committee=data.get("committee"), grade=data.get("grade", ""),
                            theme=data.get("theme", ""), year=data.get("year"), q=data.get("q", ""),
                            state=data.get("state", ""))
    if group:
        rows = rows.filter(member_group_id=group)
    if name == "advice":
        rows = rows.select_related("consultation")
    searched = bool(data.get("q", "").strip())
    page, query = paginate(request, selectors.list_rows(rows), limit=SEARCH_EXACT_COUNT_LIMIT if searched else None)
    scope = scope_for(request.user)
    can_register = scope.is_staff or scope.member is not None
    return render(request, "consult/cases/bank.html", {
        "page": page, "query": query, "form": form, "bank": name, "bank_label": BANKS[name][0], "banks": BANKS,
        "can_register": can_register,
    }, status=200 if form.is_valid() or not request.GET else 400)


# ---- a case


def _visible_case(request, pk):
    return get_object_or_404(selectors.cases_visible_to(request.user).select_related(
        "committee", "member_group__leader", "topic", "proposal", "reception_duty"), pk=pk)


def _actions_for(request, case):
    """The action forms this user may use now: {name: (label, form)}."""
    user = request.user
    manager = services.is_manager(user, case)
    claimant = services.is_claimant(user, case)
    member = scope_for(user).member
    in_group = bool(member and case.member_group_id and member.member_group_id == case.member_group_id)
    allowed = set()
    if manager:
        allowed |= {"accept", "decline", "offer", "archive"}
    if manager or claimant:
        allowed |= {"consult", "follow_up", "resolve"}
    if in_group and not claimant:
        allowed |= {"claim", "join"}
    if scope_for(user).is_staff and not case.topic_id:
        allowed.add("raise")
    if claimant and not case.proposal_id:
        allowed.add("to_proposal")
    forms = {}
    for name in [*CASE_ACTIONS, "to_proposal"]:
        action = CASE_ACTIONS["raise" if name == "to_proposal" else name]
        if name in allowed and case.state in action.sources:
            kwargs = {"case": case} if name in NEEDS_CASE else {}
            if name == "claim":
                kwargs["member"] = member
            forms[name] = (ACTION_LABELS.get(name, action.label), ACTION_FORMS[name](**kwargs))
    return forms


@login_required
@require_GET
def case_detail(request, pk):
    case = _visible_case(request, pk)
    return render(request, "consult/cases/detail.html", {
        "case": case, "show_contact": services.can_see_contact(request.user, case),
        "claims": case.claims.select_related("member").order_by("-lead", "id"),
        "consultation": getattr(case, "consultation", None),
        "follow_ups": case.follow_ups.all(),
        "obligations": deadlines.due_dates(case),
        "actions": _actions_for(request, case),
        "timeline": timeline_rows(case, CASE_ACTIONS, CaseState, TIMELINE_EXTRA),
    })


def _call(name, data):
    """The service call of action `name` with the form's cleaned data."""
    fn = {"raise": services.raise_to_topic, "follow_up": services.follow_up}.get(name) or getattr(services, name)
    if name == "accept":
        return fn, {"grade": data["grade"], "theme": data["theme"], "member_group": data.get("member_group"),
                    "note": data["note"]}
    if name == "claim":
        return fn, {"co_members": list(data["co_members"]), "note": data["note"]}
    return fn, dict(data)


@login_required
@require_POST
def case_act(request, pk, action):
    if action not in ACTION_FORMS:
        raise Http404
    case = _visible_case(request, pk)
    kwargs = {"case": case} if action in NEEDS_CASE else {}
    if action == "claim":
        kwargs["member"] = scope_for(request.user).member
    form = ACTION_FORMS[action](request.POST, **kwargs)
    if form.is_valid():
        fn, values = _call(action, form.cleaned_data)
        label = ACTION_LABELS.get(action) or CASE_ACTIONS[action].label
        run_service(request, fn, case=case, success=_("已执行：%(action)s。") % {"action": label},
                    **values)
    else:
        form_failed(request, form)
    return redirect("consult:case", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request):
    """Register a case on a resident's behalf (代群众点单)."""
    scope = scope_for(request.user)
    if not (scope.is_staff or scope.member is not None):
        raise PermissionDenied(_("只有机关工作人员、召集人、委员小组组长或委员可以代群众点单。"))
    form = RegisterForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            case = run_service(request, services.register_case, success=_("点单已登记。"), committee=d["committee"],
                               member_group=d["member_group"], title=d["title"], description=d["description"],
                               source=d["source"], resident_name=d["resident_name"], resident_phone=d["resident_phone"])
            if case is not None:
                return redirect("consult:case", pk=case.pk)
        else:
            form_failed(request, form)
    return render(request, "consult/cases/register.html", {"form": form}, status=400 if form.errors else 200)


# ---- the member's cases


@login_required
@require_GET
def my_cases(request):
    member = scope_for(request.user).member
    if member is None:
        raise PermissionDenied(_("只有委员本人可以访问此页面。"))
    offered = selectors.member_rows(selectors.offered_to_member(member))[:50]
    to_manage = selectors.to_manage_rows(member)[:50]
    page, query = paginate(request, selectors.member_rows(selectors.claimed_by_member(member)))
    counts = selectors.member_counts([member]).get(member.pk, {"claimed": 0, "led": 0, "resolved": 0})
    return render(request, "consult/cases/mine.html", {"offered": offered, "to_manage": to_manage, "page": page,
                                                        "query": query,
                                                        "counts": counts})
