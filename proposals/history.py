"""Years of a province's proposal work, written in bulk: `manage.py seed_history` (used by `make bench`).

On top of an organisation built by `seed_demo` (any scale; committees with fewer than eight handling
units get more, see `add_units`), for every committee with members and every year that has a session:
proposals (about one per member and year) with 案由 and 建议 composed from the sentences of the seed texts, in the states their age makes likely (older ones closed, the
last year's spread over review and handling, a realistic share of stragglers overdue); their
co-signatures, assignments (主办, 会办, 分办, a few adjusted), replies and ratings; the obligations the
services would have opened (review, reply and 回头看 for every year, every kind for the last year), met,
waived or pending, the pending ones due or overdue with their next reminder scheduled; the timeline
(portal StateChange rows) of proposals, assignments and obligations; the similar-proposal index
(ProposalIndex, ProposalTerm, TermStat), weighted as `proposals.similarity` weights it; and the full-text
search rows (ProposalSearch), the words `proposals.search` would store.

Rows go in with PostgreSQL COPY (foreign-key triggers off during the load, ids assigned here and the
sequences reset afterwards); on other databases with executemany, so the tests can run it small.
The values are what the services would have stored; `tests/test_bench.py` checks that they hold
together (states in the transition tables, links to real rows, the index filled).

Differences from data made through the services, all deliberate: the 案号 sequence follows creation
order within a session; term counts of the index are summed per sentence (segmentation once per
sentence of the pool, which differs from segmenting the whole text only at sentence boundaries; the
search rows' words are exactly the services', since jieba never segments across a sentence's end);
obligations before the last year are only the review and reply ones (the others of those years would
be met long ago and only add rows), and obligations settled more than a year ago keep no timeline of
their own; notifications and reminders of past years are not written.
"""

import datetime as dt
import hashlib
import heapq
import io
import json
import math
import multiprocessing
import random
import re
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import chain
from operator import itemgetter
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from members.enums import CommitteeLevel, Role
from members.models import Committee, HandlingUnit, Member, RoleAssignment, Sector, Session
from members.numerals import chinese_number
from portal.models import StateChange
from supervision.enums import ObligationKind, ObligationState, OwnerKind
from supervision.models import Obligation
from supervision.schedule import plan
from supervision.services.due_actions import due_action_at
from supervision.services.policies import PolicyBook

from . import search, similarity
from .defaults import ensure_default_lists
from .enums import (
    AssignmentRole,
    AssignmentState,
    CollectiveKind,
    CoSignatureState,
    ProposalKind,
    ProposalPeriod,
    ProposalState,
    Relevance,
    ReplyState,
    Satisfaction,
)
from .models import (
    Assignment,
    CoSignature,
    Proposal,
    ProposalCategory,
    ProposalIndex,
    ProposalSearch,
    ProposalTerm,
    Rating,
    Reply,
    ReplyCategory,
    TermStat,
)

SEEDS = Path("/work/shared/seeds")
PAIRS = Path(__file__).resolve().parent.parent / "tests" / "proposals" / "data" / "similar_pairs.json"
BATCH = 10_000
BULK_MIN_PROPOSALS = 20_000  # from this size the load drops and rebuilds the secondary indexes
S, A, K, OS = ProposalState, AssignmentState, ObligationKind, ObligationState

# ---------------------------------------------------------------- text


def sentence_pool():
    """Chinese sentences of the seed texts (and the similar-pair samples, and the demo topics)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    if PAIRS.exists():
        data = json.loads(PAIRS.read_text(encoding="utf-8"))
        texts += [p["query"] + "\n" + p["match"] for p in data["pairs"]] + list(data["distractors"])
    from .demo import TOPICS

    texts += [f"{r}\n{s}" for _t, _c, r, s in TOPICS]
    parts = (s.strip() for s in re.split(r"[。！？；\n]", "\n".join(texts)))
    pool = sorted({re.sub(r"^[\d.、（）()]+", "", re.sub(r"[\\\t\r\n]", "", s)) + "。"
                   for s in parts if re.search(r"[\u4e00-\u9fff]{6}", s)})
    return [s for s in pool if len(s) >= 8]


def title_pool(pool, rng, size=4000):
    """Distinct proposal titles: 关于 + a stretch of a sentence + 的建议."""
    titles = set()
    for _ in range(size * 4):
        s = re.sub(r"[，、：:“”‘’（）()《》\s\d.%％,;；]", "", rng.choice(pool))
        if len(s) < 8:
            continue
        n = rng.randint(6, min(18, len(s)))
        start = rng.randint(0, len(s) - n)
        titles.add(f"关于{s[start:start + n]}的建议")
        if len(titles) >= size:
            break
    return sorted(titles)


class Composer:
    """Texts of a target length, cut at sentence boundaries out of one long random sequence of the pool's
    sentences (slicing is what keeps 300,000 proposals cheap); remembers which sentences lie inside the
    first BODY_LIMIT characters, the part the similarity index reads."""

    SENTENCES = 150_000

    def __init__(self, pool, rng):
        self.rng = rng
        self.ids = array("H", (rng.randrange(len(pool)) for _ in range(self.SENTENCES)))
        self.corpus = "".join(pool[i] for i in self.ids)
        self.starts = array("q")
        pos = 0
        for i in self.ids:
            self.starts.append(pos)
            pos += len(pool[i])
        self.starts.append(pos)

    def text(self, low, high):
        """(text, ids of the sentences inside the first BODY_LIMIT characters)."""
        length = self.rng.randint(low, high)
        k = self.rng.randrange(self.SENTENCES - 1000)
        start = self.starts[k]
        end = bisect_left(self.starts, start + length, k)
        head = bisect_right(self.starts, start + similarity.BODY_LIMIT, k) - 1
        self.last = (k, end)  # the text is the sentences ids[k:end] (for the search rows)
        return self.corpus[start:self.starts[end]], self.ids[k:max(k, head)]


# ---------------------------------------------------------------- bulk writing


class Table:
    """Rows of one model, as tuples in `columns` order (attnames); the model's other columns get their
    default (or NULL, or "" for blank text, or `now` for auto timestamps). A NOT NULL column without
    any of those is an error here, so a new model field cannot be silently missed."""

    def __init__(self, loader, model, columns):
        self.loader, self.model, self.columns = loader, model, list(columns)
        meta = model._meta
        attnames = {f.attname for f in meta.concrete_fields}
        unknown = set(self.columns) - attnames
        if unknown:
            raise ValueError(f"{meta.label}: no such columns {sorted(unknown)}")
        self.extra_columns, self.extra = [], ()
        extra = []
        for f in meta.concrete_fields:
            if f.attname in self.columns or (f.primary_key and getattr(f, "db_returning", False)):
                continue  # given, or an auto-increment id the database assigns
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = loader.now
            elif isinstance(f, models.CharField | models.TextField) and f.blank:
                value = ""
            else:
                raise ValueError(f"{meta.label}.{f.name} is NOT NULL without a default: seed_history must set it")
            self.extra_columns.append(f.attname)
            extra.append(value)
        self.extra = tuple(extra)
        self.extra_text = "".join("\t" + _copy_text(v) for v in extra) + "\n"
        self.db_columns = [connection.ops.quote_name(self._column(a)) for a in self.columns + self.extra_columns]
        self.rows = []
        self.count = 0
        self.next_id = loader.next_id(model)

    def _column(self, attname):
        for f in self.model._meta.concrete_fields:
            if f.attname == attname:
                return f.column
        raise KeyError(attname)

    def new_id(self):
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, *values):
        if self.loader.pg:
            self.rows.append("\t".join([_copy_text(v) for v in values]) + self.extra_text)
        else:
            self.rows.append(values + self.extra)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if self.rows:
            self.loader.write(self, self.rows)
            self.count += len(self.rows)
            self.rows = []


_ESCAPE = re.compile(r"[\\\t\n\r]")


def _copy_str(value):
    if _ESCAPE.search(value) is None:
        return value
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_COPY = {
    str: _copy_str, int: str, float: repr, bool: lambda v: "t" if v else "f", type(None): lambda v: "\\N",
    dt.datetime: dt.datetime.isoformat, dt.date: dt.date.isoformat,
    dict: lambda v: _copy_str(json.dumps(v, ensure_ascii=False)), list: lambda v: _copy_str(json.dumps(v, ensure_ascii=False)),
}


def _copy_text(value):
    """One value in COPY's text format."""
    convert = _COPY.get(type(value))
    return convert(value) if convert is not None else _copy_str(str(value))


