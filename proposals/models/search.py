"""The stored full-text index of proposals (proposals.search): one row per proposal.

Written by the services whenever a text it reads is saved, never by hand; `manage.py index_proposals`
rebuilds it. The words are stored as given (jieba's, cut and lower-cased by proposals.search):

- PostgreSQL: `tsvector` columns (one lexeme per word, no parser or dictionary in between), each with
  a GIN index (migration 0012);
- SQLite: plain text columns, indexed by the FTS5 table `proposals_proposalsearch_fts` (external
  content, rowid = proposal id), which triggers on this table keep in step. A later migration that
  makes SQLite rebuild this table (any AlterField) drops those triggers: it must run
  `proposals.search.sqlite_fts_sql()` again (tests/test_search.py fails otherwise).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WordsField(models.Field):
    """Space-separated words: a `tsvector` on PostgreSQL (written with a cast: each word one lexeme, which
    holds because proposals.search keeps only letters and digits in a word), text elsewhere. Never read
    back as words: the database reads it."""

    description = _("检索词")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "TextField"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


class ProposalSearch(models.Model):
    """What a search finds a proposal by: `title` holds the words of its title, 案号, proposer and 提案单位
    (a hit there ranks first); `text` those and the words of 案由 and 建议 (every word of a query must
    occur there). `digest` identifies the texts indexed, so saving unchanged text costs no segmentation."""

    proposal = models.OneToOneField(
        "proposals.Proposal", verbose_name=_("提案"), primary_key=True, on_delete=models.CASCADE, related_name="search_row"
    )
    digest = models.CharField(_("索引文本摘要"), max_length=64)
    title = WordsField(_("案题检索词"))
    text = WordsField(_("全文检索词"))

    class Meta:
        verbose_name = _("提案全文索引")
        verbose_name_plural = _("提案全文索引")

    def __str__(self):
        return str(self.proposal_id)
