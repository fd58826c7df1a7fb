"""Access-matrix rows of the consultation pages for staff and units (/consult/…), concatenated into
tests/matrix.py MATRIX.

Records are made in o.county through tests/consult/builders.py. The staff pages are for staff, office viewers
and leaders (members and units: 403; the member's own pages are consult/member's); a record outside the
reader's subtree is 404; a reader who sees a record but may not act gets 403 on the action. A permitted POST
is a 302 back with a message (the success, or the Chinese refusal of an empty form)."""

from tests.consult import builders as b
from tests.matrix import Case, expect

LOGIN = dict(anonymous=302)
READER_PAGE = expect(403, readers=200, staff_roles=200, **LOGIN)
STAFF_PAGE = expect(403, staff_roles=200, **LOGIN)
STAFF_POST = expect(403, staff_roles=302, **LOGIN)
# A county record: the county's readers and staff, the city's staff and the superuser see it.
COUNTY_PAGE = expect(403, readers=200, staff=200, other_staff=404, city_staff=200, superuser=200, **LOGIN)
STAFF_OF_COUNTY = dict(readers=403, staff=302, other_staff=404, city_staff=302, superuser=302)
# Staff act; the proposer of the topic sees it (403); others outside the selector 404.
TOPIC_ACT = expect(404, member=403, **STAFF_OF_COUNTY, **LOGIN)
# The county's plan (and a notified meeting inviting both county members, a sent outcome): both members see it.
COUNTY_MEMBERS_SEE = expect(404, member=403, other_member=403, **STAFF_OF_COUNTY, **LOGIN)
# A sent outcome (to o.unit and o.other_unit): the members and both units see it, staff act.
OUTCOME_ACT = expect(404, member=403, other_member=403, unit=403, other_unit=403, **STAFF_OF_COUNTY, **LOGIN)
# o.unit's sending: o.unit acts; the county's readers and staff see it (403 to act).
SENDING_PAGE = expect(404, unit=200, readers=200, staff=200, city_staff=200, superuser=200, **LOGIN)
UNIT_ACTS = expect(404, unit=302, readers=403, staff=403, city_staff=403, superuser=403, **LOGIN)


def _pk(obj):
    return {"pk": obj.pk}


def _sending(o):
    return b.sent(o).sendings.get(unit=o.unit)


CONSULT_PAGE_CASES = [
    # topics
    Case("consult:topics", READER_PAGE),
    Case("consult:topic_create", STAFF_PAGE),
    Case("consult:topic", COUNTY_PAGE, kwargs=lambda o: _pk(b.collected(o))),
    Case("consult:topic_prestudy", TOPIC_ACT, method="post", kwargs=lambda o: _pk(b.collected(o))),
    Case("consult:topic_research", TOPIC_ACT, method="post", kwargs=lambda o: _pk(b.collected(o))),
    Case("consult:topic_act", TOPIC_ACT, method="post", kwargs=lambda o: {"pk": b.collected(o).pk, "action": "start_prestudy"}),
    # plans
    Case("consult:plans", READER_PAGE),
    Case("consult:plan_create", STAFF_POST, method="post"),
    Case("consult:plan", COUNTY_PAGE, kwargs=lambda o: _pk(b.plan(o))),
    Case("consult:plan_item_add", COUNTY_MEMBERS_SEE, method="post", kwargs=lambda o: _pk(b.plan(o))),
    Case("consult:plan_item_edit", COUNTY_PAGE | {"office": 403, "leader": 403},
         kwargs=lambda o: _pk(b.planned(o).plan_item)),
    # meetings
    Case("consult:meetings", READER_PAGE),
    Case("consult:calendar", READER_PAGE),
    Case("consult:meeting_create", STAFF_PAGE),
    Case("consult:meeting", COUNTY_PAGE, kwargs=lambda o: _pk(b.notified(o))),
    Case("consult:meeting_invite", COUNTY_MEMBERS_SEE, method="post", kwargs=lambda o: _pk(b.notified(o))),
    Case("consult:meeting_attendance", COUNTY_MEMBERS_SEE, method="post", kwargs=lambda o: _pk(b.notified(o))),
    Case("consult:meeting_act", COUNTY_MEMBERS_SEE, method="post", kwargs=lambda o: {"pk": b.notified(o).pk, "action": "hold"}),
    Case("consult:leave_decide", expect(404, member=403, **STAFF_OF_COUNTY, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.notified(o).invitations.get(member=o.member))),
    # outcomes
    Case("consult:outcomes", READER_PAGE),
    Case("consult:outcome_create", STAFF_PAGE | {"staff": 302, "other_staff": 302, "city_staff": 302, "superuser": 302}),
    Case("consult:outcome", COUNTY_PAGE, kwargs=lambda o: _pk(b.sent(o))),
    Case("consult:outcome_send", OUTCOME_ACT, method="post", kwargs=lambda o: _pk(b.sent(o))),
    Case("consult:outcome_instruct", OUTCOME_ACT, method="post", kwargs=lambda o: _pk(b.sent(o))),
    Case("consult:outcome_to_report", OUTCOME_ACT, method="post", kwargs=lambda o: _pk(b.sent(o))),
    # the unit's sendings
    Case("consult:sendings", expect(403, units=200, **LOGIN)),
    Case("consult:sending", SENDING_PAGE, kwargs=lambda o: _pk(_sending(o))),
    Case("consult:sending_reply", UNIT_ACTS, method="post", kwargs=lambda o: _pk(_sending(o))),
    Case("consult:sending_lookback", UNIT_ACTS, method="post", kwargs=lambda o: _pk(_sending(o))),
]
