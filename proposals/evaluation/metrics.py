"""民主评议 reads: each unit's yearly handling metrics, the composite score, and who sees which
evaluation and award.

A unit's year is the year its assignments were handed over (交办, local time). For the assignments
of that year (withdrawn ones left out) the metrics count:
- assignments by role (主办/会办/分办);
- replies: approved ones (答复), all submitted, and those sent back by staff (退回修改);
- the approved replies' categories (A/B/C, as the committee's codes);
- on-time replies: each replying assignment's reply (and each re-handling) whose Obligation was met on
  or before its due date; an approved extension has moved that due date (counted as extended). The
  denominator is every such deadline met, or past due and still unmet (waived ones left out);
- contacts with proposers ("321": communications, meetings, public disclosures);
- ratings by the proposers and co-signers: result, attitude and relevance shares;
- 回头看 Obligations met, of those met or past due.
Everything for all units of a committee is computed in a fixed number of queries.

Composite score (0–100) = Σ weight × part ÷ Σ weights of the parts that have data, the parts being the
on-time rate, the satisfaction score (满意 100, 基本满意 60, 不满意 0, averaged over the ratings' result),
the 回头看 rate and the panel's 民主评议得分 (EvaluationSettings holds the committee's weights).
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from members.models import HandlingUnit
from members.scopes import scope_for
from supervision.enums import PENDING_STATES, ObligationKind, ObligationState
from supervision.models import Obligation

from ..enums import (
    CONTACT_COMMUNICATION,
    CONTACT_MEETING,
    CONTACT_PUBLIC,
    REPLYING_ROLES,
    AssignmentRole,
    AssignmentState,
    Relevance,
    ReplyState,
    Satisfaction,
)
from ..models import Assignment, Award, ContactLog, EvaluationSettings, Rating, Reply, UnitEvaluation
from .enums import EvaluationState

SATISFACTION_POINTS = {Satisfaction.SATISFIED: 100, Satisfaction.BASIC: 60, Satisfaction.UNSATISFIED: 0}
REPLY_KINDS = [ObligationKind.PROPOSAL_REPLY, ObligationKind.PROPOSAL_REHANDLE]
TWO = Decimal("0.01")


def _pct(part, whole):
    """A percentage with one decimal, or None when there is nothing to count."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Metrics:
    """One unit's handling in one year. Stored as JSON (asdict) in a published evaluation."""

    lead: int = 0
    co: int = 0
    separate: int = 0
    replies: int = 0  # approved replies
    replies_submitted: int = 0
    sent_back: int = 0
    categories: dict = field(default_factory=dict)  # reply category code -> approved replies
    reply_due: int = 0
    on_time: int = 0
    extended: int = 0
    communication: int = 0
    meeting: int = 0
    public: int = 0
    ratings: int = 0
    result: dict = field(default_factory=dict)  # Satisfaction value -> count
    attitude: dict = field(default_factory=dict)
    relevance: dict = field(default_factory=dict)  # Relevance value -> count
    lookback_due: int = 0
    lookback_met: int = 0

    @classmethod
    def from_snapshot(cls, data):
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def snapshot(self):
        return asdict(self)

    @property
    def assigned(self):
        return self.lead + self.co + self.separate

    @property
    def contacts(self):
        return self.communication + self.meeting + self.public

    @property
    def on_time_rate(self):
        return _pct(self.on_time, self.reply_due)

    @property
    def lookback_rate(self):
        return _pct(self.lookback_met, self.lookback_due)

    def share(self, counts, key):
        return _pct(counts.get(key, 0), self.ratings)

    @property
    def satisfied_share(self):
        return self.share(self.result, Satisfaction.SATISFIED)

    @property
    def basic_share(self):
        return self.share(self.result, Satisfaction.BASIC)

    @property
    def unsatisfied_share(self):
        return self.share(self.result, Satisfaction.UNSATISFIED)

    @property
    def attitude_satisfied_share(self):
        return self.share(self.attitude, Satisfaction.SATISFIED)

    @property
    def relevant_share(self):
        return self.share(self.relevance, Relevance.RELEVANT)

    @property
    def satisfaction_score(self):
        if not self.ratings:
            return None
        points = sum(SATISFACTION_POINTS.get(k, 0) * n for k, n in self.result.items())
        return round(points / self.ratings, 1)

    @property
    def category_mix(self):
        """[(code, count, share)] of the approved replies, by code."""
        return [(code, n, _pct(n, self.replies)) for code, n in sorted(self.categories.items())]


