"""The calendar's years: kept ahead of time, confirmed by staff, and which ones deadlines reach unconfirmed."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record_transition

from ..calendar import ensure_years
from ..enums import PENDING_STATES
from ..models import CalendarYear, Obligation
from .errors import ObligationError

YEARS_AHEAD = 2


def ensure_years_ahead(today=None):
    """This year and the next YEARS_AHEAD are covered (provisional ones computed). Run by every sweep."""
    year = (today or timezone.localdate()).year
    ensure_years(year, year + YEARS_AHEAD)


def confirm_year(year, *, actor, note=""):
    """Staff confirm that `year`'s calendar matches the State Council's notice (its 调休 days entered).

    Side effects: confirmed, confirmed_by, confirmed_at, note; a timeline row ("confirm") on the year.
    Returns the CalendarYear.
    """
    if actor is None or not getattr(actor, "is_staff", False):
        raise ObligationError(_("只有机关工作人员可以确认年度放假安排。"))
    ensure_years(year, year)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().get(year=year)
        if row.confirmed:
            raise ObligationError(_("%(year)s 年的放假安排已经确认。") % {"year": year})
        row.confirmed, row.confirmed_by, row.confirmed_at = True, actor, timezone.now()
        row.note = (note or row.note)[:300]
        row.save(update_fields=["confirmed", "confirmed_by", "confirmed_at", "note"])
        record_transition(row, actor=actor, action="confirm", from_state="provisional", to_state="confirmed",
                          note=row.note)
    return row


def unconfirmed_years_reached(today=None, obligations=None):
    """The years from this one to the latest due date of the pending obligations (default: all) whose
    calendar is not confirmed. Two queries."""
    today = today or timezone.localdate()
    qs = Obligation.objects.all() if obligations is None else obligations
    latest = qs.filter(state__in=PENDING_STATES).aggregate(latest=Max("due_date"))["latest"]
    last_year = max(today.year, latest.year if latest else today.year)
    confirmed = set(CalendarYear.objects.filter(year__range=(today.year, last_year), confirmed=True)
                    .values_list("year", flat=True))
    return [year for year in range(today.year, last_year + 1) if year not in confirmed]
