"""Every reference in a write is checked against the writer's scope in the service, whatever the form offers.

Attacks through the API with ids of another committee's records: each is refused (400/403) with a
Chinese message and nothing is written."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import Member
from proposals import services
from proposals.enums import ProposalKind
from proposals.errors import ProposalError
from proposals.models import Assignment, CoSignature, Proposal, StagedDecision
from supervision.enums import ObligationKind, OwnerKind
from supervision.models import Obligation
from supervision.services import ObligationError, create_obligation
from tests.factories import HandlingUnitFactory, SectorFactory, SpecialCommitteeFactory
from tests.proposals import builders as b


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _detail(response):
    return str(response.json())


@pytest.fixture
def far(org):
    """Records of the other county (来安县)."""
    class Far:
        sector = SectorFactory(committee=org.other_county, name="来安县教育界")
        special = SpecialCommitteeFactory(committee=org.other_county, name="来安县提案委员会")
        unit = HandlingUnitFactory(committee=org.other_county, name="来安县教育局")
    return Far


def test_member_cannot_file_a_collective_proposal_in_another_committees_sector(org, far):
    b.session(org)
    before = Proposal.objects.count()
    r = api(org.member_user).post("/api/v1/proposals/", {
        "title": "以来安县教育界名义的提案", "kind": "collective", "collective_sector": far.sector.pk,
    }, format="json")
    assert r.status_code in (400, 403), r.content
    assert "界别" in _detail(r) and "不属于" in _detail(r)
    assert Proposal.objects.count() == before


def test_member_cannot_name_another_committees_special_committee(org, far):
    b.session(org)
    r = api(org.member_user).post("/api/v1/proposals/", {
        "title": "以来安县提案委员会名义的提案", "kind": "collective", "collective_special_committee": far.special.pk,
    }, format="json")
    assert r.status_code in (400, 403)
    assert not Proposal.objects.filter(collective_special_committee=far.special).exists()


def test_member_cannot_move_a_draft_to_another_committees_sector(org, far):
    p = b.draft(org, kind=ProposalKind.COLLECTIVE, collective_name="县教育界")
    r = api(org.member_user).patch(f"/api/v1/proposals/{p.pk}/", {"collective_sector": far.sector.pk}, format="json")
    assert r.status_code == 400
    p.refresh_from_db()
    assert p.collective_sector_id is None


def test_own_committees_sector_is_accepted(org):
    sector = SectorFactory(committee=org.county, name="南谯区教育界")
    b.session(org)
    r = api(org.member_user).post("/api/v1/proposals/", {
        "title": "以南谯区教育界名义的提案", "kind": "collective", "collective_sector": sector.pk,
    }, format="json")
    assert r.status_code == 201, r.content


def test_staff_of_county_a_cannot_assign_county_b_unit(org, far):
    p = b.accepted(org)
    r = api(org.staff).post(f"/api/v1/proposals/{p.pk}/assign/", {"lead": far.unit.pk}, format="json")
    assert r.status_code == 400
    assert "承办单位" in _detail(r)
    assert not Assignment.objects.filter(proposal=p).exists()
    p.refresh_from_db()
    assert p.state == "accepted"


def test_a_foreign_co_unit_spoils_the_whole_assignment(org, far):
    p = b.accepted(org)
    r = api(org.staff).post(f"/api/v1/proposals/{p.pk}/assign/",
                            {"lead": org.unit.pk, "co_units": [far.unit.pk]}, format="json")
    assert r.status_code == 400
    assert not Assignment.objects.filter(proposal=p).exists()


def test_member_cannot_add_a_cosigner_from_another_committee(org):
    p = b.draft(org)
    r = api(org.member_user).post(f"/api/v1/proposals/{p.pk}/invite/", {"members": [org.far_member.pk]}, format="json")
    assert r.status_code == 400
    assert not CoSignature.objects.filter(proposal=p, member=org.far_member).exists()


def test_unit_cannot_suggest_another_committees_unit_for_adjustment(org, far):
    a = b.lead(org, b.handling(org))
    r = api(org.unit_user).post(f"/api/v1/proposal-assignments/{a.pk}/adjust/",
                                {"reason": "不属于本单位职责", "suggested_unit": far.unit.pk}, format="json")
    assert r.status_code == 400
    a.refresh_from_db()
    assert a.state == "assigned" and not a.adjustment_requests.exists()


def test_city_staff_cannot_stage_a_merge_into_another_countys_proposal(org):
    p = b.submitted(org)
    far_proposal = b.submitted(org, org.far_member_user, session=None)
    r = api(org.city_staff).post(f"/api/v1/proposals/{p.pk}/stage/",
                                 {"action": "merge", "merge_into": far_proposal.pk}, format="json")
    assert r.status_code == 400
    assert not StagedDecision.objects.filter(proposal=p).exists()


def test_service_refuses_what_no_form_would_offer(org, far):
    """The same check holds for any caller (admin action, task, future page), not only the API."""
    p = b.accepted(org)
    with pytest.raises(ProposalError, match="不属于"):
        services.assign_units(proposal=p, actor=org.staff, separate_units=[far.unit])
    with pytest.raises(ProposalError, match="不属于"):
        services.create_draft(actor=org.member_user, title="跨县界别", kind=ProposalKind.COLLECTIVE,
                              collective_sector=far.sector)


def test_obligation_owner_must_belong_to_the_obligations_committee(org, far):
    with pytest.raises(ObligationError, match="不属于"):
        create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="跨县事项",
                          owner_kind=OwnerKind.UNIT, owner_unit=far.unit, due_date=timezone.localdate() + datetime.timedelta(days=30))
    with pytest.raises(ObligationError, match="不属于"):
        create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="跨县事项",
                          owner_kind=OwnerKind.MEMBER, owner_member=org.far_member, due_date=timezone.localdate() + datetime.timedelta(days=30))
    assert not Obligation.objects.filter(title="跨县事项").exists()


def test_staff_cannot_put_a_member_into_another_committees_sector_through_the_api(org, far):
    r = api(org.staff).patch(f"/api/v1/members/{org.member.pk}/", {"sector": far.sector.pk}, format="json")
    assert r.status_code == 400
    assert Member.objects.get(pk=org.member.pk).sector_id is None
