"""The demo data has proposals in every state, made through the services (seed_demo hook)."""

import pytest

from proposals.enums import ProposalState
from proposals.models import Proposal
from supervision.enums import ObligationKind
from supervision.models import Obligation


@pytest.fixture
def seeded(demo_module, db):
    return demo_module


def test_demo_has_proposals_in_every_state(seeded):
    assert "提案：" in seeded
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(ProposalState.values)
    assert Proposal.objects.filter(is_key=True).exists()
    assert Obligation.objects.filter(kind=ObligationKind.REVIEW).exists()
    assert Obligation.objects.filter(kind=ObligationKind.PROPOSAL_REPLY, due_date__lt=Proposal.objects.first().created_at.date()).exists()


def test_demo_proposals_have_unique_titles(seeded):
    titles = list(Proposal.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))


def test_demo_proposals_are_indexed_for_the_similar_search(seeded):
    """seed_demo writes through the services, so every demo proposal is in the similar-proposal index."""
    from proposals.models import ProposalTerm, TermStat
    from proposals.similarity import DOCUMENTS

    assert Proposal.objects.exists()
    assert not Proposal.objects.filter(similarity_index__isnull=True).exists()
    assert TermStat.objects.get(term=DOCUMENTS).df == Proposal.objects.count()
    assert ProposalTerm.objects.values("proposal").distinct().count() == Proposal.objects.count()
