"""Access-matrix rows of the proposal pages (/proposals/…), concatenated into tests/matrix.py MATRIX.

Objects are made in o.county by o.member (the proposer); o.other_member co-signs where needed; o.unit
handles. Reading the statuses: 302 for anonymous is the login redirect; 302 for a permitted POST
is the redirect back with a message (success, or the Chinese error of an empty form, whose input the
page shows again); 403 is a
visible object the role may not act on; 404 is an object outside the role's selector.
"""

from tests.matrix import Case, expect
from tests.proposals import builders as b

LOGIN = dict(anonymous=302)
MEMBER_PAGE = expect(404, members=200, **LOGIN)
SIGNED_IN = expect(200, **LOGIN)
STAFF_PAGE = expect(403, staff_roles=200, **LOGIN)
READER_PAGE = expect(403, staff_roles=200, readers=200, **LOGIN)
# A submitted proposal of o.member: who sees it, and the proposer alone may act on it.
SEES_SUBMITTED = dict(member=200, readers=200, staff=200, city_staff=200, superuser=200)
PROPOSER_ACTS = expect(404, member=302, readers=403, staff=403, city_staff=403, superuser=403, **LOGIN)
STAFF_ACTS = expect(404, member=403, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN)
# An assignment of o.unit: the unit acts; staff and readers of the county see it but may not act.
UNIT_ACTS = expect(404, unit=302, readers=403, staff=403, city_staff=403, superuser=403, **LOGIN)
# A request or reply of o.unit on o.member's proposal: staff decide; the unit and the proposer see the request.
STAFF_DECIDES = expect(404, member=403, unit=403, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN)


def _pk(obj):
    return {"pk": obj.pk}


PROPOSAL_PAGE_CASES = [
    # member
    Case("proposals:mine", MEMBER_PAGE),
    Case("proposals:create", MEMBER_PAGE),
    Case("proposals:similar", SIGNED_IN),
    Case("proposals:detail", expect(404, **SEES_SUBMITTED, **LOGIN), kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:detail", expect(404, **SEES_SUBMITTED, unit=200, **LOGIN), kwargs=lambda o: _pk(b.handling(o)),
         label="GET proposals:detail in handling (its unit too)"),
    Case("proposals:detail", expect(404, member=200, **LOGIN), kwargs=lambda o: _pk(b.draft(o)),
         label="GET proposals:detail of a draft (the proposer only)"),
    Case("proposals:edit", expect(404, member=200, **LOGIN), kwargs=lambda o: _pk(b.draft(o))),
    Case("proposals:cosigners", expect(404, member=200, **LOGIN), kwargs=lambda o: _pk(b.draft(o))),
    Case("proposals:submit", PROPOSER_ACTS, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:withdraw", PROPOSER_ACTS, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:disclosure", PROPOSER_ACTS, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:attachment_add", PROPOSER_ACTS, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:attachment", expect(404, **SEES_SUBMITTED, **LOGIN), kwargs=lambda o: _pk(b.material(o))),
    Case("proposals:attachment_delete", PROPOSER_ACTS, method="post", kwargs=lambda o: _pk(b.material(o))),
    Case("proposals:cosign_respond", expect(404, other_member=302, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.cosigning(o).signatures.get(member=o.other_member))),
    Case("proposals:cosigner_remove", expect(404, member=302, other_member=403, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.cosigning(o).signatures.get(member=o.other_member))),
    Case("proposals:rate", expect(404, member=302, unit=403, readers=403, staff=403, city_staff=403, superuser=403, **LOGIN),
         method="post", kwargs=lambda o: _pk(b.replied(o)[1])),
    # staff
    Case("proposals:review_queue", STAFF_PAGE),
    Case("proposals:apply_staged", expect(403, staff_roles=302, **LOGIN), method="post"),
    Case("proposals:decide", STAFF_ACTS, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposals:assign", STAFF_ACTS, method="post", kwargs=lambda o: _pk(b.accepted(o))),
    Case("proposals:key", STAFF_ACTS, method="post", kwargs=lambda o: _pk(b.accepted(o))),
    Case("proposals:close", STAFF_ACTS, method="post", kwargs=lambda o: _pk(b.accepted(o))),
    Case("proposals:assign_bulk", STAFF_PAGE),
    Case("proposals:requests", STAFF_PAGE),
    Case("proposals:adjustment_decide", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.adjustment(o))),
    Case("proposals:extension_decide", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.extension(o))),
    Case("proposals:reply_queue", STAFF_PAGE),
    Case("proposals:reply_review", STAFF_DECIDES | {"member": 404}, method="post",
         kwargs=lambda o: _pk(b.reply(o, b.handling(o)))),
    Case("proposals:overview", READER_PAGE),
    Case("proposals:export", READER_PAGE),
    # handling unit
    Case("proposals:inbox", expect(403, units=200, **LOGIN)),
    Case("proposals:assignment", expect(404, unit=200, readers=200, staff=200, city_staff=200, superuser=200, **LOGIN),
         kwargs=lambda o: _pk(b.lead(o, b.handling(o)))),
    *[
        Case(f"proposals:{name}", UNIT_ACTS, method="post", kwargs=lambda o: _pk(b.lead(o, b.handling(o))))
        for name in ("acknowledge", "request_adjustment", "contact", "opinion", "reply", "request_extension",
                     "review_report")
    ],
    # staff order re-handling of an answered assignment; the unit and the proposer see it but may not
    Case("proposals:rehandle", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.lead(o, b.replied(o)[0]))),
    # leader
    Case("proposals:leader_key", expect(403, leader=200, **LOGIN)),
    # public
    Case("proposals:public_list", expect(200)),
    Case("proposals:public_detail", expect(200), kwargs=lambda o: _pk(b.replied(o)[0])),
    Case("proposals:public_detail", expect(404), kwargs=lambda o: _pk(b.handling(o)),
         label="GET proposals:public_detail without an approved reply"),
    Case("proposals:public_attachment", expect(200), kwargs=lambda o: _pk(b.replied(o)[1].attachments.get())),
]

from tests.proposals.evaluation_matrix import EVALUATION_PAGE_CASES  # noqa: E402  民主评议 and awards

PROPOSAL_PAGE_CASES += EVALUATION_PAGE_CASES
