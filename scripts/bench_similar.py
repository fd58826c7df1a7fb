"""Time one similar-proposal lookup at province scale (issue 6: "well under a second").

    createdb -h 127.0.0.1 -U postgres similar
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/similar .venv/bin/python scripts/bench_similar.py

Builds (once; `--fresh` drops and rebuilds) one province with 16 cities of 10 counties each and
`--proposals` accepted proposals under it (default 300,000; one county holds `--big-county` of them),
their texts composed from the sentences of the seed documents (/work/shared/seeds) and the labelled
pairs, 6–30 sentences per 案由 and 4–16 per 建议. The index is written as `similarity.rebuild` would write
it (document frequencies over all texts, then each proposal's strongest terms), in bulk: a proposal's
term counts are the sum of its sentences' term counts (segmented once per sentence, which differs from
segmenting the whole text only at sentence boundaries). The small sentence pool makes every term
frequent: long postings lists, the hard case for the lookup.

Then times `similar_proposals` with the longest allowed text (200-character title, 20,000-character
案由 and 建议), median of `--runs`, as province staff (the whole province) and as a member of the big
county (who may see only their own 30 proposals there: the visibility check rejects most postings).
"""

import argparse
import io
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from members.enums import CommitteeLevel, Role  # noqa: E402
from members.models import Committee, Member, RoleAssignment  # noqa: E402
from portal.limits import LONG_TEXT  # noqa: E402
from proposals import similarity  # noqa: E402
from proposals.enums import ProposalState  # noqa: E402
from proposals.models import Proposal, ProposalIndex, ProposalTerm, TermStat  # noqa: E402

PROVINCE = "基准测试省政协"
SEEDS = Path("/work/shared/seeds")
PAIRS = ROOT / "tests" / "proposals" / "data" / "similar_pairs.json"


def sentence_pool():
    import json

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    data = json.loads(PAIRS.read_text(encoding="utf-8"))
    text += "\n" + "\n".join(p["query"] + "\n" + p["match"] for p in data["pairs"]) + "\n".join(data["distractors"])
    parts = [s.strip() for s in re.split(r"[。！？；\n]", text)]
    return [s + "。" for s in parts if re.search(r"[\u4e00-\u9fff]{4}", s)]


def title_of(sentence):
    core = re.sub(r"[，、：“”（）《》\s\d.]", "", sentence)[:18]
    return f"关于{core}的建议"


def build(n, big, seed=7):
    rng = random.Random(seed)
    pool = sentence_pool()
    print(f"sentence pool: {len(pool)} sentences", flush=True)
    t0 = time.monotonic()
    province = Committee.objects.create(name=PROVINCE, level=CommitteeLevel.PROVINCE)
    cities = [Committee.objects.create(name=f"第{i}市政协", level=CommitteeLevel.CITY, parent=province) for i in range(16)]
    counties = [Committee.objects.create(name=f"第{c}市第{j}县政协", level=CommitteeLevel.COUNTY, parent=city)
                for c, city in enumerate(cities) for j in range(10)]
    big_county = counties[0]
    committees = [province, *cities, *counties]
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    staff = User.objects.create_user("bench_staff", password="x")
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, committee=province)
    member_user = User.objects.create_user("bench_member", password="x")
    bench_member = Member.objects.create(committee=big_county, user=member_user, name="基准委员")
    authors = {c.pk: Member.objects.create(committee=c, name=f"委员{c.pk}") for c in committees}

    # Which committee and sentences each proposal has; deterministic, so two passes agree.
    where = [big_county] * big + [rng.choice(committees) for _ in range(n - big)]
    docs = [(rng.randrange(len(pool)), [rng.randrange(len(pool)) for _ in range(rng.randint(6, 30))],
             [rng.randrange(len(pool)) for _ in range(rng.randint(4, 16))]) for _ in range(n)]

    # Term counts per sentence and per title, once.
    sentence_terms = [similarity.terms(s) for s in pool]
    title_terms = {}
    for t, _r, _s in docs:
        if t not in title_terms:
            title_terms[t] = similarity.terms(title_of(pool[t]))

    def text_of(doc):
        t, r, s = doc
        return title_of(pool[t]), "".join(pool[i] for i in r), "".join(pool[i] for i in s)

    def counts_of(doc):
        t, r, s = doc
        counts = Counter()
        counts.update({k: 2 * v for k, v in title_terms[t].items()})
        budget = similarity.BODY_LIMIT
        for part in (r, s):
            used = 0
            for i in part:
                used += len(pool[i])
                if used > budget:
                    break
                counts.update(sentence_terms[i])
        return counts

    print(f"set-up {time.monotonic() - t0:.1f}s; pass 1: proposals and document frequencies", flush=True)
    df = Counter()
    fields = [f for f in Proposal._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = timezone.now()
    batch = []
    with connection.cursor() as cur:
        for i, doc in enumerate(docs):
            title, reason, suggestions = text_of(doc)
            author = bench_member if i < 30 else authors[where[i].pk]
            p = Proposal(committee=where[i], proposer=author, title=title, reason=reason, suggestions=suggestions,
                         state=ProposalState.ACCEPTED, created_at=now, updated_at=now, accepted_at=now)
            batch.append([_db(f, p) for f in fields])
            df.update(counts_of(doc).keys())
            if len(batch) == 10000:
                _copy(cur, Proposal._meta.db_table, columns, batch)
                batch = []
                print(f"  {i + 1}/{n}  {time.monotonic() - t0:.0f}s", flush=True)
        _copy(cur, Proposal._meta.db_table, columns, batch)
    df[similarity.DOCUMENTS] = n
    ids = list(Proposal.objects.filter(committee__path__startswith=province.path).order_by("pk").values_list("pk", flat=True))
    assert len(ids) == n

    print(f"pass 2: postings ({time.monotonic() - t0:.0f}s)", flush=True)
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # bulk load: no per-row FK triggers
        # the bench database holds only the bench province: its index is the whole index
        cur.execute("TRUNCATE proposals_proposalterm, proposals_proposalindex, proposals_termstat")
        # load the postings without their indexes, then build each index once (as the model declares it)
        meta = ProposalTerm._meta
        with connection.schema_editor() as editor:
            for index in meta.indexes:
                editor.remove_index(ProposalTerm, index)
            for constraint in meta.constraints:
                editor.remove_constraint(ProposalTerm, constraint)
        _copy(cur, TermStat._meta.db_table, ["term", "df"], ((t, d) for t, d in df.items()))
        index_rows, posting_rows = [], []
        for i, (pk, doc) in enumerate(zip(ids, docs, strict=True)):
            title, reason, suggestions = text_of(doc)
            index_rows.append((pk, similarity.source_text(title, reason, suggestions), "2026-01-01 00:00:00+00"))
            proxy = Proposal(pk=pk, committee_id=where[i].pk)
            for p in similarity._postings(proxy, counts_of(doc), df, n):
                posting_rows.append((p.term, pk, p.committee_id, p.tf, p.weight))
            if len(index_rows) == 10000:
                _flush(cur, index_rows, posting_rows)
                index_rows, posting_rows = [], []
                print(f"  {i + 1}/{n}  {time.monotonic() - t0:.0f}s", flush=True)
        _flush(cur, index_rows, posting_rows)
        cur.execute("SET session_replication_role = DEFAULT")
        print(f"indexing the postings ({time.monotonic() - t0:.0f}s)", flush=True)
        cur.execute("SET maintenance_work_mem = '1GB'")
        with connection.schema_editor() as editor:
            for index in meta.indexes:
                editor.add_index(ProposalTerm, index)
            for constraint in meta.constraints:
                editor.add_constraint(ProposalTerm, constraint)
        cur.execute(f"ANALYZE {ProposalTerm._meta.db_table}; ANALYZE {TermStat._meta.db_table}; "
                    f"ANALYZE {Proposal._meta.db_table}; ANALYZE {ProposalIndex._meta.db_table}")
    print(f"built in {time.monotonic() - t0:.0f}s")


def _db(field, obj):
    value = field.get_db_prep_save(getattr(obj, field.attname), connection)
    return "\\N" if value is None else value


def _copy(cur, table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_field(v) for v in row) + "\n")
    buf.seek(0)
    cur.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def _field(value):
    if value == "\\N":
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", " ")


