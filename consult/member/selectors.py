"""Reads of the member's side: their invitations (to answer, upcoming), this year's counts, their topics.

Only the member's own rows: everything is filtered by `member` (the caller's Scope.member)."""

from django.db.models import Count, Q
from django.utils import timezone

from ..deadlines import settings_for
from ..meetings.enums import InvitationState, MeetingState, MeetingType
from ..meetings.services import leave_taken
from ..models import Attendance, Invitation, Meeting, Speech, Topic
from ..speeches.enums import SpeechState

I = InvitationState  # noqa: E741 - the table's own short name
TO_ANSWER = (I.INVITED, I.LEAVE_REFUSED)
HOME_ROWS = 10


def invitations_of(member):
    return Invitation.objects.filter(member=member).select_related("meeting__committee")


def to_answer(member, now=None):
    """Invitations of notified meetings still ahead that wait for the member's answer (soonest first)."""
    now = now or timezone.now()
    return invitations_of(member).filter(state__in=TO_ANSWER, meeting__state=MeetingState.NOTIFIED,
                                         meeting__starts_at__gt=now).order_by("meeting__starts_at", "pk")


def upcoming(member, now=None):
    """Invitations of notified meetings not yet over (soonest first), but those still to answer (`to_answer`)
    and the declined ones: answered ones, and unanswered ones of a meeting under way (to sign in)."""
    now = now or timezone.now()
    return (invitations_of(member).filter(meeting__state=MeetingState.NOTIFIED, meeting__ends_at__gte=now)
            .exclude(state=I.DECLINED).exclude(state__in=TO_ANSWER, meeting__starts_at__gt=now)
            .order_by("meeting__starts_at", "pk"))


def year_counts(member, year=None):
    """This year's attendance per status, the leave asked or granted against the cap, and the cap."""
    year = year or timezone.localdate().year
    rows = Attendance.objects.filter(member=member, meeting__starts_at__year=year).aggregate(
        present=Count("pk", filter=Q(status="present")), online=Count("pk", filter=Q(status="online")),
        leave=Count("pk", filter=Q(status="leave")), absent=Count("pk", filter=Q(status="absent")))
    rows["year"] = year
    rows.update(Speech.objects.filter(member=member, meeting__starts_at__year=year).aggregate(
        speeches=Count("pk"), speeches_chosen=Count("pk", filter=Q(state__in=[SpeechState.CHOSEN, SpeechState.DELIVERED]))))
    rows["leave_taken"] = leave_taken(member, member.committee, year)
    rows["leave_cap"] = settings_for(member.committee).leave_cap
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