class Loader:
    def __init__(self, log):
        self.pg = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.log = log
        self.tables = []

    def next_id(self, model):
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def table(self, model, columns):
        t = Table(self, model, columns)
        self.tables.append(t)
        return t

    def write(self, table, rows):
        name = table.model._meta.db_table
        with connection.cursor() as cur:
            if self.pg:
                buf = io.StringIO()
                buf.writelines(rows)
                buf.seek(0)
                cur.cursor.copy_expert(f"COPY {name} ({', '.join(table.db_columns)}) FROM STDIN", buf)
            else:
                ops = connection.ops
                conv = []
                for row in rows:
                    out = []
                    for v in row:
                        if isinstance(v, dt.datetime):
                            v = ops.adapt_datetimefield_value(v)
                        elif isinstance(v, dt.date):
                            v = v.isoformat()
                        elif isinstance(v, dict | list):
                            v = json.dumps(v, ensure_ascii=False)
                        out.append(v)
                    conv.append(out)
                marks = ", ".join(["%s"] * len(table.db_columns))
                cur.executemany(f"INSERT INTO {name} ({', '.join(table.db_columns)}) VALUES ({marks})", conv)

    def computed(self, table, compute, chunks, progress):
        """Rows of `table` computed chunk by chunk by `compute` (module-level, reading `_WORK`; COPY text on
        PostgreSQL, row tuples elsewhere): on PostgreSQL by two forked processes while this one copies their
        text in (segmenting, weighing and hashing are Python), elsewhere here. `progress(chunks done)`."""
        if self.pg:
            with multiprocessing.get_context("fork").Pool(2) as workers, connection.cursor() as cur:
                for done, text in enumerate(workers.imap(compute, chunks), 1):
                    cur.cursor.copy_expert(f"COPY {table.model._meta.db_table} ({', '.join(table.db_columns)}) FROM STDIN",
                                           io.StringIO(text))
                    table.count += text.count("\n")
                    progress(done)
        else:
            for done, chunk in enumerate(chunks, 1):
                for row in compute(chunk):
                    table.add(*row)
                progress(done)
            table.flush()

    def drop_indexes(self, models_):
        """PostgreSQL: drop the secondary indexes and unique constraints of these tables for the load (one
        sort per index afterwards is far cheaper than a million updates); `restore_indexes` rebuilds them
        from their saved definitions, so an index another change adds is rebuilt as declared."""
        qn = connection.ops.quote_name
        self.saved = []
        with connection.cursor() as cur:
            for model in models_:
                table = model._meta.db_table
                cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conrelid = %s::regclass AND contype = 'u'", [table])
                for name, definition in cur.fetchall():
                    self.saved.append(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
                    cur.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                cur.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                            "AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
                            "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)", [table])
                for name, definition in cur.fetchall():
                    self.saved.append(definition)
                    cur.execute(f"DROP INDEX {qn(name)}")

    def restore_indexes(self):
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")  # the search GIN sorts 300,000 rows' words in memory
            cur.execute("SET max_parallel_maintenance_workers = 2")
            for i, sql in enumerate(self.saved, 1):
                started = time.monotonic()
                cur.execute(sql)
                self.log(f"  索引 {i}/{len(self.saved)}：{time.monotonic() - started:.0f} 秒  {sql[:90]}")

    def finish(self):
        for t in self.tables:
            t.flush()
        models_ = [t.model for t in self.tables]
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cur.execute(sql)


# ---------------------------------------------------------------- the organisation as built by seed_demo


