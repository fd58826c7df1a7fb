"""Years of a province's grassroots work, written in bulk: the grassroots part of `manage.py seed_history`
(used by `make bench`), called by the command after the consultation part (consult/history.py).

For every committee (not townships) with members and every year of the history, what the services of
consult.reception, consult.cases and consult.reports would have stored, in three parts that share this
module's context (the organisation, the clock, the obligations and the timeline rows):

- 委员接待日 (consult/reception/history.py): at every studio with enough members, the reception day of each
  month already past — the roster (roster.plan_roster, published in December), the duties (已值班, a few 未到岗,
  a few swapped through an approved DutySwap), the day recorded by a member on duty with its visitors and the
  issues residents raised (ReceptionIssue, each registered as a case where the committee takes cases), the
  duties' obligations (RECEPTION_CONFIRM met or waived, RECEPTION_DAY met or waived: all in the past);
- grassroots cases 四单 (consult/cases/history.py), in city and county committees: 100–200 a county a year
  (fewer in the first years), from the public form, convenors, members' visits and the reception days, through 定单
  (or 不予受理), 分单 (a few re-offered), 接单 (a lead claimant, co-claimants, a few joining later), 协商解单,
  跟进督单 to 办结 and 归单; their claims, consultation, follow-ups, the answer and write-up; the full-text
  rows (CaseSearch: the words consult.cases.search stores, computed once per distinct text); the stage
  obligations (CASE_CHECK, CASE_CLAIM, CASE_CONSULT, CASE_FOLLOWUP: met when the stage was done, pending —
  with the next reminder scheduled, overdue past the due date — for the cases still open, all from the last
  months: a case's stages take at most a few months);
- 社情民意信息 (consult/reports/history.py), in every committee: reports by members (information officers
  more), submitted, a few returned and resubmitted, edited, merged, adopted (with the committee's own level)
  or not; the monthly 期刊 and quarterly 专报 issues, numbered per committee, kind and year; sendings up,
  adoptions at higher levels, leader instructions and forwards to units with their replies and OPINION_REPLY
  obligations (met; still owed only for the forwards of the last weeks);
- the timelines (StateChange rows) of cases, duties, days, swaps, reports, bulletins and forwards, each move
  one of the action tables allows, on the days of the story.

Before that, the organisation the services need: committees taking cases without any community member
group (at province scale every county but the demo's few) get groups as seed_demo makes them (members
spread over them, each led by a 常委), and a CaseSettings row taking cases from the public form. Studios
and their members are seed_demo's (every committee with members has one).

Only the last months hold pending obligations; everything else is settled. Deliberately left out: the
notifications of past years, the field-level change records of the duties, raising cases to topics or
proposals, unavailable dates; obligations settled more than a year ago keep no timeline of their own
(as in proposals.history). A committee and year that already has reports or bulletins (the demo's) gets no
reports here, and a studio's date with a duty or a day already (the demo's roster) is left as it is, so
numbering and rosters stay one per year.

Rows go in through proposals.history's loader (PostgreSQL COPY, executemany elsewhere), ids assigned here, in
the order of the story within each year; the timeline and obligation rows, the most numerous, are formatted
for COPY here. On PostgreSQL outside an enclosing transaction (the command, not the tests) and as a superuser,
the load runs with the foreign-key triggers off (session_replication_role replica, for this transaction only:
the ids are ours) and rebuilds the indexes of the tables only this part fills much (cases, claims,
consultations, follow-ups, search rows, reports) once at the end. At province scale (seed_demo --scale
province, ten years) that is about 140,000 cases, 56,000 reports, 20,000 reception days, 620,000 obligations
and 1.7 million timeline rows in 2–3 minutes on this machine (2 shared cores).
"""

import datetime as dt
import json
import random
import time
from bisect import bisect_right
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone, translation

from members.enums import CommitteeLevel, Role
from members.models import Committee, HandlingUnit, Member, MemberGroup, RoleAssignment, Studio
from members.numerals import chinese_number
from portal.models import StateChange
from proposals.history import BATCH, Loader
from supervision import calendar
from supervision.enums import ObligationState, OwnerKind
from supervision.models import Obligation
from supervision.schedule import plan as reminder_plan
from supervision.services.due_actions import due_action_at
from supervision.services.policies import PolicyBook

from .cases.history import CaseHistory
from .cases.models import CaseClaim, CaseConsultation, CaseFollowUp, CaseSearch, CaseSettings, CommunityCase
from .cases.services import CASE_LEVELS
from .models import OpinionReport
from .reception.history import ReceptionHistory
from .reports.history import ReportHistory

