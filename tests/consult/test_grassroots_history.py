"""The grassroots part of `seed_history` (consult/grassroots_history.py and its parts in cases/, reception/,
reports/; for `make bench`), run small on the demo: its rows hold together the way the services' rows do —
every timeline replays through the action tables to the state stored, obligations match the states (pending
only for what is still open, and only recent), bulletins are numbered once per committee, kind and year, the
case search finds the seeded cases — and the grassroots pages `make bench` measures (scripts/bench/run.py CASES
and ROLES) answer and run as many queries on the history as on the demo alone."""

import datetime as dt
import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consult.cases import search, services
from consult.cases.enums import CASE_ACTIONS, CaseState
from consult.cases.models import CaseClaim, CaseConsultation, CaseSearch, CommunityCase
from consult.models import Bulletin, LevelAdoption, OpinionReport, ReportForward
from consult.reception import services as reception
from consult.reception.enums import DAY_ACTIONS, DUTY_ACTIONS, SWAP_ACTIONS, DayState, SwapState
from consult.reception.models import DutySwap, ReceptionDay, ReceptionIssue
from consult.reports.enums import BULLETIN_ACTIONS, FORWARD_ACTIONS, REPORT_ACTIONS, ForwardState, ReportState
from members.enums import DutyState
from members.models import MemberGroup, ReceptionDuty
from portal.models import StateChange
from supervision.enums import OBLIGATION_WORKFLOW, PENDING_STATES, ObligationKind, ObligationState
from supervision.models import Obligation
from tests.test_query_counts import split_pager_counts

# (path, demo user) of the grassroots pages make bench measures (scripts/bench/run.py CASES and ROLES)
STAFF = ("staff_anhui", "staff_linshu", "office_linshu")
BENCH_PAGES = [
    *(("/consult/reports/", u) for u in STAFF), ("/consult/me/reports/", "member_zhang"),
    ("/consult/bulletins/", "staff_linshu"), ("/consult/bulletins/", "member_zhang"),
    ("/consult/report-forwards/", "unit_jiaoyu"),
    *(("/consult/cases/", u) for u in STAFF),
    ("/consult/cases/?bank=cases&q=路灯", "staff_anhui"), ("/consult/cases/?bank=cases&q=路灯", "staff_linshu"),
    ("/consult/me/cases/", "member_zhang"),
    *(("/consult/reception/studios/", u) for u in STAFF), *(("/consult/reception/calendar/", u) for u in STAFF),
    ("/consult/me/reception/", "member_zhang"),
]
K = ObligationKind
CASE_KINDS = (K.CASE_CHECK, K.CASE_CLAIM, K.CASE_CONSULT, K.CASE_FOLLOWUP)
KINDS = (*CASE_KINDS, K.RECEPTION_CONFIRM, K.RECEPTION_DAY, K.OPINION_REPLY)
# the obligation a case owes while it waits in a state (none once accepted and not yet offered, or closed)
OWED = {CaseState.SUBMITTED: K.CASE_CHECK, CaseState.OFFERED: K.CASE_CLAIM, CaseState.CLAIMED: K.CASE_CONSULT,
        CaseState.CONSULTED: K.CASE_FOLLOWUP}
MODELS = (CommunityCase, ReceptionDuty, ReceptionDay, DutySwap, OpinionReport, Bulletin, ReportForward, Obligation,
          MemberGroup)


def _queries():
    """{(path, user): (status, queries besides the pager's counts, the pager's counts)} of the bench's grassroots pages, after a first request (which may fill
    caches, as the bench's warm-up does)."""
    users = get_user_model().objects
    counts = {}
    for path, username in BENCH_PAGES:
        client = Client()
        client.force_login(users.get(username=username))
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[(path, username)] = (response.status_code, *split_pager_counts(ctx))
    return counts


