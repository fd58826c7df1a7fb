"""Full-text search of proposals: 提案公开 (`?q=`), the staff overview and its export, the API (`?search=`).

Words. A text is cut by jieba (portal.text.jieba(), the set-up the similar-proposal index uses) without its
HMM guesses of unknown words, so that a text is cut the same way wherever it stands (an unknown word
falls into its characters, in the texts and in queries alike): search mode for what is stored (long
words also give their parts: 心理健康 → 心理, 健康, 心理健康), precise mode for a query. A word keeps only
letters and digits (a run of anything else cuts it; pure punctuation is no word), lower-cased, at most
WORD_LIMIT characters. Both databases store exactly these words, so they find the same proposals.

Index (proposals.models.ProposalSearch, one row per proposal), written by `index_proposal`: the
services call it after every save of a text it reads (through similarity.index_proposal, and on 立案,
which gives the 案号); it is a no-op when the texts are those indexed (a digest). `rebuild` (manage.py
index_proposals, migration 0013) writes every row again; seed_history writes them in bulk. Two parts:
- `title`: the words of the title, the 案号, the proposer's name and the 提案单位名称;
- `text`: those and the words of 案由 and 建议.
PostgreSQL stores them as `tsvector` (lexemes as given) with GIN indexes; SQLite in an FTS5 table.

Query (`terms`): the words of the query (limits.search_term: at most 100 characters); every word must
occur in `text` (AND); a word with parts matches either itself or all its parts (人工智能, or 人工 and
智能), which forgives a text cut differently. No words (empty, punctuation only): no filter.

Ranking (`ranked`): proposals whose `title` holds every word first, then the others, each tier in the
list's own order (newest first). No score is computed over all matches: a page costs about the same for
a word tens of thousands of proposals hold as for a rare one (see `Search` and `Ranked` for how
PostgreSQL is asked, and `Ranked.bounded_count` for the pager's count).
"""

import hashlib
import json
import re
from itertools import chain

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.expressions import RawSQL

from portal.limits import search_term
from portal.text import jieba

from .models import Proposal, ProposalSearch

WORD = re.compile(r"[^\W_]+")
WORD_LIMIT = 32  # characters: a longer run (a URL, a long number) is cut to its first WORD_LIMIT
FTS_TABLE = "proposals_proposalsearch_fts"
VERSION = "1"  # part of the digest: change it when the words of a text change, so every row is rewritten
BATCH = 500
COMMON = 0.02  # words held by this share of texts or more are checked proposal by proposal (see Search)
TITLE_COMMON = 0.005  # the same for titles (short: a check costs little)
PROBE_LIMIT = 2500  # visible proposals up to which a search reads all their matches at once (Ranked.few)
FEW_ESTIMATE = 10 * PROBE_LIMIT  # … tried when PostgreSQL expects at most this many visible proposals


# ---------------------------------------------------------------- words


def _rounded(n):
    """An estimate with the precision it has: two significant figures."""
    digits = len(str(n)) - 2
    return int(round(n, -digits)) if digits > 0 else n


def _cut(tokens):
    """The words of jieba tokens: runs of letters and digits, lower-cased, bounded."""
    for token in tokens:
        for word in WORD.findall(token.lower()):
            yield word[:WORD_LIMIT]


def unique_words(words):
    return list(dict.fromkeys(words))