class Org:
    def __init__(self, years, today):
        self.committees = list(Committee.objects.exclude(level=CommitteeLevel.TOWNSHIP).order_by("path"))
        self.members = defaultdict(list)
        for pk, committee_id in Member.objects.filter(active=True).order_by("pk").values_list("pk", "committee_id"):
            self.members[committee_id].append(pk)
        self.units = defaultdict(list)
        for unit in HandlingUnit.objects.filter(active=True).order_by("pk").values("pk", "committee_id", "name"):
            self.units[unit["committee_id"]].append((unit["pk"], unit["name"]))
        self.sectors = defaultdict(list)
        for pk, committee_id in Sector.objects.values_list("pk", "committee_id"):
            self.sectors[committee_id].append(pk)
        self.sessions = {}  # (committee id, year) -> (session id, code, start date)
        for s in Session.objects.select_related("term").order_by("start_date"):
            code = f"{chinese_number(s.term.number)}届{chinese_number(s.number)}次"
            self.sessions[(s.term.committee_id, s.start_date.year)] = (s.pk, code, s.start_date)
        self.years = [y for y in range(today.year - years + 1, today.year + 1)]
        staff = dict(RoleAssignment.objects.filter(role=Role.STAFF).order_by("-pk").values_list("committee_id", "user_id"))
        self.staff = {}
        for c in self.committees:  # the nearest staff account up the tree acts for the committee
            ids = [int(p) for p in c.path.strip("/").split("/") if p]
            self.staff[c.pk] = next((staff[i] for i in reversed(ids) if i in staff), None)
        self.categories = {}
        self.reply_categories = {}
        for c in self.committees:
            self.categories[c.pk] = list(ProposalCategory.objects.for_committee(c).values_list("pk", flat=True))
            self.reply_categories[c.pk] = {
                code: (pk, review) for pk, code, review in
                ReplyCategory.objects.for_committee(c).values_list("pk", "code", "triggers_review")
            }
        users = dict(Member.objects.filter(user__isnull=False).values_list("pk", "user_id"))
        self.member_user = users


UNITS_PER_COMMITTEE = 8


def add_units():
    """A county's proposals go to several of its government's departments: a committee with proposals
    to hand out but fewer than UNITS_PER_COMMITTEE units (seed_demo gives most counties one) gets more,
    named as seed_demo names them, without liaison accounts. Returns how many were added."""
    from members.demo import data
    from members.demo.accounts import unit_name

    have = defaultdict(set)
    for committee_id, name in HandlingUnit.objects.values_list("committee_id", "name"):
        have[committee_id].add(name)
    rows = []
    for c in Committee.objects.exclude(level=CommitteeLevel.TOWNSHIP).filter(members__isnull=False).distinct():
        place = c.name.removesuffix("政协")
        for entry in data.UNITS:
            if len(have[c.pk]) >= UNITS_PER_COMMITTEE:
                break
            name = unit_name(place, c.level, entry)
            if name not in have[c.pk]:
                have[c.pk].add(name)
                rows.append(HandlingUnit(committee=c, name=name, short_name=entry[2]))
    HandlingUnit.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _pick(rng, weights):
    """A key of `weights` ({key: weight}) at random."""
    r = rng.random() * sum(weights.values())
    for key, w in weights.items():
        r -= w
        if r <= 0:
            return key
    return key


def _states_by_age(age):
    """The likely state of a proposal `age` days after it was written (DESIGN §2.1's flow)."""
    if age > 400:
        return {S.CLOSED: 78, S.REJECTED: 5, S.CONVERTED: 6, S.MERGED: 4, S.WITHDRAWN: 2, S.HANDLING: 4,
                S.REPLIED: 0.5, S.REHANDLING: 1}
    if age > 240:
        return {S.CLOSED: 68, S.REPLIED: 6, S.HANDLING: 10, S.REHANDLING: 2, S.REJECTED: 5, S.CONVERTED: 5,
                S.MERGED: 3, S.WITHDRAWN: 1}
    if age > 60:
        return {S.HANDLING: 48, S.REPLIED: 12, S.REHANDLING: 2, S.CLOSED: 18, S.REJECTED: 6, S.CONVERTED: 6,
                S.MERGED: 4, S.WITHDRAWN: 2, S.ACCEPTED: 2}
    return {S.DRAFT: 5, S.COSIGNING: 2, S.SUBMITTED: 30, S.RETURNED: 3, S.WITHDRAWN: 2, S.ACCEPTED: 10,
            S.HANDLING: 33, S.REJECTED: 6, S.CONVERTED: 5, S.MERGED: 4}


# ---------------------------------------------------------------- the generator


