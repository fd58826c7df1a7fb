"""Official documents of a meeting through the shared letter builder (portal.documents.letter, GB/T 9704):
the notice (会议通知) to the invited and the minutes (会议纪要).

Both are issued by the committee's office (<政协>办公室) in the ordinary format (letterhead=False: printed on
the office's own letterhead paper, or sent as it is). Their wording is Chinese whatever the interface
language: they are official documents.

- Notice: the invited (主送), subject, time, place or the video room's link, the topic and format (议程),
  who attends, what the invited must do (answer, ask leave), the contact (附注), 抄送 the participating units.
- Minutes: when and where the meeting was held, on what topic, attendance (出席, 线上出席, 请假, 缺席), the
  research behind it; then the text and recommendations of the meeting's outcome of kind 纪要 when there is
  one, else the titles of its other outcomes.
"""

import datetime as dt

from django.utils import timezone

from portal.documents.letter import Letter, chinese_date
from portal.documents.names import document_filename

from .meetings.enums import ONLINE_MODES, AttendanceStatus, InvitationState, MeetingMode
from .outcomes.enums import OutcomeKind

WEEKDAYS = "一二三四五六日"
NUMERALS = "一二三四五六七八九十"
MAX_NAMES = 200  # names listed in a document; more are summarised ("等 N 人")


def office_name(committee) -> str:
    """The issuing office: 临沭县政协办公室 (a township liaison group issues in its own name)."""
    name = committee.name
    return name if name.endswith("联络组") else f"{name}办公室"


def when_text(meeting) -> str:
    """2026年3月5日（星期四）9:00—11:00, or across days 2026年3月5日 9:00 至 2026年3月6日 11:00."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    day = f"{chinese_date(start.date())}（星期{WEEKDAYS[start.weekday()]}）"
    if start.date() == end.date():
        return f"{day}{_clock(start)}—{_clock(end)}"
    return f"{day}{_clock(start)} 至 {chinese_date(end.date())}{_clock(end)}"


def _clock(moment) -> str:
    return f"{moment.hour}:{moment:%M}"


def place_text(meeting) -> str:
    if meeting.mode == MeetingMode.ONLINE:
        return f"线上会议，视频会议链接：{meeting.video_url}"
    if meeting.mode in ONLINE_MODES:
        return f"{meeting.venue}（同时开通线上参会，视频会议链接：{meeting.video_url}）"
    return meeting.venue


def _names(names) -> str:
    names = list(names)
    if len(names) > MAX_NAMES:
        return "、".join(names[:MAX_NAMES]) + f"等 {len(names)} 人"
    return "、".join(names)


def _units(meeting):
    item = meeting.plan_item
    return [u.name for u in item.units.order_by("name")] if item is not None else []


def _sections(sections):
    """[(heading, [lines])] as numbered body paragraphs: 一、会议时间 then its lines."""
    paragraphs = []
    for number, (heading, lines) in enumerate((s for s in sections if s[1]), start=0):
        paragraphs.append(f"{NUMERALS[number]}、{heading}")
        paragraphs.extend(line for line in lines if line)
    return paragraphs


def notice_title(meeting) -> str:
    return f"关于召开{meeting.title}的通知"


def meeting_notice(meeting, *, contact="") -> Letter:
    """The notice of `meeting` to its invited members (a Letter; `.to_bytes()` gives the DOCX)."""
    invitations = list(meeting.invitations.select_related("member").order_by("-compulsory", "member__name", "id"))
    names = [i.member.name for i in invitations]
    addressee = f"{'、'.join(names)}委员" if 0 < len(names) <= 6 else "各位委员"
    kind = meeting.get_meeting_type_display()
    topic = meeting.topic
    agenda = [f"{kind}：{topic.title}。" if topic is not None else f"{kind}。"]
    if topic is not None and topic.directions:
        agenda.append(f"建言方向：{topic.directions}")
    start_day = timezone.localtime(meeting.starts_at).date()
    answer_by = chinese_date(max(timezone.localdate(), start_day - dt.timedelta(days=1)))
    duties = [f"请于{answer_by}前通过履职平台答复是否参加。因故不能参加的，请在平台上请假并说明事由。"]
    if meeting.mode in ONLINE_MODES:
        duties.append("线上参会的委员请提前十分钟进入视频会议室，调试好设备，会议期间保持在线。")
    sections = [
        ("会议时间", [when_text(meeting)]),
        ("会议地点", [place_text(meeting)]),
        ("协商议题", agenda),
        ("参加人员", [f"{_names(names)}。" if len(names) > MAX_NAMES else f"{_names(names)}委员。"] if names else []),
        ("有关要求", duties),
    ]
    opening = f"经研究，定于{when_text(meeting)}召开{meeting.title}。现将有关事项通知如下："
    return Letter(
        issuer=office_name(meeting.committee), title=notice_title(meeting), addressee=addressee,
        paragraphs=[opening, *_sections(sections)], date=timezone.localdate(), note=contact,
        copies=_units(meeting), letterhead=False,
    )


def minutes_title(meeting) -> str:
    return f"{meeting.title}纪要"


def minutes_outcome(meeting):
    """The meeting's outcome of kind 纪要 (the latest), or None."""
    return meeting.outcomes.filter(kind=OutcomeKind.MINUTES).order_by("-created_at", "-id").first()


