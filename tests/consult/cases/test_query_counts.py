"""The case lists (the banks, the API, the member's page) run as many queries for 1 row as for 25."""

import pytest
from django.utils import timezone

from consult.cases.models import CaseClaim, CaseConsultation, CaseFollowUp, CommunityCase
from tests.consult.cases import builders as b
from tests.test_query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def _cases(state):
    def make(o, n):
        b.cast(o)
        start = CommunityCase.objects.count()
        for i in range(n):
            case = CommunityCase.objects.create(
                committee=o.township, member_group=o.group, code=f"Q{start + i:09d}", source="public",
                title=f"事项{start + i}", description="情况", state=state, grade="B", theme="other",
                resident_phone=b.PHONE)
            CaseClaim.objects.create(case=case, member=o.member, lead=True)
            CaseClaim.objects.create(case=case, member=o.mate)
            CaseConsultation.objects.create(case=case, held_on=timezone.localdate(), place="甲", participants="乙",
                                            result="丙")
            CaseFollowUp.objects.create(case=case, on=timezone.localdate(), note="丁")
    return make


@pytest.mark.parametrize(("url", "user", "state"), [
    ("/consult/cases/", "staff", "claimed"),
    ("/consult/cases/?bank=advice", "staff", "consulted"),
    ("/consult/cases/?bank=cases", "member_user", "archived"),
    ("/api/v1/consult-cases/", "staff", "consulted"),
    ("/api/v1/consult-cases/?bank=problems", "member_user", "offered"),
    ("/consult/me/cases/", "member_user", "resolved"),
])
def test_case_lists_do_not_grow_in_queries(client, org, url, user, state):
    b.cast(org)
    client.force_login(getattr(org, user))
    assert_constant_queries(client, url, org, _cases(state))
