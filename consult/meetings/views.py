"""Meeting pages for staff (office viewers and leaders read): the list, a month calendar, organise a meeting,
and a meeting with its invitations, leave requests, attendance and the actions notify / hold / cancel."""

import calendar
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.scopes import scope_for

from .. import selectors
from ..downloads import may_download_notice
from ..forms import (
    AttendanceForm,
    InviteForm,
    LeaveDecisionForm,
    MeetingFilterForm,
    MeetingForm,
    NoteForm,
    ReasonForm,
)
from ..pages import form_failed, paginate, require_manage, require_reader, require_staff, run_service, timeline_rows
from ..topics.views import managed_committees
from . import services
from .enums import MEETING_ACTIONS, ONLINE_MODES, InvitationState, MeetingState, MeetingType

PAGE_ACTIONS = ("notify", "hold", "cancel")


def _page(pk):
    return reverse("consult:meeting", args=[pk])


@login_required
def meeting_list(request):
    scope = require_reader(request)
    form = MeetingFilterForm(request.GET or None)
    meetings = selectors.meetings_visible_to(request.user).select_related("committee")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            meetings = meetings.filter(state=data["state"])
        if data["meeting_type"]:
            meetings = meetings.filter(meeting_type=data["meeting_type"])
        if data["year"]:
            meetings = meetings.filter(starts_at__year=data["year"])
    page, query = paginate(request, meetings.order_by("-starts_at", "-id"))
    return render(request, "consult/staff/meeting_list.html", {
        "form": form, "page": page, "query": query, "can_create": scope.is_staff,
    })


def _month(value):
    """(year, month) from "YYYY-MM", else this month's."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    today = timezone.localdate()
    return today.year, today.month


@login_required
def meeting_calendar(request):
    """The month as a table of weeks, each day with its meetings (no script)."""
    require_reader(request)
    year, month = _month(request.GET.get("month"))
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day = {}
    rows = (selectors.meetings_visible_to(request.user).filter(starts_at__gte=start, starts_at__lt=end)
            .select_related("committee").order_by("starts_at", "id")[:500])
    for m in rows:
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    weeks = [[(day, by_day.get(day, [])) if day.month == month else (None, []) for day in week]
             for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    return render(request, "consult/staff/meeting_calendar.html", {
        "weeks": weeks, "month_start": first, "today": timezone.localdate(),
        "previous": f"{previous.year}-{previous.month:02d}", "next": f"{following.year}-{following.month:02d}",
    })


@login_required
def meeting_create(request):
    require_staff(request)
    committees = managed_committees(request.user)
    topics = selectors.topics_visible_to(request.user).filter(state__in=services.MEETING_TOPIC_STATES,
                                                              committee__in=committees)
    initial = {}
    topic_id = request.GET.get("topic", "")
    if topic_id.isdigit() and len(topic_id) <= 9:
        topic = topics.filter(pk=topic_id).select_related("committee").first()
        if topic is not None:
            initial = {"topic": topic, "committee": topic.committee, "title": topic.title}
    form = MeetingForm(request.POST or None, committees=committees, topics=topics, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            meeting = run_service(request, services.create_meeting, success=_("协商活动已建立。"), **form.cleaned_data)
            if meeting is not None:
                return redirect(_page(meeting.pk))
        else:
            form_failed(request, form)
    return render(request, "consult/staff/meeting_form.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(selectors.meetings_visible_to(request.user).select_related("committee", "topic", "plan_item"),
                             pk=pk)


@login_required
def meeting_detail(request, pk):
    require_reader(request)
    meeting = _visible(request, pk)
    manage = scope_for(request.user).can_manage(meeting.committee)
    invitations = list(meeting.invitations.select_related("member").order_by("member__name", "id"))
    attendance = {a.member_id: a for a in meeting.attendance.all()}
    for invitation in invitations:
        invitation.attendance = attendance.get(invitation.member_id)
    open_ = meeting.state in {MeetingState.PLANNED, MeetingState.NOTIFIED}
    context = {
        "meeting": meeting, "manage": manage, "invitations": invitations,
        "notice_download": may_download_notice(request.user, meeting),
        "leave_requests": [i for i in invitations if i.state == InvitationState.LEAVE_REQUESTED],
        "online": meeting.mode in ONLINE_MODES,
        "timeline": timeline_rows(meeting, MEETING_ACTIONS, MeetingState,
                                  {"correct_attendance": _("更正出勤")}),
        "outcomes": meeting.outcomes.order_by("created_at", "id"),
        "has_research": meeting.topic.research.exists() if meeting.topic_id else None,
        "speeches": (list(selectors.with_speech_decision_due(meeting.speeches.select_related("member")).order_by("id"))
                     if meeting.meeting_type == MeetingType.PLENARY else None),
    }
    if manage:
        context["actions"] = [(code, MEETING_ACTIONS[code].label) for code in PAGE_ACTIONS
                              if meeting.state in MEETING_ACTIONS[code].sources]
        context["invite_form"] = InviteForm(committee=meeting.committee) if open_ else None
        context["attendance_form"] = (AttendanceForm(meeting=meeting)
                                      if invitations and meeting.state in {MeetingState.NOTIFIED, MeetingState.HELD}
                                      else None)
        context["leave_form"] = LeaveDecisionForm()
    return render(request, "consult/staff/meeting_detail.html", context)


def _managed(request, pk):
    meeting = _visible(request, pk)
    require_manage(request, meeting.committee)
    return meeting


@login_required
@require_POST
def meeting_act(request, pk, action):
    """发出通知, 标记为已召开 (不调研不协商 refused with its message) or 取消 (with the reason)."""
    if action not in PAGE_ACTIONS:
        raise Http404
    meeting = _managed(request, pk)
    done = _("已执行：%(action)s。") % {"action": MEETING_ACTIONS[action].label}
    if action == "cancel":
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_service(request, services.cancel, success=done, meeting=meeting, reason=form.cleaned_data["reason"])
        else:
            form_failed(request, form)
    else:
        form = NoteForm(request.POST)
        if form.is_valid():
            run_service(request, getattr(services, action), success=done, meeting=meeting, note=form.cleaned_data["note"])
        else:
            form_failed(request, form)
    return redirect(_page(meeting.pk))


@login_required
@require_POST
def meeting_invite(request, pk):
    meeting = _managed(request, pk)
    form = InviteForm(request.POST, committee=meeting.committee)
    if form.is_valid():
        created = run_service(request, services.invite, success="", meeting=meeting, **form.cleaned_data)
        if created is not None:
            from django.contrib import messages

            messages.success(request, _("已邀请 %(n)d 位委员。") % {"n": len(created)})
    else:
        form_failed(request, form)
    return redirect(_page(meeting.pk))


@login_required
@require_POST
def leave_decide(request, pk):
    invitation = get_object_or_404(selectors.invitations_visible_to(request.user).select_related(
        "meeting__committee", "member"), pk=pk)
    require_manage(request, invitation.meeting.committee)
    form = LeaveDecisionForm(request.POST)
    if form.is_valid():
        run_service(request, services.decide_leave, success=_("请假审批已记录。"), invitation=invitation,
                    **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(invitation.meeting_id))


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _managed(request, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        run_service(request, services.record_attendance, success=_("出勤已记录。"), meeting=meeting, **form.cleaned_data)
    else:
        form_failed(request, form)
    return redirect(_page(meeting.pk))
