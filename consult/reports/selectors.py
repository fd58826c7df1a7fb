"""Reads of 社情民意信息: who sees what, the figures of a period, and each member's counts.

- staff, office viewers and leaders: the reports and bulletins of their committee subtree;
- a member: the reports they submitted and those their reports were merged into (they are credited), and
  the published bulletins of their committee;
- a department (unit): the reports forwarded to it and those forwardings;
- anyone else: nothing. Outside a selector is 404.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from ..selectors import NONE, _visible
from .enums import BulletinState, ForwardState, Level, ReportState


def reports_visible_to(user):
    def member(m):
        merged_targets = OpinionReport.objects.filter(submitter=m, merged_into__isnull=False).values("merged_into_id")
        return Q(submitter=m) | Q(pk__in=merged_targets)

    return _visible(OpinionReport, user, member=member,
                    unit=lambda ids: Q(pk__in=ReportForward.objects.filter(unit_id__in=ids).values("report_id")))


def bulletins_visible_to(user):
    return _visible(Bulletin, user, member=lambda m: Q(committee_id=m.committee_id, state=BulletinState.PUBLISHED))


def forwards_visible_to(user):
    return _visible(ReportForward, user, committee="report__committee", unit=lambda ids: Q(unit_id__in=ids))


def reports_of(member):
    """The member's own reports, newest first (their page)."""
    return OpinionReport.objects.filter(submitter=member).select_related("merged_into", "bulletin").defer(
        "content", "edited_content").order_by("-created_at", "-id")


# ---------------------------------------------------------------- per-member counts


@dataclass
class MemberCounts:
    submitted: int = 0
    adopted: int = 0
    instructed: int = 0
    levels: dict = field(default_factory=lambda: dict.fromkeys(Level.values, 0))

    def level_rows(self):
        return [(label, self.levels[value]) for value, label in Level.choices]


def member_counts(member_ids, *, year=None):
    """{member id: MemberCounts} for the performance record. A member is credited with each report they
    submitted (submitted: in `year`, when given), and for adoption, adoption at each level and instruction
    with the report it ended up as: itself, or the report it was merged into."""
    member_ids = list(member_ids)
    result = {pk: MemberCounts() for pk in member_ids}
    rows = OpinionReport.objects.filter(submitter_id__in=member_ids, submitted_at__isnull=False)
    if year:
        rows = rows.filter(submitted_at__year=year)
    credit = {}  # report id that counts → member ids credited
    for submitter_id, pk, merged_into_id in rows.values_list("submitter_id", "pk", "merged_into_id"):
        result[submitter_id].submitted += 1
        credit.setdefault(merged_into_id or pk, set()).add(submitter_id)
    if not credit:
        return result
    adopted = set(OpinionReport.objects.filter(pk__in=list(credit), state=ReportState.ADOPTED).values_list("pk", flat=True))
    instructed = set(ReportInstruction.objects.filter(report_id__in=adopted).values_list("report_id", flat=True))
    levels = LevelAdoption.objects.filter(report_id__in=adopted).values_list("report_id", "level")
    for report_id in adopted:
        for member_id in credit[report_id]:
            result[member_id].adopted += 1
            if report_id in instructed:
                result[member_id].instructed += 1
    for report_id, level in levels:
        for member_id in credit[report_id]:
            result[member_id].levels[level] += 1
    return result


# ---------------------------------------------------------------- a period's figures (monthly / quarterly reports)


@dataclass
class Period:
    start: dt.date
    end: dt.date  # exclusive
    label: str

    @classmethod
    def month(cls, year, month):
        end = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), end, f"{year}年{month}月")

    @classmethod
    def quarter(cls, year, quarter):
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        return cls(start, end, f"{year}年第{'一二三四'[quarter - 1]}季度")


@dataclass
class PeriodFigures:
    period: Period
    submitted: int
    adopted: int
    sent: int
    instructed: int
    forwarded: int
    replied: int
    bulletins: int
    levels: dict
    reports: list  # the reports submitted or decided in the period (the workbook's rows)
    adopted_reports: list  # those adopted in the period
    instructions: list
    forwards: list


def _in(field_name, period):
    return {f"{field_name}__gte": period.start, f"{field_name}__lt": period.end}


def _moment(day):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def period_figures(committee_ids, period):
    """What was submitted, adopted, sent up, adopted at each level, instructed and forwarded (and replied)
    in `period` by the committees `committee_ids` (a subtree's ids)."""
    start, end = _moment(period.start), _moment(period.end)
    reports = OpinionReport.objects.filter(committee_id__in=committee_ids)
    submitted = reports.filter(submitted_at__gte=start, submitted_at__lt=end)
    adopted = reports.filter(state=ReportState.ADOPTED, decided_at__gte=start, decided_at__lt=end)
    sendings = ReportSending.objects.filter(report__committee_id__in=committee_ids, **_in("sent_on", period))
    instructions = (ReportInstruction.objects.filter(report__committee_id__in=committee_ids, **_in("instructed_on", period))
                    .select_related("report__committee", "report__submitter").order_by("instructed_on", "id"))
    levels = LevelAdoption.objects.filter(report__committee_id__in=committee_ids, **_in("adopted_on", period))
    forwards = (ReportForward.objects.filter(report__committee_id__in=committee_ids, sent_at__gte=start, sent_at__lt=end)
                .select_related("report", "unit").order_by("sent_at", "id"))
    replied_in = ReportForward.objects.filter(report__committee_id__in=committee_ids, state=ForwardState.REPLIED,
                                              replied_at__gte=start, replied_at__lt=end)
    bulletins = Bulletin.objects.filter(committee_id__in=committee_ids, state=BulletinState.PUBLISHED,
                                        published_at__gte=start, published_at__lt=end)
    by_level = dict.fromkeys(Level.values, 0)
    for level in levels.values_list("level", flat=True):
        by_level[level] += 1
    touched = (reports.filter(Q(submitted_at__gte=start, submitted_at__lt=end) | Q(decided_at__gte=start, decided_at__lt=end))
               .exclude(state=ReportState.DRAFT).select_related("committee", "submitter", "bulletin")
               .prefetch_related("level_adoptions", "sendings", "instructions")
               .order_by("submitted_at", "id"))
    return PeriodFigures(
        period=period, submitted=submitted.count(), adopted=adopted.count(),
        sent=sendings.values("report_id").distinct().count(),
        instructed=instructions.values("report_id").distinct().count(),
        forwarded=forwards.count(), replied=replied_in.count(), bulletins=bulletins.count(), levels=by_level,
        reports=list(touched), adopted_reports=list(adopted.select_related("submitter").order_by("decided_at", "id")),
        instructions=list(instructions), forwards=list(forwards),
    )


__all__ = ["NONE", "MemberCounts", "Period", "PeriodFigures", "bulletins_visible_to", "forwards_visible_to",
           "member_counts", "period_figures", "reports_of", "reports_visible_to", "with_forward_due_dates"]


def with_forward_due_dates(queryset):
    """Annotate `due_date` and `due_state` on ReportForwards: their reply obligation's (the only due date)."""
    from django.db.models import OuterRef, Subquery

    from supervision.enums import ObligationKind
    from supervision.models import Obligation

    owed = (Obligation.objects.filter(subject_type__app_label="consult", subject_type__model="reportforward",
                                      kind=ObligationKind.OPINION_REPLY, subject_id=OuterRef("pk")).order_by("-id"))
    return queryset.annotate(due_date=Subquery(owed.values("due_date")[:1]), due_state=Subquery(owed.values("state")[:1]))