def composite_score(metrics, panel_score, weights):
    """The weighted composite (Decimal, 2 places) of the parts that have data, or None if none has."""
    parts = [
        (weights.weight_on_time, metrics.on_time_rate),
        (weights.weight_satisfaction, metrics.satisfaction_score),
        (weights.weight_lookback, metrics.lookback_rate),
        (weights.weight_panel, None if panel_score is None else float(panel_score)),
    ]
    counted = [(w, v) for w, v in parts if v is not None and w]
    total = sum(w for w, _v in counted)
    if not total:
        return None
    return (Decimal(sum(w * v for w, v in counted)) / total).quantize(TWO, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------- computing the metrics


def _year_assignments(unit_ids, year):
    return Assignment.objects.filter(unit_id__in=unit_ids, assigned_at__year=year).exclude(
        state=AssignmentState.WITHDRAWN
    )


def _add_assignments(result, assignments):
    roles = {AssignmentRole.LEAD: "lead", AssignmentRole.CO: "co", AssignmentRole.SEPARATE: "separate"}
    for row in assignments.values("unit_id", "role").annotate(n=Count("id")).order_by():
        setattr(result[row["unit_id"]], roles[row["role"]], row["n"])


def _add_replies(result, assignments):
    replies = Reply.objects.filter(assignment__in=assignments)
    for row in replies.values("assignment__unit_id").annotate(
        n=Count("id"), approved=Count("id", filter=Q(state=ReplyState.APPROVED)),
        sent_back=Count("id", filter=Q(state=ReplyState.SENT_BACK)),
    ).order_by():
        m = result[row["assignment__unit_id"]]
        m.replies_submitted, m.replies, m.sent_back = row["n"], row["approved"], row["sent_back"]
    approved = replies.filter(state=ReplyState.APPROVED)
    for row in approved.values("assignment__unit_id", "category__code").annotate(n=Count("id")).order_by():
        result[row["assignment__unit_id"]].categories[row["category__code"]] = row["n"]


def _add_contacts(result, assignments):
    groups = [(CONTACT_COMMUNICATION, "communication"), (CONTACT_MEETING, "meeting"), (CONTACT_PUBLIC, "public")]
    rows = ContactLog.objects.filter(assignment__in=assignments).values("assignment__unit_id", "way")
    for row in rows.annotate(n=Count("id")).order_by():
        m = result[row["assignment__unit_id"]]
        for ways, name in groups:
            if row["way"] in ways:
                setattr(m, name, getattr(m, name) + row["n"])


def _add_ratings(result, assignments):
    rows = Rating.objects.filter(reply__assignment__in=assignments).values(
        "reply__assignment__unit_id", "result", "attitude", "relevance").annotate(n=Count("id")).order_by()
    for row in rows:
        m = result[row["reply__assignment__unit_id"]]
        m.ratings += row["n"]
        for name in ("result", "attitude", "relevance"):
            counts = getattr(m, name)
            counts[row[name]] = counts.get(row[name], 0) + row["n"]


def _add_obligations(result, assignments, today):
    """On-time replies and 回头看, from the Obligations about the year's assignments (one query).

    A reply sent back reopens a reply Obligation with the same due date: each assignment's reply (and each
    re-handling) is counted once, on time when one of its Obligations was met by its due date."""
    replying = assignments.filter(role__in=REPLYING_ROLES)
    counted = Q(state=ObligationState.MET) | Q(state__in=PENDING_STATES, due_date__lt=today)
    in_time = Q(state=ObligationState.MET, met_at__date__lte=F("due_date"))
    review_q = Q(kind=ObligationKind.REVIEW)
    per_kind = {}
    for n, kind in enumerate(REPLY_KINDS):
        q = Q(kind=kind)
        per_kind |= {
            f"due{n}": Count("subject_id", distinct=True, filter=q & counted),
            f"on_time{n}": Count("subject_id", distinct=True, filter=q & in_time),
            f"extended{n}": Count("subject_id", distinct=True, filter=q & counted & Q(due_date__gt=F("original_due_date"))),
        }
    rows = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Assignment), subject_id__in=replying.values("pk"),
        owner_unit_id__isnull=False,
    ).values("owner_unit_id").annotate(
        **per_kind,
        lookback_due=Count("id", filter=review_q & counted),
        lookback_met=Count("id", filter=review_q & Q(state=ObligationState.MET)),
    ).order_by()
    for row in rows:
        m = result.get(row["owner_unit_id"])
        if m is None:
            continue
        for name, key in (("reply_due", "due"), ("on_time", "on_time"), ("extended", "extended")):
            setattr(m, name, sum(row[f"{key}{n}"] for n in range(len(REPLY_KINDS))))
        m.lookback_due, m.lookback_met = row["lookback_due"], row["lookback_met"]


def unit_metrics(unit_ids, year, *, today=None):
    """{unit id: Metrics} for the units' assignments handed over in `year` (a fixed number of queries)."""
    unit_ids = list(unit_ids)
    result = defaultdict(Metrics, {pk: Metrics() for pk in unit_ids})
    if not unit_ids:
        return dict(result)
    assignments = _year_assignments(unit_ids, year)
    _add_assignments(result, assignments)
    _add_replies(result, assignments)
    _add_contacts(result, assignments)
    _add_ratings(result, assignments)
    _add_obligations(result, assignments, today or timezone.localdate())
    return {pk: result[pk] for pk in unit_ids}