class History:
    def __init__(self, *, years, proposals, seed, log, index=True, outermost=False):
        self.rng = random.Random(seed)
        self.outermost = outermost  # the load's own transaction (seed_history's), not a test's
        self.log = log
        self.index = index
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.year_count, self.target = years, proposals
        self.policies = PolicyBook.load()
        self.counts = Counter()

    # -- time helpers
    def at(self, day, low_hour=8, high_hour=18):
        """An aware datetime on `day` (local), office hours."""
        naive = dt.datetime.combine(day, dt.time(self.rng.randint(low_hour, high_hour - 1), self.rng.randint(0, 59)))
        return timezone.make_aware(naive)

    def after(self, moment, low_days, high_days):
        """A moment some days after `moment`, never after now."""
        later = moment + dt.timedelta(days=self.rng.uniform(low_days, high_days))
        return min(later, self.cap)

    def run(self):
        started = time.monotonic()
        ensure_default_lists()
        self.added_units = add_units()
        self.org = Org(self.year_count, self.today)
        self.pool = sentence_pool()
        self.titles = title_pool(self.pool, self.rng)
        self.composer = Composer(self.pool, self.rng)
        self.cap = self.now - dt.timedelta(minutes=5)
        self.ct = {m: ContentType.objects.get_for_model(m).pk for m in (Proposal, Assignment, CoSignature, Reply, Obligation)}
        self.loader = Loader(self.log)
        # Dropping the indexes for the load pays off only for a big load (19 M similarity postings kept in three
        # indexes as they came took ten minutes), and only in the load's own transaction: a test's may hold
        # foreign-key checks of its own, pending, and ALTER TABLE is refused then. Small runs keep their indexes.
        self.bulk = self.loader.pg and self.target >= BULK_MIN_PROPOSALS and self.outermost
        if self.bulk:
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks of the rows written above, done now
                cur.execute("SET session_replication_role = replica")  # ids are ours: no per-row FK triggers
                cur.execute("SET synchronous_commit = off")
                cur.execute("SET default_toast_compression = 'lz4'")  # long texts: compressed several times faster
            self.loader.drop_indexes([Proposal, CoSignature, Assignment, Reply, Rating, Obligation, StateChange,
                                      ProposalIndex, ProposalTerm, ProposalSearch])
        self._tables()
        self.docs = []  # (proposal id, committee id, title index, reason ids, suggestion ids), for the index
        self.search_docs = []  # (proposal id, title index, number, proposer, reason span, suggestions span)
        members_total = sum(len(self.org.members[c.pk]) for c in self.org.committees)
        groups = [(c, y) for y in self.org.years for c in self.org.committees  # ids follow time, as in real use
                  if self.org.members[c.pk] and (c.pk, y) in self.org.sessions]
        if not groups or not members_total:
            raise ValueError("no committee with members and sessions: run seed_demo first")
        years_with_sessions = len({y for _c, y in groups}) or 1
        rate = self.target / (members_total * years_with_sessions)
        self.seq = {s[0]: 0 for s in self.org.sessions.values()}
        for session_id, top in Proposal.objects.filter(sequence__isnull=False).values_list("session").annotate(m=Max("sequence")):
            self.seq[session_id] = top
        made = 0
        for i, (committee, year) in enumerate(groups):
            want = len(self.org.members[committee.pk]) * rate
            n = int(want) + (self.rng.random() < want - int(want))
            if i == len(groups) - 1:
                n = max(0, self.target - made)
            elif made + n > self.target:
                n = max(0, self.target - made)
            made += self._group(committee, year, n)
            if i % 200 == 0:
                self.log(f"  {committee.name} {year}：累计提案 {made}，{time.monotonic() - started:.0f} 秒")
        self.loader.finish()
        self.log(f"  提案及办理数据写入完成：{time.monotonic() - started:.0f} 秒")
        if self.index:
            self._index(started)
            self._search_index(started)
        if self.bulk:
            self.loader.restore_indexes()
            self.log(f"  索引重建完成：{time.monotonic() - started:.0f} 秒")
            with connection.cursor() as cur:
                cur.execute("SET session_replication_role = DEFAULT")
        from .selectors import fill_answered_at

        fill_answered_at()  # what the reply review service sets when it approves the first reply
        self.counts.update({t.model._meta.label: t.count for t in self.loader.tables})
        self.counts["members.HandlingUnit added"] = self.added_units
        return self.counts

    def _tables(self):
        L = self.loader  # noqa: N806
        self.t_proposal = L.table(Proposal, [
            "id", "committee_id", "session_id", "sequence", "number", "kind", "period", "collective_kind",
            "collective_sector_id", "title", "category_id", "reason", "suggestions", "proposer_id",
            "disclosure_consent", "is_key", "merged_into_id", "state", "created_at", "updated_at", "submitted_at",
            "accepted_at", "closed_at"])
        self.t_sig = L.table(CoSignature, ["id", "proposal_id", "member_id", "is_initiator", "order", "state",
                                           "invited_at", "responded_at", "confirmed_text"])
        self.t_assignment = L.table(Assignment, ["id", "proposal_id", "unit_id", "role", "state", "round",
                                                 "assigned_at", "assigned_by_id", "acknowledged_at", "closed_at"])
        self.t_reply = L.table(Reply, ["id", "assignment_id", "round", "category_id", "submitted_category_id", "body",
                                       "state", "submitted_by_id", "submitted_at", "reviewer_id", "reviewed_at",
                                       "signed_by", "contact_name"])
        self.t_rating = L.table(Rating, ["id", "reply_id", "rater_id", "attitude", "relevance", "result", "note",
                                         "rated_at"])
        self.t_obligation = L.table(Obligation, [
            "id", "committee_id", "kind", "title", "title_key", "title_params", "subject_type_id", "subject_id",
            "owner_kind", "owner_unit_id", "owner_member_id", "start_date", "due_date", "original_due_date",
            "state", "met_at", "next_reminder_at", "due_action_at", "url", "created_at"])
        self.t_change = L.table(StateChange, ["content_type_id", "object_id", "at", "actor_id", "action",
                                              "from_state", "to_state", "note"])
        self.t_index = L.table(ProposalIndex, ["proposal_id", "source", "indexed_at"]) if self.index else None

    # -- one committee, one year
    def _group(self, committee, year, n):
        if n <= 0:
            return 0
        rng, org = self.rng, self.org
        session_id, code, opens = org.sessions[(committee.pk, year)]
        year_end = min(dt.date(year, 12, 31), self.today)
        members, units = org.members[committee.pk], org.units[committee.pk]
        made = []
        for _ in range(n):
            plenary = rng.random() < 0.6
            if plenary:
                day = opens - dt.timedelta(days=rng.randint(0, 20))
            else:
                span = (year_end - opens).days
                day = opens + dt.timedelta(days=rng.randint(5, max(5, span)))
            created = min(self.at(day), self.cap - dt.timedelta(hours=1))
            made.append((created, plenary))
        made.sort()
        accepted_here = []
        for created, plenary in made:
            self._proposal(committee, session_id, code, created, plenary, members, units, accepted_here)
        return n

    def _proposal(self, committee, session_id, code, created, plenary, members, units, accepted_here):
        rng, org = self.rng, self.org
        pk = self.t_proposal.new_id()
        age = (self.now - created).days
        state = _pick(rng, _states_by_age(age))
        if state in (S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED) and not units:
            state = S.ACCEPTED if age < 60 else S.CONVERTED
        if state == S.MERGED and not accepted_here:
            state = S.REJECTED
        proposer = rng.choice(members)
        proposer_user = org.member_user.get(proposer)
        actor = org.staff[committee.pk]
        kind = _pick(rng, {ProposalKind.INDIVIDUAL: 70, ProposalKind.JOINT: 22, ProposalKind.COLLECTIVE: 8})
        sectors = org.sectors[committee.pk]
        if kind == ProposalKind.COLLECTIVE and not sectors:
            kind = ProposalKind.INDIVIDUAL
        title_index = rng.randrange(len(self.titles))
        title = self.titles[title_index]
        reason, r_ids = self.composer.text(800, 3000)
        r_span = self.composer.last
        suggestions, s_ids = self.composer.text(1000, 4000)
        s_span = self.composer.last
        submitted = accepted = closed = None
        if state not in (S.DRAFT, S.COSIGNING):
            submitted = self.after(created, 0, 3)
        elif state == S.COSIGNING:
            submitted = None
        decided = self.after(submitted, 3, 20) if submitted else None
        numbered = state in (S.ACCEPTED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED)
        sequence = number = None
        if numbered:
            accepted = decided
            self.seq[session_id] += 1
            sequence = self.seq[session_id]
            number = f"{code}-{sequence:04d}"
        merged_into = None
        final_state = state
        if state == S.MERGED:
            merged_into = rng.choice(accepted_here)
            if age > 240:  # closed with the proposal it was merged into
                final_state = S.CLOSED
        is_key = numbered and state != S.ACCEPTED and rng.random() < 0.01
        assigned = self.after(accepted, 2, 15) if state in (S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED) else None
        timeline = [("create", "", S.DRAFT, created, None)]
        if state == S.COSIGNING:
            timeline.append(("start_cosigning", S.DRAFT, S.COSIGNING, self.after(created, 0, 2), proposer_user))
        if submitted:
            timeline.append(("submit", S.DRAFT, S.SUBMITTED, submitted, proposer_user))
        decision = {S.RETURNED: "return", S.WITHDRAWN: "withdraw", S.MERGED: "merge", S.CONVERTED: "convert",
                    S.REJECTED: "decline"}.get(state, "accept" if numbered else None)
        if decision:
            to = state if not numbered else S.ACCEPTED
            timeline.append((decision, S.SUBMITTED, to, decided, proposer_user if decision == "withdraw" else actor))
        if final_state == S.CLOSED and state == S.MERGED:
            closed = self.after(decided, 60, 200)
            timeline.append(("close", S.MERGED, S.CLOSED, closed, actor))
        if assigned:
            timeline.append(("assign", S.ACCEPTED, S.HANDLING, assigned, actor))
        # handling: assignments, replies, ratings, and when the proposal moved on
        handling_end = None
        if assigned:
            handling_end = self._handling(pk, committee, state, assigned, plenary, units, proposer, actor, title)
            if state in (S.REPLIED, S.CLOSED, S.REHANDLING):
                timeline.append(("sync", S.HANDLING, S.REPLIED, handling_end, None))
            if state == S.REHANDLING:
                timeline.append(("sync", S.REPLIED, S.REHANDLING, self.after(handling_end, 5, 15), actor))
            if state == S.CLOSED:
                closed = self.after(handling_end, 3, 20)
                timeline.append(("close", S.REPLIED, S.CLOSED, closed, actor))
        updated = max(t[3] for t in timeline)
        self.t_proposal.add(
            pk, committee.pk, session_id, sequence, number or "", kind,
            ProposalPeriod.PLENARY if plenary else ProposalPeriod.BETWEEN,
            CollectiveKind.SECTOR if kind == ProposalKind.COLLECTIVE else "",
            rng.choice(sectors) if kind == ProposalKind.COLLECTIVE else None,
            title, rng.choice(org.categories[committee.pk]) if org.categories[committee.pk] else None,
            reason, suggestions, proposer, rng.random() < 0.9, is_key, merged_into, final_state,
            created, updated, submitted, accepted, closed,
        )
        if numbered:
            accepted_here.append(pk)
        for action, frm, to, at, who in timeline:
            self.t_change.add(self.ct[Proposal], pk, at, who, action, frm, to, "")
        self._signatures(pk, committee, kind, state, proposer, created, submitted, title, reason, suggestions)
        if submitted and state != S.COSIGNING:
            # 审查 by staff: met when decided, pending while under review
            if state == S.SUBMITTED:
                self._obligation(committee, K.PROPOSAL_REVIEW, "审查提案《%(title)s》", {"title": title}, Proposal, pk,
                                 OwnerKind.STAFF, start=submitted.date(), due=submitted.date() + dt.timedelta(days=14),
                                 met=None, pk_url=pk, actor=actor)
            else:
                self._obligation(committee, K.PROPOSAL_REVIEW, "审查提案《%(title)s》", {"title": title}, Proposal, pk,
                                 OwnerKind.STAFF, start=submitted.date(), due=submitted.date() + dt.timedelta(days=14),
                                 met=decided, pk_url=pk, actor=actor,
                                 waived=(state == S.WITHDRAWN))
        if self.index:
            self.t_index.add(pk, similarity.source_text(title, reason, suggestions), self.now)
            self.docs.append((pk, committee.pk, title_index, r_ids, s_ids))
            self.search_docs.append((pk, title_index, number or "", proposer, r_span, s_span))

    def _signatures(self, pk, committee, kind, state, proposer, created, submitted, title, reason, suggestions):
        rng = self.rng
        self.t_sig.add(self.t_sig.new_id(), pk, proposer, True, 0, CoSignatureState.CONFIRMED, created, created, "")
        if kind != ProposalKind.JOINT:
            return
        members = self.org.members[committee.pk]
        others = {rng.choice(members) for _ in range(rng.randint(2, 5))} - {proposer}
        version = hashlib.sha256("\x1f".join((title, reason, suggestions)).encode("utf-8")).hexdigest()
        for order, member in enumerate(sorted(others), 1):
            sig = self.t_sig.new_id()
            invited = created + dt.timedelta(minutes=5)
            if state == S.COSIGNING:
                self.t_sig.add(sig, pk, member, False, order, CoSignatureState.INVITED, invited, None, "")
                due = self.today + dt.timedelta(days=rng.randint(1, 6))
                self._obligation(committee, K.PROPOSAL_COSIGN, "确认联名提案《%(title)s》", {"title": title}, CoSignature, sig,
                                 OwnerKind.MEMBER, member=member, start=created.date(), due=due, met=None, pk_url=pk)
                continue
            if state == S.DRAFT:
                continue
            responded = self.after(invited, 0, 4)
            confirmed = rng.random() < 0.9
            self.t_sig.add(sig, pk, member, False, order,
                           CoSignatureState.CONFIRMED if confirmed else CoSignatureState.DECLINED, invited, responded,
                           version if confirmed else "")
            self.t_change.add(self.ct[CoSignature], sig, responded, self.org.member_user.get(member),
                              "confirm_cosign" if confirmed else "decline_cosign", CoSignatureState.INVITED,
                              CoSignatureState.CONFIRMED if confirmed else CoSignatureState.DECLINED, "")
            if self._recent(created):
                self._obligation(committee, K.PROPOSAL_COSIGN, "确认联名提案《%(title)s》", {"title": title}, CoSignature,
                                 sig, OwnerKind.MEMBER, member=member, start=created.date(),
                                 due=created.date() + dt.timedelta(days=7), met=responded, pk_url=pk)

    def _recent(self, moment):
        """Within the last year: every kind of obligation is written (before that only review and reply)."""
        return (self.now - moment).days <= 365

    def _handling(self, pk, committee, state, assigned, plenary, units, proposer, actor, title):
        """Assignments with their replies, ratings and obligations; returns when the last reply was approved."""
        rng = self.rng
        lead = rng.choice(units)
        chosen = [(lead, AssignmentRole.LEAD)]
        rest = [u for u in units if u != lead]
        if rest and rng.random() < 0.9:
            co = rng.choice(rest)
            chosen.append((co, AssignmentRole.CO))
            rest.remove(co)
        if rest and rng.random() < 0.4:
            chosen.append((rng.choice(rest), AssignmentRole.SEPARATE))
        ends = []
        replying = [i for i, (_u, role) in enumerate(chosen) if role != AssignmentRole.CO]
        pending_one = rng.choice(replying)  # in handling, at least this one has not been answered
        if len(units) >= 2 and rng.random() < 0.04:  # adjusted: the first unit asked to hand it on
            wrong = rng.choice([u for u in units if u != lead])
            wid = self.t_assignment.new_id()
            self.t_assignment.add(wid, pk, wrong[0], AssignmentRole.LEAD, A.WITHDRAWN, 1, assigned, actor,
                                  self.after(assigned, 0, 2), None)
            self.t_change.add(self.ct[Assignment], wid, self.after(assigned, 2, 6), actor, "reassign", A.ADJUSTING,
                              A.WITHDRAWN, "")
            self._obligation(committee, K.PROPOSAL_REPLY, "答复提案《%(title)s》", {"title": title}, Assignment, wid,
                             OwnerKind.UNIT, unit=wrong[0], start=assigned.date(),
                             due=assigned.date() + dt.timedelta(days=150 if plenary else 90), met=None, waived=True,
                             pk_url=pk, waived_at=self.after(assigned, 2, 6))
            assigned = self.after(assigned, 3, 8)
        for i, ((unit_id, unit_name), role) in enumerate(chosen):
            aid = self.t_assignment.new_id()
            is_replying = role != AssignmentRole.CO
            due = assigned.date() + dt.timedelta(days=(150 if plenary else 90) if is_replying else 42)
            acknowledged = self.after(assigned, 0, 3)
            if state == S.CLOSED:
                a_state = A.CLOSED
            elif state == S.REPLIED:
                a_state = A.ANSWERED
            elif state == S.REHANDLING:
                a_state = A.REHANDLING if i == 0 else A.ANSWERED
            elif state == S.HANDLING:
                if i == pending_one:
                    a_state = _pick(rng, {A.ASSIGNED: 75, A.REPLIED: 20, A.ADJUSTING: 5})
                else:
                    a_state = _pick(rng, {A.ASSIGNED: 50, A.REPLIED: 15, A.ANSWERED: 35})
            else:
                a_state = A.ASSIGNED
            if not is_replying and a_state in (A.REPLIED, A.REHANDLING):
                a_state = A.ANSWERED
            if a_state == A.ADJUSTING and not self._recent(assigned):
                a_state = A.ASSIGNED
            round_ = 2 if a_state == A.REHANDLING else 1
            done = None
            answered = a_state in (A.ANSWERED, A.CLOSED, A.REHANDLING)
            if answered:
                done = self.after(assigned, 20 if not is_replying else 30, 42 if not is_replying else 100)
                if state == S.REPLIED and is_replying:
                    done = self.now - dt.timedelta(days=rng.uniform(0.5, 14))  # the rating window is still open
                ends.append(done)
            closed_at = self.after(done, 5, 25) if a_state == A.CLOSED else None
            self.t_assignment.add(aid, pk, unit_id, role, a_state, round_, assigned, actor, acknowledged, closed_at)
            reply_sent = None
            if is_replying and (answered or a_state == A.REPLIED):
                reply_sent = (self.after(assigned, 10, 60) if a_state == A.REPLIED
                              else done - dt.timedelta(days=rng.uniform(1, 5)))
                self._reply(committee, pk, aid, unit_id, unit_name, a_state, reply_sent, done, actor, proposer, state,
                            title)
            if reply_sent:
                self.t_change.add(self.ct[Assignment], aid, reply_sent, None, "reply", A.ASSIGNED, A.REPLIED, "")
            if answered:
                self.t_change.add(self.ct[Assignment], aid, done, actor,
                                  "reply_approved" if is_replying else "co_opinion",
                                  A.REPLIED if is_replying else A.ASSIGNED, A.ANSWERED, "")
            # the reply (or co-handler opinion) deadline: met when answered, else pending
            kind_title = "答复提案《%(title)s》" if is_replying else "会办意见：提案《%(title)s》"
            self._obligation(committee, K.PROPOSAL_REPLY, kind_title, {"title": title}, Assignment, aid, OwnerKind.UNIT,
                             unit=unit_id, start=assigned.date(), due=due, met=done if answered else None, pk_url=pk)
            if a_state == A.REHANDLING:
                start = self.after(done, 5, 15)
                self.t_change.add(self.ct[Assignment], aid, start, actor, "rehandle", A.ANSWERED, A.REHANDLING, "")
                self._obligation(committee, K.PROPOSAL_REHANDLE, "重新办理提案《%(title)s》", {"title": title}, Assignment,
                                 aid, OwnerKind.UNIT, unit=unit_id, start=start.date(),
                                 due=start.date() + dt.timedelta(days=90), met=None, pk_url=pk)
            if self._recent(assigned):
                self._obligation(committee, K.PROPOSAL_ADJUST, "签收或申请调整提案《%(title)s》", {"title": title},
                                 Assignment, aid, OwnerKind.UNIT, unit=unit_id, start=assigned.date(),
                                 due=assigned.date() + dt.timedelta(days=9),
                                 met=acknowledged if a_state != A.ADJUSTING else None, pk_url=pk)
                if is_replying:
                    contacted = self.after(assigned, 3, 20) if (answered or rng.random() < 0.5) else None
                    self._obligation(committee, K.PROPOSAL_CONTACT, "办前沟通：提案《%(title)s》", {"title": title},
                                     Assignment, aid, OwnerKind.UNIT, unit=unit_id, start=assigned.date(),
                                     due=assigned.date() + dt.timedelta(days=21), met=contacted, pk_url=pk)
        if not ends:
            return self.after(assigned, 30, 100)
        return max(ends)

    def _reply(self, committee, pk, aid, unit_id, unit_name, a_state, sent, done, actor, proposer, state, title):
        rng, org = self.rng, self.org
        cats = org.reply_categories[committee.pk]
        code = _pick(rng, {"A": 55, "B": 35, "C": 10})
        if code not in cats:
            code = next(iter(cats))
        category, triggers_review = cats[code]
        rid = self.t_reply.new_id()
        approved = a_state != A.REPLIED
        body, _ids = self.composer.text(300, 1200)
        self.t_reply.add(rid, aid, 1, category, category, "经认真研究，现将办理情况答复如下：" + body,
                         ReplyState.APPROVED if approved else ReplyState.SUBMITTED, None, sent,
                         actor if approved else None, done if approved else None, unit_name[:2] + "负责人", "联络员")
        if approved:
            self.t_change.add(self.ct[Reply], rid, done, actor, "review_reply", ReplyState.SUBMITTED, ReplyState.APPROVED, "")
        params = {"unit": unit_name, "title": title}
        if self._recent(sent):
            self._obligation(committee, K.PROPOSAL_REPLY_REVIEW, "审核%(unit)s对提案《%(title)s》的答复", params, Reply, rid,
                             OwnerKind.STAFF, start=sent.date(), due=sent.date() + dt.timedelta(days=7),
                             met=done if approved else None, pk_url=pk)
        if not approved:
            return
        rated = None
        if state == S.CLOSED and rng.random() < 0.88 or a_state == A.REHANDLING:
            rated = self.after(done, 1, 14)
            result = (Satisfaction.UNSATISFIED if a_state == A.REHANDLING
                      else _pick(rng, {Satisfaction.SATISFIED: 80, Satisfaction.BASIC: 17, Satisfaction.UNSATISFIED: 3}))
            self.t_rating.add(self.t_rating.new_id(), rid, proposer, Satisfaction.SATISFIED, Relevance.RELEVANT,
                              result, "", rated)
        if state in (S.CLOSED, S.REPLIED, S.REHANDLING) and (self._recent(done) or state == S.REPLIED):
            pending = state == S.REPLIED and rated is None
            due = (self.today + dt.timedelta(days=rng.randint(1, 18))) if pending else done.date() + dt.timedelta(days=21)
            self._obligation(committee, K.PROPOSAL_RATING, "评价%(unit)s对提案《%(title)s》的答复", params, Reply, rid,
                             OwnerKind.MEMBER, member=proposer, start=done.date(), due=due,
                             met=rated, waived=not pending and rated is None, pk_url=pk,
                             waived_at=done + dt.timedelta(days=22))
        if triggers_review:  # 回头看 after six months; a quarter of the units never report
            look_due = done.date() + dt.timedelta(days=182)
            met = self.after(done, 150, 180) if look_due < self.today and rng.random() < 0.75 else None
            self._obligation(committee, K.REVIEW, "回头看：%(unit)s办理提案《%(title)s》的落实情况", params, Assignment, aid,
                             OwnerKind.UNIT, unit=unit_id, start=done.date(), due=look_due, met=met,
                             pk_url=pk)

    def _obligation(self, committee, kind, key, params, model, subject_id, owner_kind, *, start, due, met, pk_url,
                    unit=None, member=None, waived=False, waived_at=None, actor=None):
        oid = self.t_obligation.new_id()
        due = max(due, start)
        title = (key % params)[:300]
        created = self.at(start) if start < self.today else self.cap
        created = min(created, self.cap)
        if waived:
            state, met_at, when = OS.WAIVED, None, min(waived_at or self.after(created, 1, 10), self.cap)
        elif met is not None:
            state, met_at, when = OS.MET, met, met
        else:
            state, met_at, when = (OS.OVERDUE if due < self.today else OS.OPEN), None, None
        next_reminder = action_at = None
        if when is None:  # pending: the next reminder as the services schedule it (never already due)
            policy = self.policies.get(committee.pk, kind)
            next_reminder = plan(due, policy, now=self.now, since=start).upcoming_at
            action_at = due_action_at(kind, due)
        self.t_obligation.add(
            oid, committee.pk, kind, title, key, params, self.ct[model], subject_id, owner_kind,
            unit if owner_kind == OwnerKind.UNIT else None, member if owner_kind == OwnerKind.MEMBER else None,
            start, due, due, state, met_at, next_reminder, action_at, f"/proposals/{pk_url}/", created,
        )
        if (self.today - start).days > 365 and when is not None:  # settled long ago: its own timeline is not kept
            return
        self.t_change.add(self.ct[Obligation], oid, created, actor, "create", "", OS.OPEN, f"截止日期 {due}")
        if when is not None:
            self.t_change.add(self.ct[Obligation], oid, when, None, "waive" if waived else "meet", OS.OPEN, state, "")
        elif state == OS.OVERDUE:
            marked = self.at(due + dt.timedelta(days=1), 0, 1) if due + dt.timedelta(days=1) < self.today else self.cap
            self.t_change.add(self.ct[Obligation], oid, marked, None, "overdue", OS.OPEN, OS.OVERDUE, "")
        self.counts["obligations pending"] += when is None
        self.counts["obligations overdue"] += state == OS.OVERDUE

    # -- the similar-proposal index
    def _index(self, started):
        pool_terms = [similarity.terms(s) for s in self.pool]
        title_terms = [Counter({t: 2 * c for t, c in similarity.terms(t).items()}) for t in self.titles]
        ids = {}
        for counts in chain(pool_terms, title_terms):
            for term in counts:
                ids.setdefault(term, len(ids))
        names = list(ids)
        # each sentence as a flat list of term ids, repeated by count (Counter() of a list counts in C)
        flat = [[ids[t] for t, c in counts.items() for _ in range(c)] for counts in pool_terms]
        sets = [frozenset(f) for f in flat]
        tflat = [[ids[t] for t, c in counts.items() for _ in range(c)] for counts in title_terms]
        tsets = [frozenset(f) for f in tflat]
        global _WORK
        _WORK = {"sets": sets, "tsets": tsets}
        if self.loader.pg:  # counted in two processes, summed in document order (the terms' order as counted in one)
            with multiprocessing.get_context("fork").Pool(2) as workers:
                df = sum(workers.imap(_df_of, [self.docs[i:i + 25_000] for i in range(0, len(self.docs), 25_000)]),
                         Counter())
        else:
            df = _df_of(self.docs)
        indexed_before = TermStat.objects.filter(term=similarity.DOCUMENTS).values_list("df", flat=True).first() or 0
        n = indexed_before + len(self.docs)
        self.log(f"  相似提案索引：词频统计完成（{len(names)} 个词，{time.monotonic() - started:.0f} 秒）")
        merged = {names[t]: c for t, c in df.items()}  # with what the services indexed (the demo proposals)
        for term, c in TermStat.objects.values_list("term", "df"):
            merged[term] = merged.get(term, 0) + c
        merged[similarity.DOCUMENTS] = n
        TermStat.objects.all().delete()
        stats = self.loader.table(TermStat, ["term", "df"])
        for term, c in merged.items():
            stats.add(term, c)
        stats.flush()
        idf = [similarity.idf(merged.get(names[t], 1), n) for t in range(len(names))]
        postings = self.loader.table(ProposalTerm, ["id", "term", "proposal_id", "committee_id", "tf", "weight"])
        _WORK = {"flat": flat, "tflat": tflat, "idf": idf, "names": names, "copy": self.loader.pg,
                 "escaped": [_copy_text(t) for t in names], "first_id": postings.next_id}
        chunks = [self.docs[i:i + 2000] for i in range(0, len(self.docs), 2000)]
        first = postings.next_id
        for c, chunk in enumerate(chunks):  # posting ids: 64 per proposal, in document order
            chunks[c] = (first + c * 2000 * similarity.TERMS_PER_PROPOSAL, chunk)
        self.loader.computed(postings, _postings_of, chunks, lambda done: done % 25 == 0 and self.log(
            f"  相似提案索引：{done * 2000}/{len(self.docs)}，{time.monotonic() - started:.0f} 秒"))
        _WORK = None
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [ProposalTerm]):
                cur.execute(sql)

    # -- the full-text search rows
    def _search_index(self, started):
        """ProposalSearch rows as proposals.search.index_proposal writes them: each pool sentence, title,
        number and name segmented once, a text's words the union of its sentences' (see Segmenter)."""
        self.log(f"  全文检索索引：开始，{time.monotonic() - started:.0f} 秒")
        names = dict(Member.objects.values_list("pk", "name"))
        proposers = {doc[3] for doc in self.search_docs}
        composer = self.composer
        rows = self.loader.table(ProposalSearch, ["proposal_id", "digest", "title", "text"])
        global _WORK
        _WORK = {"sentences": [search.document_words(s) for s in self.pool],
                 "titles": [search.document_words(t) for t in self.titles], "title_texts": self.titles,
                 "names": {pk: (names.get(pk, ""), search.document_words(names.get(pk, ""))) for pk in proposers},
                 "ids": composer.ids, "starts": composer.starts, "corpus": composer.corpus,
                 "copy": self.loader.pg, "extra": rows.extra_text}
        # a GIN index built once after the load costs less than 300,000 insertions into it (inside the
        # transaction too: the search table's foreign keys are checked before the index is built)
        own_build = self.loader.pg and not self.bulk and len(self.search_docs) >= BULK_MIN_PROPOSALS
        if own_build:
            self.loader.drop_indexes([ProposalSearch])
        chunks = [self.search_docs[i:i + 5000] for i in range(0, len(self.search_docs), 5000)]
        self.loader.computed(rows, _search_rows_of, chunks, lambda done: done % 10 == 0 and self.log(
            f"  全文检索索引：{done * 5000}/{len(self.search_docs)}，{time.monotonic() - started:.0f} 秒"))
        _WORK = None
        self.log(f"  全文检索索引：写入 {len(self.search_docs)} 行，{time.monotonic() - started:.0f} 秒")
        if own_build:
            with connection.cursor() as cur:  # check the rows' foreign keys now: none pending, the index may go in
                cur.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                            [ProposalSearch._meta.db_table])
                names = ", ".join(connection.ops.quote_name(name) for (name,) in cur.fetchall())
                cur.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
                cur.execute("SET LOCAL maintenance_work_mem = '1GB'")  # a GIN build sorts in memory: 300,000 rows
                for sql in self.loader.saved:  # took 3 min with 512 MB, under 2 with more
                    cur.execute(sql)
                cur.execute(f"SET CONSTRAINTS {names} DEFERRED")
                self.log(f"  全文检索索引：GIN 索引建成，{time.monotonic() - started:.0f} 秒")


