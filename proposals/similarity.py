"""Similar earlier proposals (DESIGN §2.1: staff merge; members see them while writing).

Terms are jieba words plus Chinese character bigrams (portal.text) of a bounded text: the title
(twice: it states the one issue) and the first `BODY_LIMIT` characters of 案由 and of 建议. Weights
are TF-IDF, compared by cosine.

Stored index (proposals.models.similarity), written by the services whenever a proposal's text is
saved (`index_proposal`), rebuilt by `manage.py index_proposals`:
- `TermStat`: document frequency of every term of the indexed texts (the empty term counts the texts);
- `ProposalTerm`: each proposal's `TERMS_PER_PROPOSAL` heaviest terms (an inverted index), with the
  log term frequency and the normalised weight at indexing time, and the proposal's committee;
- `ProposalIndex`: the text last indexed, so a re-index takes its terms back out of the frequencies.

Lookup (`similar_proposals`), bounded whatever is stored:
1. the query's terms (its text clipped to `QUERY_LIMIT`), their frequencies in one indexed query;
2. for the `QUERY_TERMS` heaviest query terms (rare terms weigh most), the `SCAN_PER_TERM` heaviest
   postings in the committee subtree (one index range scan each), scores summed per proposal;
3. best first, the proposals the viewer may be shown (proposals.selectors: what they may see, plus
   disclosed ones, in the states that count as earlier proposals), checked `CHECK_BATCH` at a time
   until `SHORTLIST` are found;
4. those re-ranked by exact cosine (current frequencies, their stored terms); the best k above
   `min_score` returned.
"""

import math
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import F

from members.scopes import scope_for
from portal.text import cjk_bigrams, clip, words

from . import search, selectors
from .enums import ACCEPTED_STATES, ProposalState
from .models import Proposal, ProposalIndex, ProposalTerm, TermStat

STOPWORDS = set(
    "的 了 和 与 及 或 在 对 为 是 等 中 将 把 被 从 以 并 而 其 之 于 也 有 要 可 能 这 那 "
    "关于 建议 提案 进一步 加强 推进 推动 做好 开展 提高 提升 完善 健全 问题 工作 方面 我们 目前 当前 存在 "
    "相关 有关 部门 政府 我市 我县 我区 全市 全县 全区 以及 通过 实现 进行 落实 积极 切实 充分 不断 一些 一是 二是 三是 "
    "如何 更加 发展 建设 管理 服务 机制 体系 情况 措施 政策 支持 力度 重视 有效 保障 促进 各类 各级".split()
)
TITLE_LIMIT = 200
BODY_LIMIT = 1500
QUERY_LIMIT = 2 * TITLE_LIMIT + 2 * BODY_LIMIT + 4
TERM_LIMIT = 32  # characters; longer tokens (URLs, long Latin strings) are not terms
TERMS_PER_PROPOSAL = 64
QUERY_TERMS = 24
SCAN_PER_TERM = 500
CHECK_BATCH = 1000
SHORTLIST = 40
DOCUMENTS = ""  # the TermStat row counting the indexed texts
BATCH = 1000


def terms(text):
    """Term counts of a text: jieba words (2+ characters, no stopwords) and CJK character bigrams ("#" + pair)."""
    counts = Counter(w for w in words(text) if w not in STOPWORDS and len(w) <= TERM_LIMIT)
    counts.update("#" + b for b in cjk_bigrams(text) if b not in STOPWORDS)
    return counts


def source_text(title, reason, suggestions):
    """The text a proposal is indexed (and a query is searched) by: the title counts double, and only
    the first part of 案由 and 建议 is read, which keeps segmentation and storage bounded."""
    title = clip(title, TITLE_LIMIT)
    return f"{title}\n{title}\n{clip(reason, BODY_LIMIT)}\n{clip(suggestions, BODY_LIMIT)}"


document_text = source_text


def idf(df, n):
    return math.log((1 + n) / (1 + df)) + 1


def _ltf(count):
    return 1 + math.log(count)


def _normalised(raw):
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {t: v / norm for t, v in raw.items()}


def _chunks(items, size=BATCH):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def frequencies(term_list):
    """{term: df} for the terms that occur in some indexed text, and the number of indexed texts."""
    wanted, found = sorted(set(term_list) | {DOCUMENTS}), {}
    if connection.vendor == "postgresql":  # one array parameter: no per-term cost of building an IN list
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, df FROM {TermStat._meta.db_table} WHERE term = ANY(%s)", [wanted])
            found.update(cursor.fetchall())
    else:
        for chunk in _chunks(wanted):
            found.update(TermStat.objects.filter(term__in=chunk).values_list("term", "df"))
    n = found.pop(DOCUMENTS, 0)
    return {t: d for t, d in found.items() if d > 0}, n