@dataclass
class Row:
    """One line of the yearly table: the unit, its evaluation (if opened), metrics and composite score."""

    unit: HandlingUnit
    evaluation: UnitEvaluation | None
    metrics: Metrics
    composite: Decimal | None

    @property
    def published(self):
        return self.evaluation is not None and self.evaluation.state == EvaluationState.PUBLISHED


def metrics_of(evaluation, *, today=None):
    """A published evaluation's snapshot; otherwise the metrics computed now."""
    if evaluation.state == EvaluationState.PUBLISHED and evaluation.metrics:
        return Metrics.from_snapshot(evaluation.metrics)
    return unit_metrics([evaluation.unit_id], evaluation.year, today=today)[evaluation.unit_id]


def row_for(evaluation, metrics, weights):
    composite = (evaluation.composite_score if evaluation.state == EvaluationState.PUBLISHED
                 else composite_score(metrics, evaluation.panel_score, weights))
    return Row(unit=evaluation.unit, evaluation=evaluation, metrics=metrics, composite=composite)


def evaluation_table(committee, year, *, evaluations=None, today=None):
    """Rows for the committee's active units and every unit evaluated that year, best composite first.

    `evaluations` (the scoped UnitEvaluation queryset of the viewer) limits which opened evaluations
    show; units of the committee without one show their live metrics."""
    weights = EvaluationSettings.for_committee(committee)
    evaluations = (evaluations if evaluations is not None else UnitEvaluation.objects).filter(
        committee=committee, year=year).select_related("unit")
    by_unit = {e.unit_id: e for e in evaluations}
    units = {u.pk: u for u in HandlingUnit.objects.filter(committee=committee, active=True)}
    units.update({e.unit_id: e.unit for e in by_unit.values()})
    live = unit_metrics([pk for pk in units if not _snapshot(by_unit.get(pk))], year, today=today)
    rows = []
    for pk, unit in units.items():
        ev = by_unit.get(pk)
        metrics = Metrics.from_snapshot(ev.metrics) if _snapshot(ev) else live[pk]
        rows.append(row_for(ev, metrics, weights) if ev else Row(unit, None, metrics, composite_score(metrics, None, weights)))
    return rows


def _snapshot(evaluation):
    return evaluation is not None and evaluation.state == EvaluationState.PUBLISHED and bool(evaluation.metrics)


SORT_KEYS = {
    "composite": lambda r: r.composite,
    "on_time": lambda r: r.metrics.on_time_rate,
    "satisfaction": lambda r: r.metrics.satisfaction_score,
    "panel": lambda r: r.evaluation.panel_score if r.evaluation else None,
    "assigned": lambda r: r.metrics.assigned,
}


def sort_rows(rows, key="composite"):
    """Highest first for a score (units without a value last, then by name); by name for "unit"."""
    if key == "unit":
        return sorted(rows, key=lambda r: r.unit.name)
    get = SORT_KEYS.get(key, SORT_KEYS["composite"])
    return sorted(rows, key=lambda r: (get(r) is None, -(get(r) or 0), r.unit.name))


# ---------------------------------------------------------------------------- who sees what


def evaluations_visible_to(user):
    """Staff, office viewers and leaders: every evaluation of their subtree (drafts too); a unit: its own,
    once published; members and the public: none."""
    scope = scope_for(user)
    if not scope.authenticated:
        return UnitEvaluation.objects.none()
    if scope.is_superuser:
        return UnitEvaluation.objects.all()
    q = scope.committee_q("committee") if scope.read_paths else Q(pk__in=[])
    if scope.unit_ids:
        q |= Q(unit_id__in=scope.unit_ids, state=EvaluationState.PUBLISHED)
    return UnitEvaluation.objects.filter(q)


def public_awards():
    """Published 优秀提案 and 优秀承办单位, for everyone (no login)."""
    return Award.objects.filter(state=EvaluationState.PUBLISHED)


def awards_visible_to(user):
    """Staff, office viewers and leaders: their subtree's nominations too; everyone else: published awards."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Award.objects.all()
    q = Q(state=EvaluationState.PUBLISHED)
    if scope.authenticated and scope.read_paths:
        q |= scope.committee_q("committee")
    return Award.objects.filter(q)


def awarded_proposal_ids(proposal_ids):
    """{proposal id: [years]} of published 优秀提案 among `proposal_ids` (one query; for badges)."""
    found = defaultdict(list)
    for pid, year in public_awards().filter(proposal_id__in=list(proposal_ids)).values_list("proposal_id", "year"):
        found[pid].append(year)
    return dict(found)
