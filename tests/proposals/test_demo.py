"""The demo data has proposals in every state, made through the services (seed_demo hook)."""

from io import StringIO

import pytest
from django.core.management import call_command

from proposals.enums import ProposalState
from proposals.models import Proposal
from supervision.enums import ObligationKind
from supervision.models import Obligation


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--password", "Demo-test-2026!", stdout=out)
    return out.getvalue()


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