class Segmenter:
    """Search-mode words of texts, one sentence at a time, remembering the sentences it has cut.

    jieba segments runs of Chinese characters, letters, digits and a few signs (+#&._%-) one run at a
    time; any other character ends a run. So cutting sentence by sentence (at 。！？；and line ends) gives
    the same words as cutting the whole text. Texts that repeat sentences (templates, the benchmark's generated proposals) are then
    segmented once per distinct sentence. The memory is bounded: forgotten when it holds `limit` sentences.
    """

    SENTENCE = re.compile(r"[^。！？；\n]+")

    def __init__(self, limit=200_000):
        self.limit, self.memory = limit, {}

    def sentence(self, sentence):
        words = self.memory.get(sentence)
        if words is None:
            if len(self.memory) >= self.limit:
                self.memory.clear()
            words = self.memory[sentence] = tuple(unique_words(_cut(jieba().lcut_for_search(sentence, HMM=False))))
        return words

    def words(self, text):
        """The words of `text`, each once, in order of first occurrence."""
        return unique_words(chain.from_iterable(self.sentence(s) for s in self.SENTENCE.findall(text or "")))


def document_words(text):
    """The stored words of a text (search mode; each once)."""
    return unique_words(_cut(jieba().lcut_for_search(text or "", HMM=False)))


def index_texts(proposal, proposer_name):
    """(title, number, proposer's name, 提案单位名称, 案由, 建议): the texts a proposal is found by."""
    return (proposal.title or "", proposal.number or "", proposer_name or "", proposal.collective_name or "",
            proposal.reason or "", proposal.suggestions or "")


def digest(texts):
    return hashlib.sha256("\x1f".join((VERSION, *texts)).encode()).hexdigest()


def index_words(texts, segmenter=None):
    """(title words, text words) of `index_texts`, as the space-separated strings the index stores."""
    cut = segmenter.words if segmenter is not None else document_words
    title, number, name, collective, reason, suggestions = texts
    head = unique_words(chain(cut(title), cut(number), cut(name), cut(collective)))
    return " ".join(head), " ".join(unique_words(chain(head, cut(reason), cut(suggestions))))


# ---------------------------------------------------------------- writing the index


def index_proposal(proposal):
    """Bring the proposal's search row up to date with its saved texts; call it inside the service's
    transaction after every save of the title, 案由, 建议 or 案号. Returns False when the row was current."""
    texts = index_texts(proposal, proposal.proposer.name if proposal.proposer_id else "")
    key = digest(texts)
    stored = ProposalSearch.objects.filter(pk=proposal.pk).values_list("digest", flat=True).first()
    if stored == key:
        return False
    title, text = index_words(texts)
    if stored is None:
        ProposalSearch.objects.create(proposal_id=proposal.pk, digest=key, title=title, text=text)
    else:
        ProposalSearch.objects.filter(pk=proposal.pk).update(digest=key, title=title, text=text)
    return True


def rebuild(*, batch=BATCH, log=None, apps=None, missing_only=False):
    """Write the search row of every proposal (or of those without one) from their texts, `batch` at a time;
    returns how many were written. With `apps` (a data migration), its historical models."""
    search_model = apps.get_model("proposals", "ProposalSearch") if apps else ProposalSearch
    proposal_model = apps.get_model("proposals", "Proposal") if apps else Proposal
    qs = proposal_model.objects.order_by("pk")
    if missing_only:
        qs = qs.filter(search_row__isnull=True)
    else:
        search_model.objects.all().delete()
    ids = list(qs.values_list("pk", flat=True))
    segmenter = Segmenter()
    fields = ("pk", "title", "number", "proposer__name", "collective_name", "reason", "suggestions")
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        rows = []
        for pk, *texts in proposal_model.objects.filter(pk__in=chunk).order_by("pk").values_list(*fields):
            texts = tuple(t or "" for t in texts)
            title, text = index_words(texts, segmenter)
            rows.append(search_model(proposal_id=pk, digest=digest(texts), title=title, text=text))
        with transaction.atomic():
            search_model.objects.bulk_create(rows, batch_size=100)
        if log:
            log(start + len(chunk), len(ids))
    return len(ids)


# ---------------------------------------------------------------- the database side


