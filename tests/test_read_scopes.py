"""Read scopes hold on derived views: a proposal's timeline shows each viewer only the rows they may read,
the same on the page and through the API (selectors.timeline_visible_to)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from proposals import services
from tests.proposals import builders as b

SECRET = "内部情况：局长出差，人手不足"
OPINION = "会办意见：建议同步修订校园安全制度"


@pytest.fixture
def co_handled(org):
    """A proposal with org.unit as lead and org.other_unit as co-handler; the lead asked (internally) for
    an adjustment and the co-handler sent its opinion."""
    p = b.handling(org, co=True)
    lead = p.assignments.get(unit=org.unit)
    co = p.assignments.get(unit=org.other_unit)
    services.request_adjustment(assignment=lead, actor=org.unit_user, reason=SECRET)
    services.send_co_opinion(assignment=co, actor=org.other_unit_user, body=OPINION)
    return p


def page_timeline(client, user, proposal):
    client.force_login(user)
    response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    return text[text.index('data-testid="timeline"'):]


def api_timeline(user, proposal):
    c = APIClient()
    c.force_authenticate(user)
    response = c.get(f"/api/v1/proposals/{proposal.pk}/timeline/")
    assert response.status_code == 200
    return " ".join(row["note"] for row in response.json())


@pytest.mark.parametrize(("who", "sees_secret", "sees_opinion"), [
    ("other_unit_user", False, True),   # the co-handler: its own opinion, not the lead's internal note
    ("unit_user", True, True),          # the lead unit: its own rows and the co-handler's opinion
    ("staff", True, True),
    ("office", True, True),
    ("member_user", False, False),      # the proposer: neither
])
def test_timeline_rows_follow_the_viewers_scope_on_page_and_api(client, org, co_handled, who, sees_secret, sees_opinion):
    user = getattr(org, who)
    for text in (page_timeline(client, user, co_handled), api_timeline(user, co_handled)):
        assert (SECRET in text) is sees_secret
        assert (OPINION[:10] in text) is sees_opinion


def test_api_timeline_of_an_invisible_proposal_is_404(org, co_handled):
    c = APIClient()
    c.force_authenticate(org.far_member_user)
    assert c.get(f"/api/v1/proposals/{co_handled.pk}/timeline/").status_code == 404
