"""Pages of 委员接待日: staff run studios and plan the year's roster (office viewers and leaders read), the
month's reception days with who is on duty; members see their studios and duties on their phone, confirm,
ask to swap, record unavailable dates and, on the day, what residents raised. Every POST calls one service
and redirects with a message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Committee, Member, ReceptionDuty
from members.scopes import scope_for
from portal.audit import audit_export
from portal.documents.workbook import DATE, Column, WorkbookWriter, xlsx_response

from ..forms import NoteForm
from ..pages import form_failed, paginate, require_manage, require_reader, run_service, timeline_rows
from . import selectors, services
from .enums import DAY_ACTIONS, DUTY_ACTIONS, OPEN_DUTY, SWAP_ACTIONS, DayState, SwapState
from .forms import IssueFormSet, MonthForm, RecordForm, RosterForm, StudioForm, SwapForm, UnavailabilityForm

MEMBER_ACTIONS = {"accept", "decline", "withdraw"}
STAFF_ACTIONS = {"approve", "refuse"}


def _member(request):
    member = scope_for(request.user).member
    if member is None:
        raise PermissionDenied(_("只有委员本人可以访问此页面。"))
    return member


def _back(request, default):
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


def _month(request):
    form = MonthForm(request.GET)
    month = form.cleaned_data.get("month") if form.is_valid() else None
    if month is None or not 2000 <= month.year <= 2100:  # the pager links stay valid dates
        return timezone.localdate().replace(day=1)
    return month


def _managed_committees(request):
    scope = scope_for(request.user)
    if scope.is_superuser:
        return Committee.objects.order_by("path")
    return Committee.objects.filter(pk__in=scope.committee_ids(manage=True)).order_by("path")


# ---- staff: studios


@login_required
@require_GET
def studio_list(request):
    """工作室: the studios of the reader's subtree (filter by name, kind), with their member counts."""
    require_reader(request)
    qs = selectors.studios_visible_to(request.user).select_related("committee").order_by("committee__path", "name")
    name = (request.GET.get("q") or "")[:50].strip()
    if name:
        qs = qs.filter(name__contains=name)
    page, query = paginate(request, qs)
    counts = dict(Member.studios.through.objects.filter(studio_id__in=[s.pk for s in page])
                  .values("studio_id").annotate(n=Count("id"))
                  .values_list("studio_id", "n"))
    for s in page:
        s.n_members = counts.get(s.pk, 0)
    return render(request, "consult/reception/studio_list.html", {
        "page": page, "query": query, "q": name, "can_create": scope_for(request.user).is_staff})


@login_required
@require_http_methods(["GET", "POST"])
def studio_create(request):
    require_reader(request)
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("只有政协机关工作人员可以执行此操作。"))
    form = StudioForm(request.POST or None, committees=_managed_committees(request))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            committee = data.pop("committee")
            studio = run_service(request, services.create_studio, success=_("工作室已建立。"), committee=committee,
                                 **data)
            if studio is not None:
                return redirect("consult:reception_studio", studio.pk)
        else:
            form_failed(request, form)
    return render(request, "consult/reception/studio_form.html", {"form": form, "studio": None})


