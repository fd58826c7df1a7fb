"""Who sees what of consultation: an office its subtree, a unit only the outcomes sent to it, a member their
own invitations and topics and what is public to members; another county's staff nothing (404)."""

from rest_framework.test import APIClient

from consult import selectors
from consult.meetings import services as meetings
from tests.consult import builders as b


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def test_another_countys_staff_get_404_and_the_city_sees_its_counties(org):
    topic = b.planned(org)
    url = f"/api/v1/consult-topics/{topic.pk}/"
    assert _api(org.other_staff).get(url).status_code == 404
    assert _api(org.other_staff).post(f"{url}drop/", {"reason": "x"}, format="json").status_code == 404
    assert _api(org.city_staff).get(url).json()["title"] == topic.title
    assert _api(org.office).get(url).status_code == 200
    assert list(selectors.topics_visible_to(org.other_staff)) == []


def test_a_member_sees_their_own_topics_and_the_committees_planned_ones(org):
    mine = b.collected(org)
    theirs = b.collected(org)
    from consult.models import Topic

    Topic.objects.filter(pk=theirs.pk).update(proposer=org.other_member)
    planned = b.planned(org)
    assert set(selectors.topics_visible_to(org.member_user)) == {mine, planned}
    assert set(selectors.topics_visible_to(org.other_member_user)) == {theirs, planned}
    assert list(selectors.topics_visible_to(org.far_member_user)) == []
    assert list(selectors.topics_visible_to(org.unit_user)) == []


def test_a_member_sees_only_their_own_invitations_and_attendance(org):
    m = b.notified(org, members=[org.member, org.other_member])
    meetings.record_attendance(meeting=m, actor=org.staff, member=org.other_member, status="present")
    mine = m.invitations.get(member=org.member)
    assert _ids(_api(org.member_user).get("/api/v1/consult-invitations/")) == [mine.pk]
    assert _ids(_api(org.member_user).get("/api/v1/consult-attendance/")) == []
    assert len(_ids(_api(org.other_member_user).get("/api/v1/consult-attendance/"))) == 1
    other = m.invitations.get(member=org.other_member)
    assert _api(org.member_user).get(f"/api/v1/consult-invitations/{other.pk}/").status_code == 404
    assert len(_ids(_api(org.staff).get("/api/v1/consult-invitations/"))) == 2


def test_a_unit_sees_only_the_sendings_addressed_to_it(org):
    out = b.sent(org, units=[org.unit])
    other_out = b.sent(org, units=[org.other_unit])
    sending = out.sendings.get()
    client = _api(org.unit_user)
    rows = client.get("/api/v1/consult-sendings/").json()["results"]
    assert [(r["id"], r["unit_name"]) for r in rows] == [(sending.pk, "南谯区教育局")]
    assert rows[0]["due_date"] is not None
    assert _ids(client.get("/api/v1/consult-outcomes/")) == [out.pk]
    assert client.get(f"/api/v1/consult-outcomes/{other_out.pk}/").status_code == 404
    other_sending = other_out.sendings.get()
    assert client.get(f"/api/v1/consult-sendings/{other_sending.pk}/").status_code == 404
    assert _ids(client.get("/api/v1/consult-topics/")) == []
    assert _ids(client.get("/api/v1/consult-meetings/")) == []


def test_members_see_sent_outcomes_of_their_committee_but_no_sendings(org):
    draft = b.outcome(org)
    sent = b.sent(org)
    assert _ids(_api(org.member_user).get("/api/v1/consult-outcomes/")) == [sent.pk]
    assert _ids(_api(org.member_user).get("/api/v1/consult-sendings/")) == []
    assert _ids(_api(org.far_member_user).get("/api/v1/consult-outcomes/")) == []
    assert set(_ids(_api(org.leader).get("/api/v1/consult-outcomes/"))) == {draft.pk, sent.pk}


def test_a_meeting_open_for_sign_up_is_seen_by_the_committees_members(org):
    closed = b.notified(org, members=[org.member])
    open_ = b.notified(org, members=[], signup_open=True)
    assert set(_ids(_api(org.other_member_user).get("/api/v1/consult-meetings/"))) == {open_.pk}
    assert set(_ids(_api(org.member_user).get("/api/v1/consult-meetings/"))) == {closed.pk, open_.pk}
    assert _ids(_api(org.far_member_user).get("/api/v1/consult-meetings/")) == []
