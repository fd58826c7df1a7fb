"""Working-day arithmetic on the Chinese calendar (DESIGN §2.1: deadlines in working days).

Monday to Friday are working days unless a CalendarDay row says otherwise: public holidays are rows
with is_workday=False, weekend days worked in exchange (调休) are rows with is_workday=True.

Every year a computation reaches is covered: a year without a CalendarYear row gets its statutory
holidays computed by rule (supervision.holidays) as a *provisional* year, until staff enter the
official notice's 调休 days and confirm it. So a deadline set in December never counts 元旦 or 春节
of the next year as working days. Each function costs two queries for the range it needs (the
years covered, the exceptions), plus the writes when a year is generated.
"""

import calendar as _pycalendar
import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .holidays import computed_days
from .models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)
FIRST_COMPUTED_YEAR, LAST_COMPUTED_YEAR = 2000, 2099  # the range the holiday rules are valid for


def generate_year(year):
    """Write the computed (provisional) holidays of `year` unless the year is already covered.

    Days staff already entered are kept. Safe under concurrency: the year row is unique, and the
    days are written only by whoever created it. Returns True if it generated the year.
    """
    if not FIRST_COMPUTED_YEAR <= year <= LAST_COMPUTED_YEAR:
        return False
    try:
        with transaction.atomic():
            CalendarYear.objects.create(year=year, confirmed=False)
            known = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
            CalendarDay.objects.bulk_create(
                CalendarDay(date=day, is_workday=False, name=name) for day, name in computed_days(year) if day not in known
            )
    except IntegrityError:
        return False  # generated meanwhile by someone else
    return True


def ensure_years(first_year, last_year):
    """Make sure every year in [first_year, last_year] has a CalendarYear (computing missing ones). One query
    when all are covered."""
    covered = set(CalendarYear.objects.filter(year__range=(first_year, last_year)).values_list("year", flat=True))
    for year in range(first_year, last_year + 1):
        if year not in covered:
            generate_year(year)


def _exceptions(first, last):
    """{date: is_workday} for the CalendarDay rows in [first, last], its years covered first."""
    ensure_years(first.year, last.year)
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_workday"))


def _is_workday(day, exceptions):
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def is_workday(day):
    """True if `day` is a working day (Mon–Fri unless a holiday; a 调休 weekend day counts)."""
    return _is_workday(day, _exceptions(day, day))


def _window(n):
    """Calendar days enough for n working days in all but pathological calendars (long holidays)."""
    return dt.timedelta(days=n * 7 // 5 + 21)


def add_workdays(day, n):
    """The date n working days after `day` (before it for negative n); `day` itself is not counted."""
    if n == 0:
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    current = day
    while True:
        far = current + step * _window(remaining).days
        exceptions = _exceptions(min(current, far), max(current, far))
        while current != far:
            current += step
            if _is_workday(current, exceptions):
                remaining -= 1
                if remaining == 0:
                    return current


def workdays_between(start, end):
    """Working days after `start` up to and including `end` (negative if `end` is earlier).

    The inverse of add_workdays: workdays_between(d, add_workdays(d, n)) == n.
    """
    if end < start:
        return -workdays_between(end, start)
    exceptions = _exceptions(start + ONE_DAY, end)
    count, current = 0, start
    while current < end:
        current += ONE_DAY
        count += _is_workday(current, exceptions)
    return count


def add_months(day, n):
    """The same day n calendar months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.year * 12 + day.month - 1 + n
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _pycalendar.monthrange(year, month)[1]))


# Due-date rules, for create_obligation(due_date=Workdays(15)) etc.: resolved from the start date.
@dataclass(frozen=True)
class Workdays:
    n: int

    def from_date(self, start):
        return add_workdays(start, self.n)


@dataclass(frozen=True)
class Months:
    n: int

    def from_date(self, start):
        return add_months(start, self.n)


@dataclass(frozen=True)
class Days:
    n: int

    def from_date(self, start):
        return start + dt.timedelta(days=self.n)