@login_required
@require_http_methods(["GET", "POST"])
def studio_edit(request, pk):
    require_reader(request)
    studio = get_object_or_404(selectors.studios_visible_to(request.user).select_related("committee"), pk=pk)
    require_manage(request, studio.committee)
    initial = {f: getattr(studio, f) for f in ("name", "kind", "address", "opening_hours", "phone", "sector",
                                               "reception_day", "duty_size", "active")}
    initial["members"] = list(studio.members.all())
    form = StudioForm(request.POST or None, committee=studio.committee, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            if run_service(request, services.update_studio, success=_("工作室已保存。"), studio=studio,
                           **form.cleaned_data) is not None:
                return redirect("consult:reception_studio", studio.pk)
        else:
            form_failed(request, form)
    return render(request, "consult/reception/studio_form.html", {"form": form, "studio": studio})


@login_required
@require_GET
def studio_detail(request, pk):
    """A studio: its details and members, the month's reception days with who is on duty and whether they
    confirmed, and (for its staff) the roster and unavailable-date forms."""
    require_reader(request)
    studio = get_object_or_404(selectors.studios_visible_to(request.user).select_related("committee", "sector"), pk=pk)
    month = _month(request)
    can_manage = scope_for(request.user).can_manage(studio.committee)
    members = list(studio.members.order_by("name"))
    year = month.year
    counts = selectors.duty_counts(year=year, member_ids=[m.pk for m in members])
    planned = dict(_year_counts(studio, year))
    for m in members:
        m.done_count, m.planned_count = counts.get(m.pk, 0), planned.get(m.pk, 0)
    return render(request, "consult/reception/studio_detail.html", {
        "studio": studio, "members": members, "month": month, "prev": _shift(month, -1), "next": _shift(month, 1),
        "rows": selectors.month_roster([studio], month.year, month.month), "can_manage": can_manage,
        "roster_form": RosterForm(initial={"year": timezone.localdate().year}),
        "unavailable_form": UnavailabilityForm(members=studio.members.order_by("name")),
        "unavailable": selectors.unavailability_visible_to(request.user).filter(
            member__in=members, end_date__gte=timezone.localdate()).select_related("member")[:50],
    })


def _year_counts(studio, year):
    return (ReceptionDuty.objects.filter(studio=studio, date__year=year).values("member_id")
            .annotate(n=Count("id")).values_list("member_id", "n"))


def _shift(month, months):
    y, m = divmod(month.month - 1 + months, 12)
    return dt.date(month.year + y, m + 1, 1)


@login_required
@require_POST
def roster_generate(request, pk):
    studio = get_object_or_404(selectors.studios_visible_to(request.user).select_related("committee"), pk=pk)
    require_manage(request, studio.committee)
    form = RosterForm(request.POST)
    if form.is_valid():
        result = run_service(request, services.generate_roster, success="", studio=studio, year=form.cleaned_data["year"])
        if result is not None:
            messages.success(request, _("排班完成：新排 %(created)d 人次，调整掉 %(removed)d 人次，保留 %(kept)d 人次。") % result)
    else:
        form_failed(request, form)
    return redirect("consult:reception_studio", studio.pk)


@login_required
@require_GET
def calendar(request):
    """接待日安排: the month's reception days of every studio the reader sees, with who is on duty."""
    require_reader(request)
    month = _month(request)
    days = (selectors.days_visible_to(request.user).filter(date__year=month.year, date__month=month.month)
            .select_related("studio").order_by("date", "studio__name", "pk"))
    page, query = paginate(request, days)
    duties = {}
    keys = [(d.studio_id, d.date) for d in page]
    for duty in (ReceptionDuty.objects.filter(studio_id__in={k[0] for k in keys}, date__year=month.year,
                                              date__month=month.month).select_related("member")):
        duties.setdefault((duty.studio_id, duty.date), []).append(duty)
    rows = [(day, duties.get((day.studio_id, day.date), [])) for day in page]
    return render(request, "consult/reception/calendar.html", {
        "page": page, "query": query, "rows": rows, "month": month, "prev": _shift(month, -1),
        "next": _shift(month, 1), "swaps": selectors.swaps_to_approve(request.user)[:50]})


@login_required
@require_GET
def export_roster(request):
    """The year's roster of one committee (every studio in its subtree the reader sees) as a workbook."""
    require_reader(request)
    form = RosterForm(request.GET)
    committee_id = request.GET.get("committee") or ""
    if not form.is_valid() or not committee_id.isdigit() or len(committee_id) > 9:
        return HttpResponse(_("请指定政协组织和年度。"), status=400, content_type="text/plain; charset=utf-8")
    scope = scope_for(request.user)
    committee = get_object_or_404(Committee, pk=int(committee_id))
    if not (scope.is_superuser or scope.can_read(committee)):
        raise Http404
    year = form.cleaned_data["year"]
    duties = (selectors.duties_visible_to(request.user)
              .filter(studio__committee__path__startswith=committee.path, date__year=year)
              .select_related("studio", "member").order_by("studio__name", "date", "member__name"))
    book = WorkbookWriter(committee=committee.name, subject=f"{year}年委员接待日排班")
    rows = ((d.studio.name, d.date, d.member.name, d.get_state_display(), d.note) for d in duties)
    count = book.add_table("排班表", [Column("工作室"), Column("接待日期", DATE), Column("值班委员"), Column("状态"),
                                   Column("备注")], rows)
    audit_export(request, "reception_roster", count)
    return xlsx_response(book.to_bytes(), book.filename())


# ---- a reception day


@login_required
@require_GET
def day_detail(request, pk):
    day = get_object_or_404(selectors.days_visible_to(request.user).select_related("studio__committee",
                                                                                   "recorded_by"), pk=pk)
    duties = list(ReceptionDuty.objects.filter(studio=day.studio, date=day.date).select_related("member")
                  .order_by("member__name"))
    member = scope_for(request.user).member
    on_duty = member is not None and any(d.member_id == member.pk and d.state in OPEN_DUTY for d in duties)
    can_record = (day.state == DayState.PLANNED and day.date <= timezone.localdate()
                  and (on_duty or scope_for(request.user).can_manage(day.studio.committee)))
    open_duties = [d for d in duties if d.state in OPEN_DUTY]
    return render(request, "consult/reception/day_detail.html", {
        "day": day, "duties": duties, "issues": day.issues.all(), "can_record": can_record,
        "form": RecordForm(duties=open_duties), "formset": IssueFormSet(prefix="issues"),
        "timeline": timeline_rows(day, DAY_ACTIONS, DayState)})


@login_required
@require_POST
def day_record(request, pk):
    day = get_object_or_404(selectors.days_visible_to(request.user).select_related("studio__committee"), pk=pk)
    open_duties = list(ReceptionDuty.objects.filter(studio=day.studio, date=day.date, state__in=OPEN_DUTY)
                       .select_related("member"))
    form = RecordForm(request.POST, duties=open_duties)
    formset = IssueFormSet(request.POST, prefix="issues")
    if not form.is_valid():
        form_failed(request, form)
    elif not formset.is_valid():
        messages.error(request, _("问题登记有误：%(errors)s") % {
            "errors": "；".join(str(e) for f in formset.errors for errs in f.values() for e in errs)
            or "；".join(formset.non_form_errors())})
    else:
        issues = [f.cleaned_data for f in formset if f.cleaned_data and not f.is_blank()]
        data = form.cleaned_data
        run_service(request, services.record_day, success=_("接待情况已登记。"), day=day, visitors=data["visitors"],
                    summary=data["summary"], issues=issues, absent=data["absent"])
    return redirect("consult:reception_day", day.pk)


# ---- swaps


@login_required
@require_POST
def swap_act(request, pk, action):
    """同意 / 不同意 / 撤回 (the members) and 批准 / 不批准 (staff of the studio's committee)."""
    if action not in SWAP_ACTIONS:
        raise Http404
    swap = get_object_or_404(selectors.swaps_visible_to(request.user).select_related("duty__studio__committee"),
                             pk=pk)
    if action in STAFF_ACTIONS:
        require_manage(request, swap.duty.studio.committee)
    form = NoteForm(request.POST)
    if form.is_valid():
        fn = getattr(services, f"{action}_swap")
        run_service(request, fn, swap=swap, note=form.cleaned_data["note"],
                    success=_("已执行：%(action)s。") % {"action": SWAP_ACTIONS[action].label})
    else:
        form_failed(request, form)
    return _back(request, "consult:reception_calendar" if action in STAFF_ACTIONS else "consult:my_reception")


# ---- unavailable dates (the member for themselves; staff for a studio's member)


@login_required
@require_POST
def unavailable_add(request):
    scope = scope_for(request.user)
    members = None if scope.member is not None and not request.POST.get("member") else (
        Member.objects.filter(scope.committee_q(manage=True)) if not scope.is_superuser else Member.objects.all())
    if members is not None and not scope.is_staff:
        raise PermissionDenied(_("只能登记自己的不便值班日期。"))
    form = UnavailabilityForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        member = data.get("member") or scope.member
        run_service(request, services.add_unavailability, success=_("不便值班日期已登记，下次排班时避开。"),
                    member=member, start_date=data["start_date"], end_date=data["end_date"], reason=data["reason"])
    else:
        form_failed(request, form)
    return _back(request, "consult:my_reception")


@login_required
@require_POST
def unavailable_delete(request, pk):
    entry = get_object_or_404(selectors.unavailability_visible_to(request.user).select_related("member__committee"),
                              pk=pk)
    run_service(request, services.remove_unavailability, success=_("已删除。"), entry=entry)
    return _back(request, "consult:my_reception")


# ---- the member's page


@login_required
@require_GET
def my_reception(request):
    """我的接待日: studios, upcoming duties (confirm, swap), days to record, swap requests, unavailable dates."""
    member = _member(request)
    today = timezone.localdate()
    upcoming = list(selectors.upcoming_duties(member, today)[:24])
    others = list(selectors.others_on_duty({d.studio_id for d in upcoming}, member, today)[:500])
    for duty in upcoming:
        duty.can_confirm = duty.state in DUTY_ACTIONS["confirm"].sources
        partners = [p for p in others if p.studio_id == duty.studio_id and p.date != duty.date][:50]
        duty.swap_form = SwapForm(partners=partners) if partners and duty.date > today else None
    to_record = list(selectors.duties_to_record(member, today))
    days = {(d.studio_id, d.date): d for d in selectors.days_visible_to(request.user).filter(
        studio_id__in={x.studio_id for x in to_record}, date__in={x.date for x in to_record}, state=DayState.PLANNED)
    } if to_record else {}
    for duty in to_record:
        duty.day = days.get((duty.studio_id, duty.date))
    swaps = list(selectors.swaps_of(member)[:20])
    for s in swaps:
        s.incoming = s.other_member_id == member.pk and s.state == SwapState.REQUESTED
        s.withdrawable = s.requester_id == member.pk and s.state in (SwapState.REQUESTED, SwapState.ACCEPTED)
    return render(request, "consult/reception/my_reception.html", {
        "member": member, "studios": member.studios.filter(active=True).order_by("name"), "upcoming": upcoming,
        "to_record": to_record, "swaps": swaps,
        "unavailable": member.unavailability.filter(end_date__gte=today).order_by("start_date")[:20],
        "unavailable_form": UnavailabilityForm(),
        "done_this_year": selectors.duty_counts(year=today.year, member_ids=[member.pk]).get(member.pk, 0),
    })


@login_required
@require_POST
def duty_confirm(request, pk):
    duty = get_object_or_404(selectors.duties_visible_to(request.user).select_related("studio"), pk=pk)
    run_service(request, services.confirm_duty, success=_("已确认值班。"), duty=duty)
    return _back(request, "consult:my_reception")


@login_required
@require_POST
def duty_swap(request, pk):
    duty = get_object_or_404(selectors.duties_visible_to(request.user).select_related("studio", "member"), pk=pk)
    today = timezone.localdate()
    partners = list(selectors.swap_partners(duty, today)[:50])
    form = SwapForm(request.POST, partners=partners)
    if form.is_valid():
        other = next(d for d in partners if d.pk == form.cleaned_data["other_duty"])
        run_service(request, services.request_swap, success=_("换班申请已发出，等待对方同意。"), duty=duty,
                    other_duty=other, reason=form.cleaned_data["reason"])
    else:
        form_failed(request, form)
    return _back(request, "consult:my_reception")