def _flush(cur, index_rows, posting_rows):
    _copy(cur, ProposalIndex._meta.db_table, ["proposal_id", "source", "indexed_at"], index_rows)
    _copy(cur, ProposalTerm._meta.db_table, ["term", "proposal_id", "committee_id", "tf", "weight"], posting_rows)


def longest_query(seed=11):
    rng = random.Random(seed)
    pool = sentence_pool()

    def fill(limit):
        out = ""
        while len(out) < limit:
            out += rng.choice(pool)
        return out[:limit]

    return fill(200), fill(LONG_TEXT), fill(LONG_TEXT)


def timed(label, viewer, committee, text, runs):
    times, hits, queries = [], None, 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            hits = similarity.similar_proposals(viewer=viewer, committee=committee, text=text, k=5)
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    print(f"{label}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {runs} runs; "
          f"{queries} queries; {len(hits)} hits, best {hits[0][1]:.3f}" if hits else
          f"{label}: median {statistics.median(times) * 1000:.0f} ms over {runs} runs; {queries} queries; no hits")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=300_000)
    parser.add_argument("--big-county", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="drop the bench province and build it again")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database (see the docstring)")
    call_command("migrate", verbosity=0)
    province = Committee.objects.filter(name=PROVINCE).first()
    if province is not None and args.fresh:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE proposals_proposalterm, proposals_proposalindex, proposals_termstat")
        Proposal.objects.filter(committee__path__startswith=province.path).delete()
        Member.objects.filter(committee__path__startswith=province.path).delete()
        RoleAssignment.objects.filter(committee__path__startswith=province.path).delete()
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username__startswith="bench_").delete()
        for c in Committee.objects.filter(path__startswith=province.path).order_by("-path"):
            c.delete()
        province = None
    if province is None:
        build(args.proposals, args.big_county)
        province = Committee.objects.get(name=PROVINCE)
    n = Proposal.objects.filter(committee__path__startswith=province.path).count()
    postings = ProposalTerm.objects.count()
    print(f"stored: {n} proposals under {province}, {postings} postings, {TermStat.objects.count()} terms")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    staff, member_user = users.get(username="bench_staff"), users.get(username="bench_member")
    big_county = member_user.member.committee
    title, reason, suggestions = longest_query()
    text = similarity.source_text(title, reason, suggestions)
    print(f"query: title {len(title)}, 案由 {len(reason)}, 建议 {len(suggestions)} characters")
    similarity.terms("加载词典")  # jieba loads its dictionary (about a second) on first use
    start = time.perf_counter()
    similarity.terms(text)
    print(f"segmentation of the clipped query alone: {(time.perf_counter() - start) * 1000:.0f} ms (jieba loaded)")
    timed("province staff, whole province", staff, province, text, args.runs)
    timed("county member, own county", member_user, big_county, text, args.runs)
    # The view passes the GET fields through source_text too; the same text unclipped must cost the same.
    timed("province staff, unclipped 40,200 characters", staff, province, title + reason + suggestions, args.runs)


if __name__ == "__main__":
    main()
