"""Reads of 委员接待日 through members.scopes: staff, office viewers and leaders see the studios, days,
duties and swaps of their subtree; a member sees the studios they belong to, those studios' days and duties,
and the swaps they are party to; units and others see nothing. Outside a selector: 404."""

from django.db.models import Count, Q
from django.utils import timezone

from members.enums import DutyState
from members.models import ReceptionDuty, Studio
from members.scopes import scope_for

from .enums import OPEN_DUTY, OPEN_SWAP
from .models import DutySwap, ReceptionDay, Unavailability

NONE = Q(pk__lt=0)


def _visible(model, user, committee, member):
    scope = scope_for(user)
    if not scope.authenticated:
        return model.objects.none()
    if scope.is_superuser:
        return model.objects.all()
    q = scope.committee_q(committee) if scope.read_paths else NONE
    if scope.member is not None:
        q |= member(scope.member)
    return model.objects.filter(q)


def _studio_ids(member):
    return list(Studio.members.through.objects.filter(member_id=member.pk).values_list("studio_id", flat=True))


def studios_visible_to(user):
    return _visible(Studio, user, "committee", lambda m: Q(pk__in=_studio_ids(m)))


def days_visible_to(user):
    return _visible(ReceptionDay, user, "studio__committee", lambda m: Q(studio_id__in=_studio_ids(m)))


def duties_visible_to(user):
    return _visible(ReceptionDuty, user, "studio__committee", lambda m: Q(studio_id__in=_studio_ids(m)))


def swaps_visible_to(user):
    return _visible(DutySwap, user, "duty__studio__committee",
                    lambda m: Q(requester_id=m.pk) | Q(other_member_id=m.pk))


def unavailability_visible_to(user):
    return _visible(Unavailability, user, "member__committee", lambda m: Q(member_id=m.pk))


# ---- the member's side


def upcoming_duties(member, today=None):
    today = today or timezone.localdate()
    return (ReceptionDuty.objects.filter(member=member, date__gte=today, state__in=OPEN_DUTY)
            .select_related("studio").order_by("date", "pk"))


def duties_to_record(member, today):
    """The member's open duties on a day already come (the day to record)."""
    return (ReceptionDuty.objects.filter(member=member, date__lte=today, state__in=OPEN_DUTY)
            .select_related("studio").order_by("-date")[:10])


def swap_partners(duty, today):
    """Other members' open duties at the same studio after today (what the member may ask to swap with)."""
    return (ReceptionDuty.objects.filter(studio_id=duty.studio_id, date__gt=today, state__in=OPEN_DUTY)
            .exclude(member_id=duty.member_id).exclude(date=duty.date).select_related("member").order_by("date", "pk"))


def others_on_duty(studio_ids, member, today):
    """Other members' open duties after today at these studios (the swap forms of the member's page)."""
    return (ReceptionDuty.objects.filter(studio_id__in=list(studio_ids), date__gt=today, state__in=OPEN_DUTY)
            .exclude(member=member).select_related("member").order_by("date", "pk"))


def swaps_of(member):
    """The member's swaps, newest first; their duties, studio and members prefetched (four queries when there
    are any): joined, PostgreSQL planned the six tables for 2 ms even when the member had no swap at all."""
    return (DutySwap.objects.filter(Q(requester=member) | Q(other_member=member))
            .prefetch_related("duty__studio", "other_duty", "requester", "other_member").order_by("-id"))


def swaps_to_approve(user):
    """Accepted swaps waiting for staff of the user's managed subtree."""
    scope = scope_for(user)
    if not scope.is_staff:
        return DutySwap.objects.none()
    qs = DutySwap.objects.filter(state__in=OPEN_SWAP)
    if not scope.is_superuser:
        qs = qs.filter(scope.committee_q("duty__studio__committee", manage=True))
    return qs.select_related("duty__studio", "other_duty", "requester", "other_member").order_by("id")


# ---- for the performance record


def duty_counts(*, year, committee=None, member_ids=None):
    """{member id: reception duties done (已值班) in `year`} — for the member's yearly performance record."""
    qs = ReceptionDuty.objects.filter(state=DutyState.DONE, date__year=year)
    if committee is not None:
        qs = qs.filter(studio__committee=committee)
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    return dict(qs.values("member_id").annotate(n=Count("id")).values_list("member_id", "n"))


def month_roster(studios, year, month):
    """The reception days of `studios` in a month with their duties: [(day, [duty, …])], by date and studio."""
    studio_ids = [s.pk for s in studios]
    days = list(ReceptionDay.objects.filter(studio_id__in=studio_ids, date__year=year, date__month=month)
                .select_related("studio").order_by("date", "studio__name"))
    duties = {}
    for d in (ReceptionDuty.objects.filter(studio_id__in=studio_ids, date__year=year, date__month=month)
              .select_related("member").order_by("member__name")):
        duties.setdefault((d.studio_id, d.date), []).append(d)
    return [(day, duties.get((day.studio_id, day.date), [])) for day in days]
