"""The stored index behind the similar-proposal search (proposals.similarity).

Written by the services whenever a proposal's text is saved, never by hand; `manage.py
index_proposals` rebuilds it. A lookup reads a bounded number of postings per query term, so its
cost does not grow with the number of proposals stored.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits


class ProposalIndex(models.Model):
    """One row per indexed proposal: the text last indexed (title and the first part of 案由 and 建议,
    clipped), kept so that re-indexing can take that text's terms back out of the document frequencies."""

    proposal = models.OneToOneField(
        "proposals.Proposal", verbose_name=_("提案"), primary_key=True, on_delete=models.CASCADE, related_name="similarity_index"
    )
    source = models.TextField(_("索引文本"), max_length=limits.RECORD_TEXT)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("相似提案索引")
        verbose_name_plural = _("相似提案索引")

    def __str__(self):
        return str(self.proposal_id)


class ProposalTerm(models.Model):
    """A posting of the inverted index: one of a proposal's strongest terms (at most
    `similarity.TERMS_PER_PROPOSAL` per proposal) with its weight in the proposal's normalised TF-IDF
    vector at indexing time. `committee` repeats the proposal's, so that one index answers "the
    heaviest postings of this term in these committees"."""

    term = models.CharField(_("词"), max_length=32)
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("提案"), on_delete=models.CASCADE, related_name="+", db_index=False
    )  # the unique (proposal, term) index serves lookups by proposal
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tf = models.FloatField(_("词频权重"))
    weight = models.FloatField(_("权重"))

    class Meta:
        verbose_name = _("提案索引词")
        verbose_name_plural = _("提案索引词")
        indexes = [
            models.Index(fields=["term", "committee", "-weight"], name="proposalterm_term_committee"),
            models.Index(fields=["term", "-weight"], name="proposalterm_term_weight", include=["committee", "proposal"]),
        ]
        constraints = [models.UniqueConstraint(fields=["proposal", "term"], name="proposalterm_unique")]

    def __str__(self):
        return f"{self.term} · {self.proposal_id}"


class TermStat(models.Model):
    """Document frequency of a term: in how many indexed proposals (their clipped text) it occurs.
    The row with the empty term counts the indexed proposals themselves."""

    term = models.CharField(_("词"), max_length=32, primary_key=True)
    df = models.PositiveIntegerField(_("文档频率"), default=0)

    class Meta:
        verbose_name = _("词频统计")
        verbose_name_plural = _("词频统计")

    def __str__(self):
        return f"{self.term} · {self.df}"
