"""The frequency requirement (协商频次) per committee level, and a plan's standing against it.

Defaults (DESIGN §2.2 and the seeds): a county committee holds at least 4 consultations a year (合肥);
a township liaison group one every two weeks (24 a year); a city follows 湖州's "1246+X": 1 plenary,
2 face-to-face consultations of the party secretary and mayor with members, 4 standing-committee topic
consultations, 6 bimonthly forums, and other forms besides (X, not counted). The requirement is data:
FrequencyRule rows per level (the defaults, editable) or per committee replace these.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import CommitteeLevel

from ..meetings.enums import MeetingState, MeetingType

# level -> [(meeting type or "" for any type, per year)]
DEFAULT_RULES = {
    CommitteeLevel.PROVINCE: [("", 4)],
    CommitteeLevel.CITY: [
        (MeetingType.PLENARY, 1), (MeetingType.FACE_TO_FACE, 2), (MeetingType.STANDING, 4), (MeetingType.BIMONTHLY, 6),
    ],
    CommitteeLevel.COUNTY: [("", 4)],
    CommitteeLevel.TOWNSHIP: [("", 24)],
}


def rules_for(committee):
    """[(meeting_type or "", per_year)] that apply to `committee`: its own rows, else its level's rows, else
    the defaults above."""
    from ..models import FrequencyRule

    rows = FrequencyRule.objects.order_by("per_year", "meeting_type").values_list("meeting_type", "per_year")
    own = list(rows.filter(committee=committee))
    if own:
        return own
    level = list(rows.filter(committee=None, level=committee.level))
    return level or list(DEFAULT_RULES.get(committee.level, []))


@dataclass
class Line:
    meeting_type: str
    label: str
    required: int
    planned: int
    held: int
    next_planned: str = ""

    @property
    def plan_meets(self):
        return self.planned >= self.required

    @property
    def done(self):
        return self.held >= self.required

    @property
    def progress(self):
        text = _("已召开 %(held)d 次，要求 %(required)d 次") % {"held": self.held, "required": self.required}
        if self.next_planned and not self.done:
            text += _("；下一次计划于%(when)s") % {"when": self.next_planned}
        return text


@dataclass
class Standing:
    year: int
    lines: list = field(default_factory=list)

    @property
    def plan_meets(self):
        """The plan holds enough consultations of every required kind."""
        return all(line.plan_meets for line in self.lines)

    @property
    def done(self):
        return all(line.done for line in self.lines)

    @property
    def shortfalls(self):
        return [
            _("%(label)s：计划 %(planned)d 次，要求至少 %(required)d 次") % {
                "label": line.label, "planned": line.planned, "required": line.required}
            for line in self.lines if not line.plan_meets
        ]


def standing(plan):
    """How `plan` stands against its committee's requirement: planned items and held meetings per rule.

    A held meeting counts for the plan's committee and year (its start); each rule counts its meeting type,
    or every type when the rule names none. `next_planned`: when the first planned item not yet held is due."""
    from ..models import Meeting

    committee, year = plan.committee, plan.year
    items = list(plan.items.order_by("quarter", "month", "order", "id")
                 .annotate(held=Count("meetings", filter=_held_filter())))
    held = dict(Meeting.objects.filter(committee=committee, state=MeetingState.HELD, starts_at__year=year)
                .values_list("meeting_type").annotate(n=Count("id")).order_by())
    labels = dict(MeetingType.choices)
    result = Standing(year=year)
    for meeting_type, required in rules_for(committee):
        mine = [item for item in items if not meeting_type or item.meeting_type == meeting_type]
        waiting = next((item for item in mine if not item.held), None)
        result.lines.append(Line(
            meeting_type=meeting_type, label=str(labels.get(meeting_type, _("各类协商"))) if meeting_type else _("各类协商"),
            required=required, planned=len(mine),
            held=held.get(meeting_type, 0) if meeting_type else sum(held.values()),
            next_planned=str(waiting.when) if waiting else "",
        ))
    return result


def _held_filter():
    from django.db.models import Q

    return Q(meetings__state=MeetingState.HELD)


def current_year():
    return timezone.localdate().year