def _lamp_case(staff, claimant):
    """An archived 路灯 case of the claimant's group, claimed by them, made through the services: so that every
    list measured has rows on the demo alone too (an empty page skips the query of its rows)."""
    users = get_user_model().objects
    staff, claimant = users.get(username=staff), users.get(username=claimant)
    member = claimant.member
    case = services.register_case(actor=None, committee=member.committee, source="public", title="小区路灯不亮",
                                  description="楼前路灯坏了两个月。", member_group=member.member_group)
    case = services.accept(case=case, actor=staff, grade="C", theme="environment", member_group=member.member_group)
    case = services.claim(case=case, actor=claimant)
    case = services.consult(case=case, actor=claimant, held_on=timezone.localdate(), place="社区", participants="委员",
                            result="更换路灯。")
    case = services.resolve(case=case, actor=claimant, outcome="resolved", answer="已修复。")
    return services.archive(case=case, actor=staff, summary="及时解决。")


def _swap_request(username):
    """A swap the member asks for (through the services), so that 我的接待日's list of swaps has rows on the demo
    alone too: history may give the member approved swaps of its own, and a list with rows is four queries more
    (swaps_of prefetches their duties, studio and members). Next year's roster of the member's studio is published
    first (idempotent), so that they have duties to swap whatever today is."""
    users = get_user_model().objects
    member = users.get(username=username).member
    studio = member.studios.filter(active=True).order_by("pk").first()
    reception.generate_roster(actor=users.get(username="staff_linshu"), studio=studio,
                              year=timezone.localdate().year + 1)
    duties = list(ReceptionDuty.objects.filter(studio=studio, date__gt=timezone.localdate()).select_related("member")
                  .order_by("date", "pk"))
    taken = {(d.member_id, d.date) for d in duties}
    mine = (d for d in duties if d.member_id == member.pk)
    duty, other = next((d, o) for d in mine for o in duties if o.member_id != member.pk
                       and (o.member_id, d.date) not in taken and (member.pk, o.date) not in taken)
    return reception.request_swap(actor=member.user, duty=duty, other_duty=other, reason="当天要开会")


@pytest.fixture
def history(demo_module, db):
    _lamp_case("staff_linshu", "member_zhang")
    _swap_request("member_zhang")
    _lamp_case("staff_chuzhou", "member_li")
    before = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in MODELS}
    queries = _queries()
    out = StringIO()
    call_command("seed_history", "--years", "3", "--proposals", "120", "--no-index", stdout=out)
    return before, queries, out.getvalue()


def _new(model, before):
    return model.objects.filter(pk__gt=before[model])


def _words(stored):
    """The words of a CaseSearch row as read back: a tsvector's lexemes on PostgreSQL, the text elsewhere."""
    if connection.vendor == "postgresql":
        return {w.replace("''", "'") for w in re.findall(r"'((?:[^']|'')*)'", stored)}
    return set(stored.split())


def _replay(model, table, objects, *, create=None, initial=""):
    """Every object's timeline, in order, is a chain of moves its action table allows — from its creation (a
    "create" row to `create`) or, for rows made without one, from `initial` — ending in the state stored.
    Returns the number of objects replayed."""
    allowed = {(a.log or name, s, a.target or s) for name, a in table.items() for s in a.sources}
    if create is not None:
        allowed.add(("create", "", create))
    states = dict(objects.values_list("pk", "state"))
    rows = defaultdict(list)
    for pk, action, frm, to, at in (StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(states))
            .order_by("at", "id").values_list("object_id", "action", "from_state", "to_state", "at")):
        rows[pk].append((action, frm, to, at))
    for pk, state in states.items():
        current = "" if create is not None else initial
        for action, frm, to, _at in rows[pk]:
            assert (action, frm, to) in allowed, (model.__name__, pk, action, frm, to)
            assert frm == current, (model.__name__, pk, action, frm, current)
            current = to
        assert current == state, (model.__name__, pk, rows[pk], state)
    return len(states)