def sqlite_fts_sql():
    """SQLite: the FTS5 table over ProposalSearch and the triggers that keep it in step (idempotent)."""
    table = ProposalSearch._meta.db_table
    cols = "title, text"
    new, old = "new.proposal_id, new.title, new.text", "old.proposal_id, old.title, old.text"
    delete = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', {old});"
    insert = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES ({new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, content='{table}', "
        "content_rowid='proposal_id', tokenize='unicode61 remove_diacritics 0')",
        f"DROP TRIGGER IF EXISTS {table}_fts_insert",
        f"DROP TRIGGER IF EXISTS {table}_fts_delete",
        f"DROP TRIGGER IF EXISTS {table}_fts_update",
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ]


def postgresql_sql(lz4=True):
    """PostgreSQL: GIN indexes on both parts; lz4 for the long vectors when the server has it (a search
    that checks rows one by one reads them: lz4 unpacks several times faster than the default pglz)."""
    table = ProposalSearch._meta.db_table
    sql = [f"CREATE INDEX IF NOT EXISTS proposalsearch_{col}_gin ON {table} USING gin ({col})" for col in ("title", "text")]
    if lz4:
        sql.append(f"ALTER TABLE {table} ALTER COLUMN text SET COMPRESSION lz4")
    # A search of a county's proposals reads all of them (Ranked.few) or walks them: the planner must know
    # how many a committee has. With the default statistics only the biggest committees are counted and a
    # county is taken for ten times its size (a walk of the whole table instead of its own rows).
    sql.append(f"ALTER TABLE {Proposal._meta.db_table} ALTER COLUMN committee_id SET STATISTICS 1000")
    return sql


def create_structures(schema_editor):
    """What the migration adds beside the table: PostgreSQL's GIN indexes, SQLite's FTS5 table and triggers."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            row = cursor.fetchone()
        statements = postgresql_sql(lz4=bool(row and row[0]))
    elif vendor == "sqlite":
        statements = sqlite_fts_sql()
    else:
        statements = []
    for sql in statements:
        schema_editor.execute(sql)


def drop_structures(schema_editor):
    """The migration backwards (the GIN indexes go with the table)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {Proposal._meta.db_table} ALTER COLUMN committee_id SET STATISTICS -1")
    if vendor == "sqlite":
        table = ProposalSearch._meta.db_table
        for what in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{what}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# ---------------------------------------------------------------- queries


def terms(text):
    """The query's terms: [(word, parts)], parts being the word's own parts in search mode (may be empty)."""
    seen, out = set(), []
    for word in _cut(jieba().lcut(search_term(text), HMM=False)):
        if word in seen:
            continue
        seen.add(word)
        parts = tuple(p for p in unique_words(_cut(jieba().lcut_for_search(word, HMM=False))) if p != word)
        out.append((word, parts))
    return out


def _tsquery(found):
    def one(word, parts):
        if not parts:
            return f"'{word}'"
        return f"('{word}' | (" + " & ".join(f"'{p}'" for p in parts) + "))"

    return " & ".join(one(w, p) for w, p in found)


def _fts_query(found, column):
    def phrase(word):
        return f'{column} : "{word}"'

    def one(word, parts):
        if not parts:
            return phrase(word)
        return f"({phrase(word)} OR (" + " AND ".join(phrase(p) for p in parts) + "))"

    return " AND ".join(one(w, p) for w, p in found)


def _fts_in(match):
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))


class WordsMatch(Func):
    """PostgreSQL: `<column> @@ '<tsquery>'::tsquery`, a boolean (the query text built by `_tsquery`)."""

    template = "(%(expressions)s::tsquery)"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, column, query):
        super().__init__(F(column), Value(query, output_field=TextField()))


