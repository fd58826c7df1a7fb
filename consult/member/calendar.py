"""A member's meetings as an iCalendar feed (RFC 5545, built with the `icalendar` package).

One VEVENT per invitation of a notified, held or cancelled meeting of the last FEED_DAYS days and the
future: a stable UID, DTSTART/DTEND in Asia/Shanghai (with its VTIMEZONE), SUMMARY, LOCATION (the venue,
or the video room's link for an online meeting), the member's answer in DESCRIPTION, STATUS CANCELLED
for a cancelled meeting. Phones poll the URL; a meeting moved or cancelled updates on the next poll."""

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..meetings.enums import ONLINE_MODES, MeetingMode, MeetingState
from .selectors import invitations_of

FEED_DAYS = 366
FEED_MAX = 500
SHOWN_STATES = (MeetingState.NOTIFIED, MeetingState.HELD, MeetingState.CANCELLED)


def feed_invitations(member, now=None):
    now = now or timezone.now()
    return (invitations_of(member).select_related("meeting__committee")
            .filter(meeting__state__in=SHOWN_STATES, meeting__ends_at__gte=now - dt.timedelta(days=FEED_DAYS))
            .order_by("meeting__starts_at", "pk")[:FEED_MAX])


def _event(invitation, host, stamp):
    meeting = invitation.meeting
    event = Event()
    event.add("uid", f"consult-meeting-{meeting.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    online = meeting.mode in ONLINE_MODES
    if meeting.mode == MeetingMode.ONLINE:
        event.add("location", meeting.video_url)
    elif meeting.venue:
        event.add("location", meeting.venue)
    if online and meeting.video_url:
        event.add("url", meeting.video_url)
    lines = [
        f"{meeting.committee.name} · {meeting.get_meeting_type_display()} · {meeting.get_mode_display()}",
        _("我的答复：%(state)s") % {"state": invitation.get_state_display()},
    ]
    if online and meeting.video_url:
        lines.append(_("视频会议链接：%(url)s") % {"url": meeting.video_url})
    if meeting.state == MeetingState.CANCELLED:
        lines.append(_("已取消：%(reason)s") % {"reason": meeting.cancel_reason})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.state == MeetingState.CANCELLED else "CONFIRMED")
    return event


def build_calendar(member, host):
    cal = Calendar()
    cal.add("prodid", "-//zhengxie-portal//consult//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("%(name)s的协商活动") % {"name": member.name})
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for invitation in feed_invitations(member, stamp):
        cal.add_component(_event(invitation, host, stamp))
    cal.add_missing_timezones()
    return cal


def feed_response(request, member):
    body = build_calendar(member, request.get_host().split(":")[0]).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="consult.ics"'
    return response