def meeting_minutes(meeting) -> Letter:
    """The minutes of a held meeting (a Letter; `.to_bytes()` gives the DOCX)."""
    committee = meeting.committee
    topic = meeting.topic
    by_status = {status: [] for status in AttendanceStatus.values}
    for row in meeting.attendance.select_related("member").order_by("member__name", "id"):
        by_status[row.status].append(row.member.name)
    place = "线上" if meeting.mode == MeetingMode.ONLINE else meeting.venue
    subject = f"，就“{topic.title}”协商议事" if topic is not None else ""
    opening = f"{when_text(meeting)}，{committee.name}在{place}召开{meeting.title}{subject}。现将会议主要情况纪要如下。"
    attendance = [f"{label}：{_names(by_status[status])}（{len(by_status[status])} 人）。"
                  for status, label in AttendanceStatus.choices if by_status[status]]
    research = []
    if topic is not None:
        for r in topic.research.order_by("start_date", "id"):
            research.append(f"{chinese_date(r.start_date)}至{chinese_date(r.end_date)}，{r.get_kind_display()}"
                            f"{r.places}。{r.report}")
    minutes = minutes_outcome(meeting)
    if minutes is not None:
        content = [*minutes.text.splitlines(), *(f"{r.number}. {r.text}" for r in minutes.recommendations.all())]
    else:
        others = list(meeting.outcomes.order_by("created_at", "id"))
        content = [f"会议形成《{o.title}》（{o.get_kind_display()}）。" for o in others] or ["会议纪要正文尚未录入。"]
    sections = [("参加人员", attendance), ("调研视察", research), ("会议内容", content)]
    invited = meeting.invitations.exclude(state=InvitationState.DECLINED).count()
    paragraphs = [opening, *_sections(sections)]
    if invited:
        paragraphs.append(f"本次会议应到委员 {invited} 人，实到 "
                          f"{len(by_status[AttendanceStatus.PRESENT]) + len(by_status[AttendanceStatus.ONLINE])} 人。")
    return Letter(
        issuer=office_name(committee), title=minutes_title(meeting), paragraphs=paragraphs,
        date=timezone.localdate(minutes.created_at) if minutes is not None else timezone.localdate(),
        copies=_units(meeting), letterhead=False,
    )


def notice_filename(meeting) -> str:
    return document_filename(office_name(meeting.committee), notice_title(meeting), ext="docx")


def minutes_filename(meeting) -> str:
    return document_filename(office_name(meeting.committee), minutes_title(meeting), ext="docx")
