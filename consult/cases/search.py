"""Full-text search of the grassroots case banks (问题库/建言库/案例库: the page's and the API's `q`).

Words are those of proposals.search (jieba without HMM, search mode for what is stored, precise mode for
a query, letters and digits only, lower-cased, bounded) and, for what is stored, also every dictionary word
the text holds (jieba's full mode): a short text such as 小区路灯不亮 is cut 小区/路/灯不亮 in search mode,
so 路灯 — the word a query for it gives — would be missed; and every Chinese character of it, as a query
word unknown to the dictionary falls into its characters (3号楼 → 3, 号, 楼, while the text holds 楼前): such a
query finds the texts holding all its characters, as the old substring search did. Cases are few (a
committee's hundreds, not a province's proposals), so the longer word list costs little.

Index (CaseSearch, one row per case), written by `index_case`: the services call it after every save of a
text it reads — the title and description (点单), the consultation result (协商解单), the answer to the
resident (办结) and the write-up (归单). The resident's name and phone are never indexed. PostgreSQL
stores the words as a `tsvector` with a GIN index; SQLite in an FTS5 table kept in step by triggers
(both made by migration consult casesearch_index through `create_structures`).

Query (`matching`): every word of the query (limits.search_term) must occur (AND); a word with parts
matches itself or all its parts, as proposals do. No words (empty, punctuation only): no filter. The
list keeps its own order (newest first) and pager; the search is a condition on the cases, checked
through the index (GIN on PostgreSQL, the FTS5 table on SQLite).
"""

import re
from itertools import chain

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from portal.text import jieba
from proposals.search import WordsMatch, _cut, _fts_query, _tsquery, document_words, terms, unique_words

from .models import CaseConsultation, CaseSearch, CommunityCase

FTS_TABLE = "consult_casesearch_fts"
GIN_INDEX = "casesearch_text_gin"
HAN = re.compile(r"[\u3400-\u9fff]")


def case_texts(case):
    """The texts a case is found by: title, description, consultation result, answer, write-up."""
    result = CaseConsultation.objects.filter(case_id=case.pk).values_list("result", flat=True).first()
    return (case.title or "", case.description or "", result or "", case.answer or "", case.summary or "")


def words(text):
    """The stored words of a text: proposals.search's (search mode), every dictionary word in it (full mode)
    and every Chinese character."""
    found = unique_words(chain(document_words(text), _cut(jieba().lcut(text or "", cut_all=True))))
    return unique_words(chain(found, HAN.findall(text or "")))


def case_words(texts):
    """The space-separated words of `case_texts`, as CaseSearch stores them."""
    return " ".join(unique_words(chain.from_iterable(words(t) for t in texts)))


def index_case(case):
    """Bring the case's search row up to date with its saved texts; call it inside the service's
    transaction after every save of a text `case_texts` reads."""
    text = case_words(case_texts(case))
    if not CaseSearch.objects.filter(pk=case.pk).update(text=text):
        CaseSearch.objects.create(case_id=case.pk, text=text)


def rebuild():
    """Write the search row of every case again (a repair; the services keep the rows current)."""
    CaseSearch.objects.all().delete()
    n = 0
    for case in CommunityCase.objects.order_by("pk").only("pk", "title", "description", "answer", "summary").iterator():
        index_case(case)
        n += 1
    return n


# ---------------------------------------------------------------- the database side


def sqlite_fts_sql():
    """SQLite: the FTS5 table over CaseSearch and the triggers that keep it in step (idempotent)."""
    table = CaseSearch._meta.db_table
    delete = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.case_id, old.text);"
    insert = f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.case_id, new.text);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, content='{table}', "
        "content_rowid='case_id', tokenize='unicode61 remove_diacritics 0')",
        f"DROP TRIGGER IF EXISTS {table}_fts_insert",
        f"DROP TRIGGER IF EXISTS {table}_fts_delete",
        f"DROP TRIGGER IF EXISTS {table}_fts_update",
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ]


def postgresql_sql():
    return [f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {CaseSearch._meta.db_table} USING gin (text)"]


def create_structures(schema_editor):
    """What the migration adds beside the table: PostgreSQL's GIN index, SQLite's FTS5 table and triggers."""
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql_sql, "sqlite": sqlite_fts_sql}.get(vendor, list)()
    for sql in statements:
        schema_editor.execute(sql)


def drop_structures(schema_editor):
    """The migration backwards (PostgreSQL's GIN index goes with the table)."""
    if schema_editor.connection.vendor == "sqlite":
        table = CaseSearch._meta.db_table
        for what in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{what}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# ---------------------------------------------------------------- queries


def condition(text):
    """The condition on cases holding every word of the query `text`; None when it has no words."""
    found = terms(text)
    if not found:
        return None
    if connection.vendor == "postgresql":
        return Q(Exists(CaseSearch.objects.filter(case=OuterRef("pk")).filter(WordsMatch("text", _tsquery(found)))))
    match = _fts_query(found, "text")
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))


def matching(queryset, text):
    """`queryset` (cases) limited to those holding every word of `text`; as it is when `text` has no words."""
    q = condition(text)
    return queryset if q is None else queryset.filter(q)