OS = ObligationState
# member groups for committees that have none (seed_demo: a county's 镇街委员活动组, a city's community groups)
COUNTY_GROUPS = ["城关镇", "城东街道", "城西街道", "城南街道", "城北街道", "经济开发区"]
CITY_GROUPS = ["人民路社区", "解放路社区", "和平社区", "建设社区", "文化社区", "长江社区", "花园社区", "新华社区"]
CHAIR_POSITIONS = 6  # seed_demo: the first members are the 主席会议 (a group is led by a member after them)
NULL = "\\N"  # COPY's text format
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _moment(value):
    return NULL if value is None else value.isoformat()


class Grassroots:
    """What the three parts share: the organisation, the clock, the loader and the rows every part writes
    (obligations and timeline rows)."""

    def __init__(self, *, years, seed, log, bulk=False):
        self.bulk = bulk
        self.rng = random.Random(seed + 23)
        self.log = log
        self.now = timezone.now()
        self.tz = timezone.get_default_timezone()
        self.today = timezone.localdate(self.now)
        self.cap = self.now - dt.timedelta(minutes=5)  # nothing happens after this
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))
        self.policies = PolicyBook.load()
        self.counts = Counter()

    # -- the clock
    def at(self, day, low=8, high=18):
        """A moment of `day` between `low` and `high` o'clock, local time (not capped)."""
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(low, high - 1), self.rng.randint(0, 59),
                           self.rng.randint(0, 59), tzinfo=self.tz)

    def after(self, moment, low_days, high_days):
        """A moment `low_days`–`high_days` after `moment`, in office hours (not capped: compare with `cap`)."""
        later = moment + dt.timedelta(days=self.rng.uniform(low_days, high_days))
        if not 8 <= later.hour < 18:
            later = later.replace(hour=self.rng.randint(8, 17), minute=self.rng.randint(0, 59))
            if later <= moment:
                later = moment + dt.timedelta(minutes=self.rng.randint(5, 90))
        return later

    def _calendar(self):
        """Working days over the history, as supervision.calendar counts them (its rows, its years covered)."""
        first, last = dt.date(self.years[0] - 1, 1, 1), dt.date(self.today.year + 2, 12, 31)
        exceptions = calendar._exceptions(first, last)
        days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        self.workdays = [d for d in days if calendar._is_workday(d, exceptions)]

    def add_workdays(self, day, n):
        """supervision.calendar.add_workdays(day, n) for n ≥ 1, without a query."""
        return self.workdays[bisect_right(self.workdays, day) + n - 1]

    # -- the organisation
    def _org(self):
        self.committees = list(Committee.objects.exclude(level=CommitteeLevel.TOWNSHIP).order_by("path"))
        self.by_id = {c.pk: c for c in self.committees}
        self.members = defaultdict(list)
        self.member_info = {}  # id -> (user id, name, group id, convenor, info officer)
        for pk, committee_id, user_id, name, group_id, convenor, officer in (
                Member.objects.filter(active=True).order_by("pk").values_list(
                    "pk", "committee_id", "user_id", "name", "member_group_id", "is_convenor", "is_info_officer")):
            self.members[committee_id].append(pk)
            self.member_info[pk] = (user_id, name, group_id, convenor, officer)
        staff = dict(RoleAssignment.objects.filter(role=Role.STAFF).order_by("-pk").values_list("committee_id", "user_id"))
        self.staff = {}
        for c in self.committees:
            ids = [int(p) for p in c.path.strip("/").split("/") if p]
            self.staff[c.pk] = next((staff[i] for i in reversed(ids) if i in staff), None)
        self.units = defaultdict(list)
        for pk, committee_id, name in HandlingUnit.objects.filter(active=True).order_by("pk").values_list(
                "pk", "committee_id", "name"):
            self.units[committee_id].append((pk, name))
        self.unit_user = dict(RoleAssignment.objects.filter(role=Role.UNIT, unit__isnull=False).order_by("pk")
                              .values_list("unit_id", "user_id"))
        self.groups = defaultdict(list)  # committee id -> [(group id, name, leader id, [active member ids])]
        group_members = defaultdict(list)
        for pk, (_user, _name, group_id, _c, _o) in self.member_info.items():
            if group_id:
                group_members[group_id].append(pk)
        for pk, committee_id, name, leader_id in MemberGroup.objects.order_by("pk").values_list(
                "pk", "committee_id", "name", "leader_id"):
            leader = leader_id if leader_id in self.member_info else None
            if group_members[pk]:
                self.groups[committee_id].append((pk, name, leader, group_members[pk]))
        self.studios = defaultdict(list)  # committee id -> [(studio id, name, reception day, duty size, [members])]
        studio_members = defaultdict(list)
        for studio_id, member_id in Studio.members.through.objects.order_by("member_id").values_list(
                "studio_id", "member_id"):
            if member_id in self.member_info:
                studio_members[studio_id].append(member_id)
        for pk, committee_id, name, day, size in Studio.objects.filter(active=True).order_by("pk").values_list(
                "pk", "committee_id", "name", "reception_day", "duty_size"):
            self.studios[committee_id].append((pk, name, day, size, studio_members[pk]))

    def _ensure_groups(self):
        """Committees taking cases with members but no member group get groups as seed_demo makes them, and
        every committee taking cases takes them from the public form (CaseSettings), as the demo's do."""
        have = set(MemberGroup.objects.values_list("committee_id", flat=True))
        made = 0
        for c in self.committees:
            members = self.members[c.pk]
            if c.level not in CASE_LEVELS or c.pk in have or len(members) < 2 * len(CITY_GROUPS):
                continue
            if c.level == CommitteeLevel.COUNTY:
                groups = [MemberGroup(committee=c, name=f"{t}委员活动组", community=t) for t in COUNTY_GROUPS]
            else:
                groups = [MemberGroup(committee=c, name=f"第{chinese_number(i + 1)}委员小组（{n}）", community=n)
                          for i, n in enumerate(CITY_GROUPS)]
            MemberGroup.objects.bulk_create(groups)
            leaders = []
            for i, group in enumerate(groups):
                mine = members[i::len(groups)]
                Member.objects.filter(pk__in=mine).update(member_group=group)
                group.leader_id = next((m for m in mine if members.index(m) >= CHAIR_POSITIONS), mine[0])
                leaders.append(group.leader_id)
            MemberGroup.objects.bulk_update(groups, ["leader"])
            Member.objects.filter(pk__in=leaders).update(is_standing=True)  # a group is led by a 常委
            made += len(groups)
        have = set(CaseSettings.objects.values_list("committee_id", flat=True))
        CaseSettings.objects.bulk_create([CaseSettings(committee=c, accepts_public=True) for c in self.committees
                                          if c.level in CASE_LEVELS and c.pk not in have and self.members[c.pk]])
        if made:
            self.log(f"  基层履职：为没有委员小组的政协组织建立 {made} 个委员小组")

    def user_of(self, member_id):
        return self.member_info[member_id][0] if member_id is not None else None

    def name_of(self, member_id):
        return self.member_info[member_id][1]

    # -- the rows every part writes
    def _tables(self):
        L = self.loader = Loader(self.log)  # noqa: N806
        self.t_obligation = L.table(Obligation, [
            "id", "committee_id", "kind", "title", "title_key", "title_params", "subject_type_id", "subject_id",
            "owner_kind", "owner_unit_id", "owner_member_id", "start_date", "due_date", "original_due_date",
            "state", "met_at", "next_reminder_at", "due_action_at", "url", "created_at"])
        self.t_change = L.table(StateChange, ["content_type_id", "object_id", "at", "actor_id", "action",
                                              "from_state", "to_state", "note"])
        self.ct = {}

    def content_type(self, model):
        if model not in self.ct:
            self.ct[model] = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
        return self.ct[model]

    def change(self, ct, pk, at, actor, action, frm, to, note=""):
        """A timeline row (portal.audit.record_transition's). The most numerous rows: on PostgreSQL formatted
        here for COPY (what the loader's Table.add would write, without its per-value dispatch)."""
        t = self.t_change
        if not self.loader.pg:
            t.add(ct, pk, at, actor, action, frm, to, note)
            return
        actor = NULL if actor is None else actor
        t.rows.append(f"{ct}\t{pk}\t{at.isoformat()}\t{actor}\t{action}\t{str(frm)}\t{str(to)}\t"
                      f"{note.translate(COPY_ESCAPES)}{t.extra_text}")
        if len(t.rows) >= BATCH:
            t.flush()

    def obligation(self, committee_id, kind, key, params, subject_ct, subject_id, *, owner_kind, start, due, created,
                   actor=None, unit=None, member=None, done=None, done_by=None, waived=False, note=""):
        """An obligation as supervision.services.create_obligation wrote it at `created` (from `start`, due on
        `due`), then met (or waived, with `note`) at `done` by `done_by`, or still pending: overdue past its due
        date, with its next reminder as the services schedule it. Its own timeline is written unless it was
        settled and started more than a year ago."""
        oid = self.t_obligation.new_id()
        due = max(due, start)
        marked = None  # when the sweep marked it overdue: the night after its due date
        if done is not None:
            state, met_at = (OS.WAIVED, None) if waived else (OS.MET, done)
            next_reminder = action_at = None
        else:  # overdue once the sweep has marked it (just after midnight its due date may have passed, the sweep not)
            marked = self._marked(due)
            state, met_at = (OS.OVERDUE if marked < self.cap else OS.OPEN), None
            policy = self.policies.get(committee_id, kind)
            next_reminder = reminder_plan(due, policy, now=self.now, since=start).upcoming_at
            action_at = due_action_at(kind, due)
        unit = unit if owner_kind == OwnerKind.UNIT else None
        member = member if owner_kind == OwnerKind.MEMBER else None
        t = self.t_obligation
        if self.loader.pg:  # the second most numerous rows: formatted here for COPY, as for the timeline
            e = COPY_ESCAPES
            t.rows.append("\t".join((
                str(oid), str(committee_id), str(kind), (key % params)[:300].translate(e), key.translate(e),
                json.dumps(params, ensure_ascii=False).translate(e), str(subject_ct), str(subject_id),
                str(owner_kind), NULL if unit is None else str(unit), NULL if member is None else str(member),
                start.isoformat(), due.isoformat(), due.isoformat(), str(state), _moment(met_at),
                _moment(next_reminder), _moment(action_at), "", created.isoformat())) + t.extra_text)
            if len(t.rows) >= BATCH:
                t.flush()
        else:
            t.add(oid, committee_id, kind, (key % params)[:300], key, params, subject_ct, subject_id, owner_kind, unit,
                  member, start, due, due, state, met_at, next_reminder, action_at, "", created)
        self.counts[f"grassroots obligations {kind} {state}"] += 1
        if done is not None and (self.today - start).days > 365:
            return
        ct = self.content_type(Obligation)
        self.change(ct, oid, created, actor, "create", "", OS.OPEN, f"截止日期 {due}")
        marked = marked or self._marked(due)
        late = marked < (done or self.cap)
        if late:
            self.change(ct, oid, marked, None, "overdue", OS.OPEN, OS.OVERDUE, f"截止日期 {due} 已过")
        if done is not None:
            self.change(ct, oid, done, done_by, "waive" if waived else "meet", OS.OVERDUE if late else OS.OPEN, state,
                        note)

    def _marked(self, due):
        """When the nightly sweep marked an obligation due on `due` overdue: just after the next midnight."""
        return dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, self.rng.randint(1, 30)), tzinfo=self.tz)

    # -- the run
    def run(self):
        started = time.monotonic()
        if self.bulk:
            with connection.cursor() as cur:
                cur.execute("SET LOCAL session_replication_role = replica")  # ids are ours: no per-row FK triggers
                cur.execute("SET LOCAL synchronous_commit = off")
        self._org()
        self._ensure_groups()
        self._org()  # again, with the groups
        self._calendar()
        self._tables()
        if self.bulk:  # the tables only this part fills much: one index build each beats 100,000s of insertions
            self.loader.drop_indexes([CommunityCase, CaseClaim, CaseConsultation, CaseFollowUp, CaseSearch,
                                      OpinionReport])
        reception, cases, reports = ReceptionHistory(self), CaseHistory(self), ReportHistory(self)
        for year in self.years:
            for committee in self.committees:
                if not self.members[committee.pk]:
                    continue
                issues = reception.year(committee, year)
                if committee.level in CASE_LEVELS and self.groups[committee.pk]:
                    cases.year(committee, year, issues)
                reception.write_issues(issues)
                reports.year(committee, year)
            self.log(f"  基层履职 {year}：点单 {cases.made} 件，社情民意 {reports.made} 条，接待日 {reception.made} 个，"
                     f"{time.monotonic() - started:.0f} 秒")
        self.loader.finish()
        if self.bulk:
            self.loader.restore_indexes()
        self.counts.update({f"grassroots {t.model._meta.label}": t.count for t in self.loader.tables})
        self.log(f"  基层履职数据写入完成：{time.monotonic() - started:.0f} 秒")
        return self.counts


def _superuser():
    """Whether the database user may switch off the foreign-key triggers (session_replication_role)."""
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cur.fetchone()
    return bool(row and row[0])


def seed_grassroots_history(*, years=10, seed=2026, log=print):
    """Write the grassroots history (reception days, cases, opinion reports) in one transaction; returns
    {what: rows written, ...}. Labels stored in notes (a case's source, a sending's target) are the site's
    language's, as a request in it would store them."""
    bulk = connection.vendor == "postgresql" and not connection.in_atomic_block and _superuser()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        return Grassroots(years=years, seed=seed, log=log, bulk=bulk).run()