class Search:
    """The conditions of one query's words on proposals, as the database runs them best.

    SQLite: `pk IN (SELECT rowid FROM <FTS5 table> WHERE … MATCH …)`.

    PostgreSQL: words that many proposals hold (by PostgreSQL's statistics of the words: at least
    COMMON of the texts, TITLE_COMMON of the titles) are checked proposal by proposal as a list walks
    its order — a page needs a few dozen checks — through a scalar subquery, which the planner cannot
    turn into a scan of every search row (checking a text reads its long word vector, a cost the
    planner's estimates leave out, so it would otherwise read all of them for a common word). Rarer
    words go through the GIN indexes (EXISTS), whose matches are few.
    """

    def __init__(self, found):
        self.found = found
        self.postgresql = connection.vendor == "postgresql"
        self.tsquery = _tsquery(found) if self.postgresql else None
        self._shares = None

    def _estimate(self):
        """PostgreSQL's estimates of the share of titles and of texts holding every word (0..1): one EXPLAIN."""
        if self._shares is None:
            table = ProposalSearch._meta.db_table
            sql = (f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE title @@ %s::tsquery UNION ALL "
                   f"SELECT 1 FROM {table} WHERE text @@ %s::tsquery UNION ALL SELECT 1 FROM {table}")
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.tsquery, self.tsquery])
                plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            title, text, total = (part["Plan Rows"] for part in plan["Plans"])
            self._shares = (min(1.0, title / total), min(1.0, text / total)) if total > 1 else (1.0, 1.0)
        return self._shares

    @property
    def share(self):
        """The estimated share of proposals whose text holds every word."""
        return self._estimate()[1]

    @property
    def common(self):
        return self.postgresql and self._estimate()[1] >= COMMON

    @property
    def common_in_titles(self):
        return self.postgresql and self._estimate()[0] >= TITLE_COMMON

    def _rows(self):
        return ProposalSearch.objects.filter(proposal=OuterRef("pk"))

    def _probe(self, condition):
        """True when the proposal's search row meets `condition` (a scalar subquery: one check per proposal)."""
        rows = self._rows().annotate(hit=ExpressionWrapper(condition, output_field=BooleanField())).values("hit")[:1]
        return Q(Subquery(rows, output_field=BooleanField()))

    def title(self):
        """Proposals whose title, 案号, proposer or 提案单位 hold every word."""
        if not self.postgresql:
            return _fts_in(_fts_query(self.found, "title"))
        match = WordsMatch("title", self.tsquery)
        return self._probe(Q(match)) if self.common_in_titles else Q(Exists(self._rows().filter(match)))

    def text(self):
        """Proposals holding every word (anywhere)."""
        if not self.postgresql:
            return _fts_in(_fts_query(self.found, "text"))
        match = WordsMatch("text", self.tsquery)
        return self._probe(Q(match)) if self.common else Q(Exists(self._rows().filter(match)))

    def text_only(self):
        """Proposals holding every word, but not all of them in the title (the second tier)."""
        if not self.postgresql:
            return _fts_in(f"({_fts_query(self.found, 'text')}) NOT ({_fts_query(self.found, 'title')})")
        condition = Q(WordsMatch("text", self.tsquery)) & ~Q(WordsMatch("title", self.tsquery))
        return self._probe(condition) if self.common else Q(Exists(self._rows().filter(condition)))


def matching(queryset, text):
    """`queryset` (proposals) limited to those holding every word of the query `text`; as it is when the
    query has no words."""
    found = terms(text)
    if not found:
        return queryset
    return queryset.filter(Search(found).text())


def ranked(queryset, text, *ordering):
    """The proposals of `queryset` matching `text`, ranked (see the module docstring); without words in
    `text`, `queryset` in `ordering`. What it returns pages like a queryset (Paginator, the API's pager)."""
    found = terms(text)
    if not found:
        return queryset.order_by(*ordering) if ordering else queryset
    return Ranked(queryset, found, ordering)