def test_the_grassroots_history_holds_together(history):
    before, _queries_before, out = history
    connection.check_constraints()  # every foreign key points at a row
    assert "基层履职数据写入完成" in out
    today, now = timezone.localdate(), timezone.now()
    recent = today - dt.timedelta(days=150)

    # every committee taking cases has member groups, each led by one of its members
    assert not MemberGroup.objects.exclude(leader__member_group=F("pk")).filter(committee__level__in=["city", "county"],
                                                                                pk__gt=before[MemberGroup]).exists()

    # cases: each state as its story left it, its timeline replaying to it
    cases = _new(CommunityCase, before)
    assert cases.count() > 1000
    states = Counter(cases.values_list("state", flat=True))
    assert {CaseState.DECLINED, CaseState.CONSULTED, CaseState.RESOLVED, CaseState.ARCHIVED} <= set(states), states
    assert states[CaseState.ARCHIVED] > cases.count() / 2
    assert _replay(CommunityCase, CASE_ACTIONS, cases, create=CaseState.SUBMITTED) == cases.count()
    open_ = [CaseState.SUBMITTED, CaseState.ACCEPTED, CaseState.OFFERED, CaseState.CLAIMED, CaseState.CONSULTED]
    assert not cases.filter(state__in=open_, created_at__date__lt=today - dt.timedelta(days=120)).exists()
    done = [CaseState.CONSULTED, CaseState.RESOLVED, CaseState.ARCHIVED]
    assert not cases.filter(state=CaseState.DECLINED, decline_reason="").exists()
    assert not cases.exclude(state__in=[CaseState.SUBMITTED, CaseState.DECLINED]).filter(Q(grade="") | Q(theme="")).exists()
    assert not cases.filter(state__in=[CaseState.RESOLVED, CaseState.ARCHIVED]).filter(Q(outcome="") | Q(answer="")).exists()
    assert not cases.filter(state=CaseState.ARCHIVED).filter(Q(summary="") | Q(archived_at=None)).exists()
    assert set(CaseConsultation.objects.filter(case__in=cases).values_list("case_id", flat=True)) == set(
        cases.filter(state__in=done).values_list("pk", flat=True))
    claimed = cases.filter(state__in=[CaseState.CLAIMED, *done])
    leads = claimed.annotate(n=Count("claims", filter=Q(claims__lead=True))).values_list("n", flat=True)
    assert set(leads) == {1}
    assert not cases.exclude(state__in=[CaseState.CLAIMED, *done]).filter(claims__isnull=False).exists()
    # claimants belong to the case's community group; a group is named from 分单 on
    assert not CaseClaim.objects.filter(case__in=cases).exclude(member__member_group=F("case__member_group")).exists()
    assert not cases.filter(state__in=[CaseState.OFFERED, CaseState.CLAIMED, *done], member_group=None).exists()
    # a reception day's issues became the committee's cases, registered by a member on duty that day
    reception = cases.filter(source="reception")
    assert reception.exists()
    assert not reception.exclude(reception_duty__studio__committee=F("committee")).exists()
    assert not reception.exclude(reception_duty__state=DutyState.DONE).exists()
    linked = ReceptionIssue.objects.filter(case_id__in=reception.values("pk"))
    assert linked.count() == reception.count()

    # a case's obligations: each stage met when done; only the open recent ones pending, one each, as owed
    obligations = _new(Obligation, before).filter(kind__in=KINDS)
    case_type = ContentType.objects.get_for_model(CommunityCase)
    case_obligations = obligations.filter(subject_type=case_type)
    assert set(case_obligations.values_list("kind", flat=True)) == set(CASE_KINDS)
    pending = case_obligations.filter(state__in=PENDING_STATES)
    assert sorted(pending.values_list("subject_id", "kind")) == sorted(
        (pk, OWED[state]) for pk, state in cases.filter(state__in=list(OWED)).values_list("pk", "state"))
    check = dict(case_obligations.filter(kind=K.CASE_CHECK).values_list("subject_id", "state"))
    assert len(check) == cases.count()
    met_consult = dict(case_obligations.filter(kind=K.CASE_CONSULT, state=ObligationState.MET)
                       .values_list("subject_id", "met_at"))
    timeline = dict(StateChange.objects.filter(content_type=case_type, action="consult", object_id__in=list(met_consult))
                    .values_list("object_id", "at"))
    assert met_consult == timeline
    assert "协商解单：" in case_obligations.filter(kind=K.CASE_CONSULT).first().display_title

    # the full-text rows are what consult.cases.search stores, and a two-character word finds the cases
    rows = dict(CaseSearch.objects.filter(case__in=cases).values_list("case_id", "text"))
    assert len(rows) == cases.count()
    for case in cases.order_by("?")[:40]:
        assert _words(rows[case.pk]) == set(search.case_words(search.case_texts(case)).split()), case.pk
    lamps = set(cases.filter(title__contains="路灯").values_list("pk", flat=True))
    assert lamps
    found = set(search.matching(cases, "路灯").values_list("pk", flat=True))
    assert lamps <= found and not found - lamps - set(cases.filter(description__contains="路灯").values_list("pk", flat=True))
    client = Client()
    client.force_login(get_user_model().objects.get(username="staff_linshu"))
    response = client.get("/consult/cases/", {"bank": "cases", "q": "路灯"})
    shown = [c.pk for c in response.context["page"].object_list]
    assert shown and set(shown) <= set(search.matching(CommunityCase.objects.filter(state=CaseState.ARCHIVED), "路灯")
                                       .values_list("pk", flat=True))
    assert set(shown) & lamps

    # reception days: recorded by a member on duty; duties done or missed; swaps exchanged the members
    days, duties = _new(ReceptionDay, before), _new(ReceptionDuty, before)
    assert days.count() > 100 and set(days.values_list("state", flat=True)) == {DayState.HELD}
    assert not days.filter(date__gte=today).exists() and not duties.filter(date__gte=today).exists()
    assert set(duties.values_list("state", flat=True)) == {DutyState.DONE, DutyState.ABSENT}
    for day in days.order_by("?")[:50]:
        on_duty = ReceptionDuty.objects.filter(studio=day.studio_id, date=day.date)
        assert 2 <= on_duty.count() <= 3
        assert on_duty.filter(member__user=day.recorded_by_id, state=DutyState.DONE).exists()
    swaps = _new(DutySwap, before)
    assert swaps.exists() and set(swaps.values_list("state", flat=True)) == {SwapState.APPROVED}
    assert not swaps.exclude(duty__member=F("other_member")).exists()
    assert not swaps.exclude(other_duty__member=F("requester")).exists()
    duty_type = ContentType.objects.get_for_model(ReceptionDuty)
    duty_obligations = obligations.filter(subject_type=duty_type)
    assert duty_obligations.count() >= 2 * duties.count()
    assert not duty_obligations.filter(state__in=PENDING_STATES).exists()
    day_met = set(duty_obligations.filter(kind=K.RECEPTION_DAY, state=ObligationState.MET).values_list("subject_id", flat=True))
    assert day_met == set(duties.filter(state=DutyState.DONE).values_list("pk", flat=True))
    assert not duty_obligations.filter(kind=K.RECEPTION_DAY, state=ObligationState.MET).exclude(
        owner_member__duties=F("subject_id")).exists()  # owed by the member on duty at the end

    # reports: bulletins numbered 1, 2, … per committee, kind and year; what was compiled is its committee's
    reports = _new(OpinionReport, before)
    assert set(reports.values_list("state", flat=True)) >= {ReportState.ADOPTED, ReportState.NOT_ADOPTED,
                                                            ReportState.MERGED, ReportState.RETURNED}
    numbers = defaultdict(list)
    for committee, kind, year, number in Bulletin.objects.values_list("committee", "kind", "year", "number"):
        numbers[(committee, kind, year)].append(number)
    assert len(numbers) > 10
    for key, found_numbers in numbers.items():
        assert sorted(found_numbers) == list(range(1, len(found_numbers) + 1)), key
    assert not reports.exclude(bulletin=None).exclude(bulletin__committee=F("committee")).exists()
    assert not reports.exclude(bulletin=None).exclude(state=ReportState.ADOPTED).exists()
    assert not reports.exclude(bulletin=None).filter(bulletin__created_at__lt=F("decided_at")).exists()
    merged = reports.filter(state=ReportState.MERGED)
    assert not merged.exclude(merged_into__committee=F("committee")).exists()
    assert not reports.filter(state=ReportState.ADOPTED).exclude(
        level_adoptions__level__in=["county", "city", "province"]).exists()
    assert LevelAdoption.objects.filter(report__in=reports).exclude(level__in=["county", "city", "province"]).exists()
    # forwards: replied (obligation met at the reply) or, sent in the last weeks, still owed
    forwards = _new(ReportForward, before)
    assert forwards.filter(state=ForwardState.REPLIED).exists()
    forward_obligations = obligations.filter(subject_type=ContentType.objects.get_for_model(ReportForward))
    assert forward_obligations.count() == forwards.count()
    met = dict(forward_obligations.filter(state=ObligationState.MET).values_list("subject_id", "met_at"))
    assert met == dict(forwards.filter(state=ForwardState.REPLIED).values_list("pk", "replied_at"))
    assert set(forward_obligations.filter(state__in=PENDING_STATES).values_list("subject_id", flat=True)) == set(
        forwards.filter(state=ForwardState.SENT).values_list("pk", flat=True))
    assert not forwards.filter(state=ForwardState.SENT, sent_at__date__lt=today - dt.timedelta(days=60)).exists()

    # pending obligations: only the last months', overdue exactly when past due, the next reminder to come
    pending = obligations.filter(state__in=PENDING_STATES)
    assert pending.exists()
    assert not pending.filter(start_date__lt=recent).exists()
    assert not pending.filter(Q(state=ObligationState.OPEN, due_date__lt=today) |
                              Q(state=ObligationState.OVERDUE, due_date__gte=today)).exists()
    assert not pending.filter(Q(next_reminder_at__lte=now) | Q(next_reminder_at=None)).exists()

    # every timeline replays through its action table to the state stored
    for model, table, create, initial in (
            (ReceptionDuty, DUTY_ACTIONS, DutyState.PLANNED, ""), (ReceptionDay, DAY_ACTIONS, None, DayState.PLANNED),
            (DutySwap, SWAP_ACTIONS, SwapState.REQUESTED, ""), (OpinionReport, REPORT_ACTIONS, ReportState.DRAFT, ""),
            (Bulletin, BULLETIN_ACTIONS, "draft", ""), (ReportForward, FORWARD_ACTIONS, None, ForwardState.SENT)):
        assert _replay(model, table, _new(model, before), create=create, initial=initial) > 0, model
    with_timeline = obligations.filter(pk__in=StateChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Obligation)).values("object_id"))
    assert with_timeline.exists() and not with_timeline.filter(start_date__lt=today - dt.timedelta(days=366),
                                                               state__in=[ObligationState.MET, ObligationState.WAIVED]).exists()
    _replay(Obligation, OBLIGATION_WORKFLOW, with_timeline, create=ObligationState.OPEN)


def test_the_bench_grassroots_pages_run_as_many_queries_on_the_history(history):
    _before, queries_before, _out = history
    after = _queries()
    assert all(status == 200 for status, _n, _pager in after.values()), after
    # as many queries, but for the pager's count, which a first page that is not full does without
    assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in queries_before.items()}
    assert all(0 <= after[k][2] - queries_before[k][2] <= 2 for k in after), (queries_before, after)
