"""seed_demo gives each demo committee grassroots cases in every state, in the three banks."""

import pytest

from consult.cases.enums import CaseState
from consult.cases.models import CommunityCase


@pytest.fixture
def seeded(demo_module, db):
    return demo_module


@pytest.mark.parametrize("committee", ["临沭县政协", "滁州市政协"])
def test_demo_cases_in_every_state(seeded, committee):
    assert "群众点单：" in seeded
    states = set(CommunityCase.objects.filter(committee__name=committee).values_list("state", flat=True))
    assert states == set(CaseState.values) - {CaseState.ACCEPTED}  # 定单 and 分单 happen together in the demo


def test_demo_cases_are_indexed_for_search(seeded):
    from consult.cases.search import matching

    cases = CommunityCase.objects.all()
    assert cases.exists() and not cases.filter(search_row__isnull=True).exists()
    found = set(matching(cases.filter(committee__name="滁州市政协"), "路灯").values_list("title", flat=True))
    assert found == {"小区门口路灯损坏"}
    found = set(matching(cases.filter(committee__name="滁州市政协"), "处理方案").values_list("title", flat=True))
    assert len(found) == 4  # the demo's consultation result, recorded on four cases