def _count(term_list, delta):
    """Add `delta` to the document frequency of each term (rows locked in term order: no deadlocks)."""
    term_list = sorted(term_list)
    for chunk in _chunks(term_list):
        if delta > 0:
            TermStat.objects.bulk_create([TermStat(term=t, df=0) for t in chunk], ignore_conflicts=True)
        if connection.features.has_select_for_update:
            list(TermStat.objects.select_for_update().filter(term__in=chunk).order_by("term").values_list("term"))
        TermStat.objects.filter(term__in=chunk).update(df=F("df") + delta)


def _postings(proposal, counts, df, n, model=ProposalTerm):
    """The proposal's heaviest terms as unsaved ProposalTerm rows."""
    raw = {t: _ltf(c) * idf(df.get(t, 1), n) for t, c in counts.items()}
    vector = _normalised(raw)
    best = sorted(vector, key=lambda t: (-vector[t], t))[:TERMS_PER_PROPOSAL]
    return [model(term=t, proposal_id=proposal.pk, committee_id=proposal.committee_id,
                         tf=_ltf(counts[t]), weight=vector[t]) for t in best]


def index_proposal(proposal):
    """Bring the index up to date with the proposal's saved text. Call it after every save of a title,
    案由 or 建议, inside the service's transaction. Returns False when the indexed text was current.
    The full-text search row (proposals.search) is brought up to date first: it reads the whole text."""
    search.index_proposal(proposal)
    source = source_text(proposal.title, proposal.reason, proposal.suggestions)
    with transaction.atomic():
        row = ProposalIndex.objects.select_for_update().filter(pk=proposal.pk).first()
        if row is not None and row.source == source and ProposalTerm.objects.filter(
                proposal_id=proposal.pk).exclude(committee_id=proposal.committee_id).count() == 0:
            return False
        counts = terms(source)
        old = set(terms(row.source)) if row is not None else set()
        new = set(counts)
        _count((new - old) | ({DOCUMENTS} if row is None else set()), +1)
        _count(old - new, -1)
        df, n = frequencies(new)
        ProposalTerm.objects.filter(proposal_id=proposal.pk).delete()
        ProposalTerm.objects.bulk_create(_postings(proposal, counts, df, n))
        ProposalIndex.objects.update_or_create(proposal_id=proposal.pk, defaults={"source": source})
    return True


def rebuild(*, batch=200, log=None, apps=None):
    """Index every proposal from scratch (`manage.py index_proposals --rebuild`, and the data migration
    with its historical `apps`): frequencies over all texts first, then the postings with those
    frequencies. Works in batches of `batch` proposals."""
    if apps is not None:
        names = ("Proposal", "ProposalIndex", "ProposalTerm", "TermStat")
        return _rebuild(*(apps.get_model("proposals", m) for m in names), batch=batch, log=log)
    return _rebuild(Proposal, ProposalIndex, ProposalTerm, TermStat, batch=batch, log=log)


def _rebuild(Proposal, ProposalIndex, ProposalTerm, TermStat, *, batch, log):  # noqa: N803 (model classes)
    qs = Proposal.objects.order_by("pk")
    ProposalTerm.objects.all().delete()
    ProposalIndex.objects.all().delete()
    TermStat.objects.all().delete()
    df, n = Counter(), 0
    ids = list(qs.values_list("pk", flat=True))
    for chunk in _chunks(ids, batch):
        for title, reason, suggestions in Proposal.objects.filter(pk__in=chunk).values_list("title", "reason", "suggestions"):
            df.update(terms(source_text(title, reason, suggestions)).keys())
            n += 1
    df[DOCUMENTS] = n
    for chunk in _chunks(sorted(df), 2000):
        TermStat.objects.bulk_create([TermStat(term=t, df=df[t]) for t in chunk])
    for done, chunk in enumerate(_chunks(ids, batch), 1):
        with transaction.atomic():
            rows, postings = [], []
            for p in Proposal.objects.filter(pk__in=chunk).only("pk", "committee_id", "title", "reason", "suggestions"):
                source = source_text(p.title, p.reason, p.suggestions)
                rows.append(ProposalIndex(proposal_id=p.pk, source=source))
                postings.extend(_postings(p, terms(source), df, n, ProposalTerm))
            ProposalIndex.objects.bulk_create(rows)
            ProposalTerm.objects.bulk_create(postings, batch_size=2000)
        if log:
            log(min(done * batch, len(ids)), len(ids))
    return n


def index_missing(*, batch=200, log=None):
    """Index the proposals that have no index row yet (`manage.py index_proposals`)."""
    done = 0
    while True:
        todo = list(Proposal.objects.filter(similarity_index__isnull=True).order_by("pk")[:batch])
        if not todo:
            return done
        for p in todo:
            index_proposal(p)
        done += len(todo)
        if log:
            log(done, None)


