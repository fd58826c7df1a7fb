"""When reminders fire: the stages of a reminder policy around a due date. Pure functions, no queries.

Stages of an obligation due on D, with the default policy:
    before-14 (D-14), before-3 (D-3), due (D), overdue-1 (D+7), overdue-2 (D+14), ...
Each stage fires at 09:00 (Asia/Shanghai, settings.TIME_ZONE) on its day. After an outage only the
latest stage that has fired is sent; the earlier missed ones are skipped.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Channel

REMINDER_TIME = dt.time(9, 0)
OVERDUE_PREFIX = "overdue-"
BEFORE_PREFIX = "before-"
DUE_STAGE = "due"


def parse_days(text: str) -> tuple[int, ...]:
    """"14,3" -> (14, 3): distinct positive whole numbers of days, largest first."""
    days = set()
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0 or int(part) > 366:
            raise ValueError(_("提前提醒天数应为 1 到 366 之间的整数，用逗号分隔，如 14,3。"))
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


def parse_channels(text: str) -> tuple[str, ...]:
    """"inapp,email" -> ("inapp", "email"); unknown channels are an error."""
    channels = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part not in Channel.values:
            raise ValueError(_("未知的提醒渠道：%(name)s（可选 inapp、email、sms）。") % {"name": part})
        if part not in channels:
            channels.append(part)
    return tuple(channels)


@dataclass(frozen=True)
class Policy:
    """A reminder policy as plain values (from a ReminderPolicy row, or the built-in default)."""

    days_before: tuple = (14, 3)
    on_due_day: bool = True
    overdue_every_days: int = 7
    escalate: bool = True
    channels: tuple = (Channel.INAPP, Channel.EMAIL, Channel.SMS)

    @classmethod
    def from_row(cls, row):
        return cls(
            days_before=parse_days(row.days_before),
            on_due_day=row.on_due_day,
            overdue_every_days=row.overdue_every_days,
            escalate=row.escalate,
            channels=parse_channels(row.channels),
        )


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Stage:
    key: str
    day: dt.date

    @property
    def is_overdue(self):
        return self.key.startswith(OVERDUE_PREFIX)


def _finite_stages(due, policy):
    stages = [Stage(f"{BEFORE_PREFIX}{n}", due - dt.timedelta(days=n)) for n in policy.days_before]
    if policy.on_due_day:
        stages.append(Stage(DUE_STAGE, due))
    return stages


def _overdue_stage(due, policy, number):
    return Stage(f"{OVERDUE_PREFIX}{number}", due + dt.timedelta(days=number * policy.overdue_every_days))


def stage_on_or_before(due, policy, day, *, since):
    """The latest stage whose day lies in [since, day], or None."""
    every = policy.overdue_every_days
    if every and (day - due).days >= every:
        stage = _overdue_stage(due, policy, (day - due).days // every)
        return stage if stage.day >= since else None
    earlier = [s for s in _finite_stages(due, policy) if since <= s.day <= day]
    return earlier[-1] if earlier else None


def first_stage_after(due, policy, day, *, since):
    """The earliest stage whose day is after `day` and not before `since`, or None."""
    lower = max(day + dt.timedelta(days=1), since)
    for stage in _finite_stages(due, policy):
        if stage.day >= lower:
            return stage
    every = policy.overdue_every_days
    if not every:
        return None
    number = max(1, -(-(lower - due).days // every))  # ceiling division
    return _overdue_stage(due, policy, number)


def fire_time(day):
    """The moment a stage on `day` fires: 09:00 local time."""
    return timezone.make_aware(dt.datetime.combine(day, REMINDER_TIME), timezone.get_default_timezone())


def last_fired_day(now):
    """The last day whose stages have fired by `now` (today after 09:00, otherwise yesterday)."""
    local = timezone.localtime(now)
    return local.date() if local.time() >= REMINDER_TIME else local.date() - dt.timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    fired: Stage | None  # the latest stage that has fired (to send now unless already sent)
    upcoming: Stage | None  # the next stage to fire after now

    @property
    def upcoming_at(self):
        return fire_time(self.upcoming.day) if self.upcoming else None

    @property
    def next_reminder_at(self):
        """For a new or extended obligation: a stage fired today or later is still due, else the next."""
        return fire_time(self.fired.day) if self.fired else self.upcoming_at


def plan(due, policy, *, now, since):
    """Which stage has fired by `now` and which comes next, counting only stages from `since` on."""
    cutoff = last_fired_day(now)
    return Plan(
        fired=stage_on_or_before(due, policy, cutoff, since=since),
        upcoming=first_stage_after(due, policy, cutoff, since=since),
    )


def stage_label(key):
    """"before-14" -> "到期前 14 天", "due" -> "到期当天", "overdue-2" -> "逾期第 2 次"."""
    if key == DUE_STAGE:
        return str(_("到期当天"))
    for prefix, text in ((BEFORE_PREFIX, _("到期前 %(n)s 天")), (OVERDUE_PREFIX, _("逾期第 %(n)s 次"))):
        if key.startswith(prefix):
            return text % {"n": key[len(prefix):]}
    return key