_WORK = None  # what the index workers read (inherited by fork)


def _df_of(docs):
    """{term id: documents holding it} over a chunk of documents (their title's and sentences' terms)."""
    sets, tsets = _WORK["sets"], _WORK["tsets"]
    df = Counter()
    for _pk, _c, ti, r, s in docs:
        df.update(tsets[ti].union(*(sets[i] for i in r), *(sets[i] for i in s)))
    return df


def _postings_of(job):
    """The postings of a chunk of documents, as `similarity._postings` weighs them: COPY text on
    PostgreSQL, row tuples elsewhere. Ties at the 64th weight are broken by term id, not by the term."""
    first_id, docs = job
    w = _WORK
    flat, tflat, idf, names, escaped = w["flat"], w["tflat"], w["idf"], w["names"], w["escaped"]
    top = similarity.TERMS_PER_PROPOSAL
    ltf = [0.0] + [1 + math.log(c) for c in range(1, 400)]
    out, rows = [], []
    pk_next = first_id
    weight = itemgetter(1)
    for pk, committee_id, ti, r, s in docs:
        counts = Counter(chain(tflat[ti], *(flat[i] for i in r), *(flat[i] for i in s)))
        raw = {t: ltf[c] * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        for t, v in heapq.nlargest(top, raw.items(), key=weight):
            if w["copy"]:
                out.append(f"{pk_next}\t{escaped[t]}\t{pk}\t{committee_id}\t{ltf[counts[t]]!r}\t{v / norm!r}\n")
            else:
                rows.append((pk_next, names[t], pk, committee_id, ltf[counts[t]], v / norm))
            pk_next += 1
    return "".join(out) if w["copy"] else rows


def _search_rows_of(docs):
    """The ProposalSearch rows of a chunk of `search_docs`, as proposals.search.index_proposal writes them (each
    pool sentence, title and name segmented once, a text's words the union of its sentences'): COPY text on
    PostgreSQL, row tuples elsewhere."""
    w = _WORK
    sentences, titles, names, ids, starts, corpus = (w[k] for k in ("sentences", "titles", "names", "ids", "starts",
                                                                  "corpus"))
    unique, chain_ = search.unique_words, chain.from_iterable
    out = []
    for pk, ti, number, proposer, (rk, re_), (sk, se) in docs:
        name, name_words = names[proposer]
        head = unique(chain(titles[ti], search.document_words(number), name_words))
        text = unique(chain(head, chain_(sentences[i] for i in ids[rk:re_]), chain_(sentences[i] for i in ids[sk:se])))
        texts = (w["title_texts"][ti], number, name, "", corpus[starts[rk]:starts[re_]], corpus[starts[sk]:starts[se]])
        row = (pk, search.digest(texts), " ".join(head), " ".join(text))
        out.append("\t".join([_copy_text(v) for v in row]) + w["extra"] if w["copy"] else row)
    return "".join(out) if w["copy"] else out


def seed_history(*, years=10, proposals=300_000, seed=2026, log=print, index=True):
    """Write the history in one transaction; returns {model label: rows written, ...}."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        return History(years=years, proposals=proposals, seed=seed, log=log, index=index, outermost=outermost).run()