def candidate_states(viewer):
    """Earlier proposals: accepted (numbered) or merged; staff also see submitted ones (to merge)."""
    states = set(ACCEPTED_STATES) | {ProposalState.MERGED}
    if scope_for(viewer).is_staff:
        states.add(ProposalState.SUBMITTED)
    return states


def allowed_proposals(viewer):
    """What the viewer may be shown: the proposals they may see plus the publicly disclosed ones, in
    the candidate states. Row conditions only, so the database checks them posting by posting."""
    visible = selectors.proposals_visible_to(viewer) | selectors.public_proposals()
    return visible.filter(state__in=candidate_states(viewer))


def similar_proposals(*, viewer, committee, text, exclude_id=None, k=5, min_score=0.05):
    """Top-k earlier proposals of the committee's subtree similar to `text` (use `source_text`), that
    `viewer` may see, as [(Proposal, score)], best first."""
    if committee is None or viewer is None:
        return []
    query = terms(clip(text, QUERY_LIMIT))
    df, n = frequencies(query)
    if not n:
        return []
    qvec = _normalised({t: _ltf(c) * idf(df[t], n) for t, c in query.items() if t in df})
    if not qvec:
        return []
    committee_ids = list(committee.subtree().values_list("pk", flat=True))
    approx = defaultdict(float)
    for term, pk, weight in _heaviest_postings(sorted(qvec, key=lambda t: (-qvec[t], t))[:QUERY_TERMS], committee_ids):
        approx[pk] += qvec[term] * weight
    approx.pop(exclude_id, None)
    shortlist = _visible_first(viewer, sorted(approx, key=lambda pk: (-approx[pk], pk)))
    ranked = [(pk, s) for pk, s in _exact(qvec, shortlist, df, n) if s >= min_score][:k]
    by_id = (Proposal.objects.select_related("proposer", "category").defer("reason", "suggestions")
             .in_bulk([pk for pk, _ in ranked]))
    return [(by_id[pk], score) for pk, score in ranked if pk in by_id]


def _heaviest_postings(term_list, committee_ids):
    """(term, proposal id, weight) of the SCAN_PER_TERM heaviest postings of each term in the committees:
    one index range scan per term (on PostgreSQL all in one statement)."""
    if connection.vendor == "postgresql":
        sql = (f"SELECT q.term, p.proposal_id, p.weight FROM unnest(%s::varchar[]) AS q(term) CROSS JOIN LATERAL ("
               f"SELECT proposal_id, weight FROM {ProposalTerm._meta.db_table} WHERE term = q.term "
               f"AND committee_id = ANY(%s) ORDER BY weight DESC LIMIT %s) p")
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(term_list), committee_ids, SCAN_PER_TERM])
            return cursor.fetchall()
    out = []
    for term in term_list:
        out.extend((term, pk, weight) for pk, weight in ProposalTerm.objects.filter(
            term=term, committee_id__in=committee_ids).order_by("-weight").values_list("proposal_id", "weight")[:SCAN_PER_TERM])
    return out


def _visible_first(viewer, ranked):
    """The first SHORTLIST of `ranked` (proposal ids, best first) that the viewer may be shown, checked
    in batches by the selectors: staff pass with the first batch; a member who may see few proposals
    costs at most len(ranked) / CHECK_BATCH more queries (len(ranked) <= QUERY_TERMS * SCAN_PER_TERM)."""
    allowed, shortlist = allowed_proposals(viewer), []
    for batch in _chunks(ranked, CHECK_BATCH):
        ok = set(allowed.filter(pk__in=batch).order_by().values_list("pk", flat=True))
        shortlist.extend(pk for pk in batch if pk in ok)
        if len(shortlist) >= SHORTLIST:
            break
    return shortlist[:SHORTLIST]


def _exact(qvec, ids, df, n):
    """Cosine of the query with each proposal's stored terms under the current frequencies, best first."""
    docs = defaultdict(dict)
    for pk, term, tf in ProposalTerm.objects.filter(proposal_id__in=ids).values_list("proposal_id", "term", "tf"):
        docs[pk][term] = tf
    missing = {t for terms_ in docs.values() for t in terms_} - set(df)
    if missing:
        more, _n = frequencies(missing)
        df = df | more
    scores = []
    for pk, stored in docs.items():
        vec = _normalised({t: tf * idf(df.get(t, 1), n) for t, tf in stored.items()})
        scores.append((pk, sum(w * qvec.get(t, 0.0) for t, w in vec.items())))
    scores.sort(key=lambda kv: (-kv[1], kv[0]))
    return scores
