"""Reads of the member's side: their invitations (to answer, upcoming), this year's counts, their topics.

Only the member's own rows: everything is filtered by `member` (the caller's Scope.member)."""

from django.db.models import Q
from django.utils import timezone

from ..meetings.enums import InvitationState, MeetingState, MeetingType
from ..meetings.services import year_tallies
from ..models import ConsultSettings, Invitation, Meeting, Speech, Topic
from ..speeches.enums import SpeechState

I = InvitationState  # noqa: E741 - the table's own short name
TO_ANSWER = (I.INVITED, I.LEAVE_REFUSED)
HOME_ROWS = 10


AHEAD_READ = 200  # invitations of notified meetings ahead read for the two home lists (a member has a few)


def invitations_of(member):
    """The member's invitations with their meetings (the lists show the meeting, not its committee)."""
    return Invitation.objects.filter(member=member).select_related("meeting")


def _waits_for_answer(invitation, now):
    return invitation.state in TO_ANSWER and invitation.meeting.starts_at > now


def ahead(member, now=None, rows=HOME_ROWS):
    """(`to_answer`, `upcoming`), at most `rows` of each, from one read of the member's invitations of notified
    meetings not yet over or still to start (soonest first; the first AHEAD_READ of them)."""
    now = now or timezone.now()
    answer, coming = [], []
    read = (invitations_of(member).filter(Q(meeting__ends_at__gte=now) | Q(meeting__starts_at__gt=now),
                                          meeting__state=MeetingState.NOTIFIED)
            .exclude(state=I.DECLINED).order_by("meeting__starts_at", "pk")[:AHEAD_READ])
    for invitation in read:
        if _waits_for_answer(invitation, now):
            answer.append(invitation)
        elif invitation.meeting.ends_at >= now:
            coming.append(invitation)
    return answer[:rows], coming[:rows]


def year_counts(member, year=None):
    """This year's attendance per status, the leave asked or granted against the cap, and the cap."""
    year = year or timezone.localdate().year
    tally = year_tallies(member, member.committee, year)  # one statement for the three counts
    rows = {status: tally.get(("attendance", status), 0) for status in ("present", "online", "leave", "absent")}
    rows["year"] = year
    speeches = {state: n for (table, state), n in tally.items() if table == "speech"}
    rows["speeches"] = sum(speeches.values())
    rows["speeches_chosen"] = speeches.get(SpeechState.CHOSEN, 0) + speeches.get(SpeechState.DELIVERED, 0)
    rows["leave_taken"] = tally.get(("leave", ""), 0)
    # the committee's stored cap (read by the same statement), else the default settings_for gives
    rows["leave_cap"] = tally.get(("cap", ""), ConsultSettings(committee=member.committee).leave_cap)
    return rows


def topics_of(member):
    """The topics the member recommended (newest first), long texts left out."""
    return Topic.objects.filter(proposer=member).defer(
        "reason", "policy_basis", "situation", "problems", "directions").order_by("-created_at", "-pk")


def speeches_of(member):
    """The member's plenary speeches, newest first (long text left out)."""
    return Speech.objects.filter(member=member).select_related("meeting").defer("text").order_by("-id")


def speech_meetings(member, now=None):
    """Plenary meetings of the member's committee they are invited to, not yet started, without their speech."""
    now = now or timezone.now()
    return (Meeting.objects.filter(pk__in=Invitation.objects.filter(member=member).values("meeting_id"),
                                   committee_id=member.committee_id, meeting_type=MeetingType.PLENARY,
                                   state__in=[MeetingState.PLANNED, MeetingState.NOTIFIED], starts_at__gt=now)
            .exclude(pk__in=Speech.objects.filter(member=member).values("meeting_id")).order_by("starts_at", "pk"))