class Ranked:
    """Matches in two tiers: title matches, then the rest, each tier in `ordering`; pages like a queryset.

    Few visible proposals (at most PROBE_LIMIT, PostgreSQL): their ids in order (one query), which of
    them match and which in the title (one query on the search rows: a bitmap of the GIN index and the
    ids, or a check each), then the page's rows by id. Count exact. Many: each tier is a query with a
    LIMIT in the list's order — a page asks the first tier, and only a page that runs past it counts the
    first tier and asks the second; `bounded_count` gives the pager an exact count or an estimate.

    `count()` and `order_by()` are those of all the matches (`order_by` replaces the ranking, as an
    explicit order of the API does); iterating reads every match, ranked.
    """

    ordered = True

    def __init__(self, queryset, found, ordering, *, tiers=True):
        self.model = queryset.model
        self.ordering = tuple(ordering) or tuple(queryset.model._meta.ordering) or ("pk",)
        self.base = queryset
        self.search = Search(found)
        self.ranked = tiers
        self.all = queryset.filter(self.search.text())
        if tiers:
            self.tiers = (queryset.filter(self.search.title()).order_by(*self.ordering),
                          queryset.filter(self.search.text_only()).order_by(*self.ordering))
        else:  # one tier: the matches in `ordering`
            self.tiers = (self.all.order_by(*self.ordering), queryset.none())
        self._first_count = None
        self._few = None
        self._visible_estimate = None

    # what pagers read of a queryset
    @property
    def query(self):
        return self.all.query

    @property
    def db(self):
        return self.all.db

    def order_by(self, *fields):
        """The matches in the order of `fields` (no ranking), paged and counted the same way."""
        if not fields:
            return self.all.order_by()
        return Ranked(self.base, self.search.found, fields, tiers=False)

    def visible_estimate(self):
        """PostgreSQL's estimate of the visible proposals (before the search)."""
        if self._visible_estimate is None:
            from portal.pagination import planner_estimate

            self._visible_estimate = planner_estimate(self.base) or 0
        return self._visible_estimate

    def few(self):
        """PostgreSQL, at most PROBE_LIMIT proposals visible: their matches ranked (a `_FewMatches`); else None.
        Asked only when PostgreSQL expects fewer than FEW_ESTIMATE visible proposals (its estimate errs)."""
        if self._few is None:
            self._few = False
            if self.search.postgresql and self.visible_estimate() <= FEW_ESTIMATE:
                ids = list(self.base.order_by(*self.ordering).values_list("pk", flat=True)[:PROBE_LIMIT + 1])
                if len(ids) <= PROBE_LIMIT:
                    self._few = _FewMatches(ids, self.search, ranked=self.ranked)
        return self._few if self._few is not False else None

    def count(self):
        few = self.few()
        return few.count() if few is not None else self.all.count()

    def bounded_count(self, limit):
        """(count, exact) for a pager (portal.pagination): exact when that is cheap, else an estimate.

        Few visible proposals: exact, but for a common word among more of them than a page needs (an
        estimate from what the pages read, see `_FewMatches`). Otherwise a rare word: the pager's own rule
        on the matches (the GIN index answers); a common word: PostgreSQL's estimate of the visible
        proposals times the share of proposals that hold the words (no word vector is read).
        """
        from portal import pagination

        few = self.few()
        if few is not None:
            return few.bounded_count()
        if not self.search.postgresql:
            return self.count(), True
        if not self.search.common:
            return pagination.bounded_count(self.all, limit)
        visible = max(PROBE_LIMIT + 1, self.visible_estimate())
        return max(1, _rounded(round(visible * self.search.share))), False

    def __len__(self):
        return self.count()

    def first_count(self):
        if self._first_count is None:
            self._first_count = self.tiers[0].count()
        return self._first_count

    def __iter__(self):
        few = self.few()
        if few is not None:
            return iter(self._rows(few.ids()))
        return chain(self.tiers[0], self.tiers[1])

    def _rows(self, ids):
        by_id = {(row["id"] if isinstance(row, dict) else row.pk): row  # values() rows: the API list's
                 for row in self.base.filter(pk__anyof=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __getitem__(self, key):
        if isinstance(key, int):
            rows = self[key:key + 1]
            if not rows:
                raise IndexError(key)
            return rows[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
            raise ValueError("only forward slices")
        start, stop = key.start or 0, key.stop
        if stop is not None and stop <= start:
            return []
        few = self.few()
        if few is not None:
            return self._rows(few.ids(start, stop))
        rows = list(self.tiers[0][start:stop])
        if stop is not None and len(rows) == stop - start:
            return rows
        first = start + len(rows) if rows else self.first_count()
        rest = self.tiers[1][max(0, start - first): None if stop is None else stop - first]
        return rows + list(rest)

    def __repr__(self):
        return f"<Ranked {self.model.__name__} search>"


class _FewMatches:
    """The matches among a few visible proposals (`ids`, in the list's order), ranked: title matches first.

    The titles are checked for all of them at once (a title's words are stored in the row itself). The
    texts' word vectors are long (read from TOAST and unpacked, the cost of a search): a rare word is
    looked up for all of them at once through the GIN index; a common word (Search.common) is checked
    only as far as the pages asked need, CHUNK proposals or more at a time — so the count is exact once
    every text was read (at most CHUNK unread: they are read for it), and before that an estimate (the title
    matches, the text matches found, and the share found so far of the proposals still unread).
    """

    CHUNK = 250

    def __init__(self, ids, search, *, ranked):
        self.order, self.search, self.ranked = ids, search, ranked
        self.match = WordsMatch("text", search.tsquery)
        rows = ProposalSearch.objects.filter(pk__anyof=ids)  # ids as one array (portal.lookups)
        if search.common:
            if ranked:
                titles = set(rows.filter(WordsMatch("title", search.tsquery)).values_list("pk", flat=True))
                self.first = [pk for pk in ids if pk in titles]
                self.rest = [pk for pk in ids if pk not in titles]
            else:
                self.first, self.rest = [], list(ids)
            self.found, self.read = [], 0  # text matches among rest[:read]
        else:
            in_title = dict(rows.filter(self.match).annotate(
                in_title=WordsMatch("title", search.tsquery)).values_list("pk", "in_title"))
            if ranked:
                self.first = [pk for pk in ids if in_title.get(pk) is True]
                self.found = [pk for pk in ids if in_title.get(pk) is False]
            else:
                self.first, self.found = [], [pk for pk in ids if pk in in_title]
            self.rest, self.read = [], 0

    @property
    def complete(self):
        return self.read >= len(self.rest)

    def _read(self, wanted):
        """Check texts until `wanted` text matches are known (None: all) or every text is read."""
        while not self.complete and (wanted is None or len(self.found) < wanted):
            missing = self.CHUNK if wanted is None else wanted - len(self.found)
            rate = len(self.found) / self.read if self.read else max(self.search.share, 0.01)
            size = max(self.CHUNK, int(missing / max(rate, 0.01) * 1.2))
            chunk = self.rest[self.read:self.read + size]
            hits = set(ProposalSearch.objects.filter(pk__anyof=chunk).filter(self.match).values_list("pk", flat=True))
            self.found.extend(pk for pk in chunk if pk in hits)
            self.read += len(chunk)

    def ids(self, start=0, stop=None):
        """The ranked matches [start:stop] (all of them with stop None)."""
        self._read(None if stop is None else stop - len(self.first))
        return (self.first + self.found)[start:stop]

    def count(self):
        self._read(None)
        return len(self.first) + len(self.found)

    def bounded_count(self):
        """(count, exact): exact once every text was read (they are read when few are left), else an estimate."""
        if len(self.rest) - self.read <= self.CHUNK:
            self._read(None)
        if self.complete:
            return len(self.first) + len(self.found), True
        unread = len(self.rest) - self.read
        rate = len(self.found) / self.read if self.read >= self.CHUNK else self.search.share
        return _rounded(len(self.first) + len(self.found) + round(unread * rate)), False
