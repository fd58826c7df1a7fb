"""The member's side of consultation: invitations (answer, leave), QR and online sign-in, 委员荐题, the
private calendar feed; and the QR code staff show at the venue.

Objects come through the selectors of consult/selectors.py (outside them: 404); the services check that
the member acts on their own invitation (otherwise 403) and the rules (a clear message, nothing changed)."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.scopes import scope_for

from .. import selectors as consult_selectors
from ..errors import ConsultError, ConsultPermissionError
from ..meetings import checkin
from ..meetings import services as meetings
from ..meetings.enums import MeetingState
from ..pages import form_failed, paginate, run_service
from ..topics import services as topics
from . import selectors
from .calendar import feed_response
from .forms import LeaveForm, RecommendForm
from .services import calendar_feed, reset_calendar_token


def _member(request):
    member = scope_for(request.user).member
    if member is None:
        raise PermissionDenied(_("只有委员本人可以访问此页面。"))
    return member


def _back(request, default="home"):
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


def home_context(request, member, *, feed=True):
    """The consultation part of a member's home page (a few rows each; the full lists have their pages).

    The calendar feed's private address is shown on 我的协商活动 (`feed`), the home page only links there:
    a home page is the one a member opens in front of others (a meeting's projector, a shared screen)."""
    to_answer, upcoming = selectors.ahead(member)
    context = {
        "consult_to_answer": _decorate(to_answer),
        "consult_upcoming": _decorate(upcoming),
        "consult_counts": selectors.year_counts(member),
        "consult_topics": list(selectors.topics_of(member)[:5]),
    }
    if feed:
        token = calendar_feed(member).token
        context["consult_feed_url"] = request.build_absolute_uri(reverse("consult:calendar_feed", args=[token]))
    return context


def _decorate(invitations):
    """Mark what the member may do on each row: answer (a notified meeting not yet started), sign in online."""
    rows, now = list(invitations), timezone.now()
    for invitation in rows:
        meeting = invitation.meeting
        invitation.signin_open = checkin.is_open(meeting, now)
        invitation.answerable = meeting.state == MeetingState.NOTIFIED and meeting.starts_at > now
    return rows


@login_required
@require_GET
def my_meetings(request):
    """我的协商活动: every invitation, newest meeting first, with this year's counts and the calendar feed."""
    member = _member(request)
    page, query = paginate(request, selectors.invitations_of(member).order_by("-meeting__starts_at", "-pk"))
    page.object_list = _decorate(page.object_list)
    from ..speeches.forms import SpeechForm

    return render(request, "consult/member/meetings.html", {
        "member": member, "page": page, "query": query, **home_context(request, member),
        "speeches": list(selectors.speeches_of(member)[:20]),
        "speech_meetings": [(m, SpeechForm(auto_id=f"speech{m.pk}_%s")) for m in selectors.speech_meetings(member)[:20]],
    })


@login_required
@require_POST
def answer(request, pk):
    """参加 / 不参加 / 请假 (with a reason) on the member's own invitation."""
    invitation = get_object_or_404(
        consult_selectors.invitations_visible_to(request.user).select_related("meeting__committee", "member"), pk=pk)
    choice = request.POST.get("answer")
    if choice == "accept":
        run_service(request, meetings.accept, invitation=invitation, success=_("已确认参加。"))
    elif choice == "decline":
        run_service(request, meetings.decline, invitation=invitation, success=_("已答复不参加。"))
    elif choice == "leave":
        form = LeaveForm(request.POST)
        if form.is_valid():
            run_service(request, meetings.ask_leave, invitation=invitation, reason=form.cleaned_data["reason"],
                        success=_("请假申请已提交，等待工作人员审批。"))
        else:
            form_failed(request, form)
    else:
        messages.error(request, _("请选择参加、不参加或请假。"))
    return _back(request)


@login_required
@require_POST
def attend_online(request, pk):
    """我已在线参会 at an online meeting the member is invited to, within its window."""
    meeting = get_object_or_404(consult_selectors.meetings_visible_to(request.user), pk=pk)
    result = run_service(request, checkin.attend_online, meeting=meeting, success="")
    if result is not None:
        messages.success(request, _("已记录线上出席：%(title)s。") % {"title": meeting.title} if result[1]
                         else _("您已签到，无需重复操作。"))
    return _back(request)


@never_cache
@login_required
@require_GET
def sign_in(request, pk, token):
    """The QR code's link: the member who opens it is recorded present (only during the meeting's window).

    A GET, because a phone's camera opens the link; it records only the signed-in member's own attendance
    for the meeting the token was signed for, once (opening it again changes nothing)."""
    try:
        attendance, created = checkin.sign_in(meeting_pk=pk, token=token, actor=request.user)
    except ConsultPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ConsultError as exc:
        return render(request, "consult/member/checkin.html", {"error": exc.message}, status=400)
    return render(request, "consult/member/checkin.html", {
        "attendance": attendance, "meeting": attendance.meeting, "created": created})


@never_cache
@login_required
@require_GET
def meeting_qr(request, pk):
    """The meeting's sign-in QR code as an SVG image, for staff who manage the meeting (to show at the venue)."""
    meeting = get_object_or_404(consult_selectors.meetings_visible_to(request.user).select_related("committee"), pk=pk)
    if not scope_for(request.user).can_manage(meeting.committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以展示签到二维码。"))
    url = request.build_absolute_uri(reverse("consult:sign_in", args=[meeting.pk, checkin.make_token(meeting)]))
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=False,
                                    title=_("签到二维码：%(title)s") % {"title": meeting.title})
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
@require_http_methods(["GET", "POST"])
def recommend(request):
    """委员荐题: the member recommends a topic to their committee (the five 预可研 elements optional)."""
    member = _member(request)
    form = RecommendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            topics.propose_topic(actor=request.user, source="member", committee=member.committee, proposer=member,
                                 **values)
        except ConsultPermissionError as exc:
            raise PermissionDenied(exc.message) from exc
        except ConsultError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("议题已推荐，政协机关将开展预可研。"))
            return redirect("consult:my_topics")
    return render(request, "consult/member/recommend.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def my_topics(request):
    member = _member(request)
    page, query = paginate(request, selectors.topics_of(member))
    return render(request, "consult/member/topics.html", {"page": page, "query": query})


@login_required
@require_POST
def calendar_reset(request):
    """A new private token: the old subscription URL stops working."""
    _member(request)
    reset_calendar_token(actor=request.user)
    messages.success(request, _("已生成新的日历订阅地址，原地址已失效，请在手机日历中重新订阅。"))
    return _back(request, "consult:my_meetings")


@never_cache
@require_GET
def calendar(request, token):
    """The private iCalendar feed (no login: the token is the secret; an unknown token is 404)."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("member").filter(token=token, member__active=True).first()
    if feed is None:
        raise Http404
    return feed_response(request, feed.member)
