"""Access-matrix rows of the proposals API (/api/v1/proposal…), concatenated into tests/matrix.py MATRIX.

Objects are made in o.county by o.member through tests/proposals/builders.py. Roles are requested in
the order of tests.matrix.ROLES, so where a write succeeds once (staff) the later roles (city staff,
superuser) get the 400 of the now illegal transition. 403: visible but not theirs to do; 404: outside
the role's selector; anonymous: 403 (API), except the public list.
"""

import datetime

from django.utils import timezone

from proposals.defaults import ensure_default_lists
from proposals.models import DeclineGround, ProposalCategory, ReplyCategory
from tests.matrix import Case, expect
from tests.proposals import builders as b

API_LIST = expect(200, anonymous=403)
PUBLIC = expect(200)
ANON = dict(anonymous=403)
# Who sees a submitted proposal of o.member (and its attachments).
SEES_SUBMITTED = expect(404, member=200, readers=200, staff=200, city_staff=200, superuser=200, **ANON)
# Staff act once; the later staff roles find the state already changed (400).
STAFF_ONCE = expect(404, member=403, readers=403, staff=200, city_staff=400, superuser=400, **ANON)
STAFF_EVERY_TIME = expect(404, member=403, readers=403, staff=200, city_staff=200, superuser=200, **ANON)
PROPOSER_ONLY_SEES = expect(404, member=200, **ANON)  # a draft
# An assignment of o.unit on o.member's proposal.
SEES_ASSIGNMENT = expect(404, member=200, unit=200, readers=200, staff=200, city_staff=200, superuser=200, **ANON)
UNIT_ACTS = expect(404, member=403, unit=201, readers=403, staff=403, city_staff=403, superuser=403, **ANON)
STAFF_DECIDES = expect(404, member=403, unit=403, readers=403, staff=200, city_staff=400, superuser=400, **ANON)


def _pk(obj):
    return {"pk": obj.pk}


def _category_pk():
    ensure_default_lists()  # seeded by migration; a transactional test elsewhere may have flushed them
    return ProposalCategory.objects.get(committee=None, name="社会事业").pk


def _merge_pair(o):
    main = b.accepted(o)
    o.merge_into = main
    return _pk(b.submitted(o))


def _with_contact(o):
    p = b.handling(o)
    a = b.lead(o, p)
    b.services.record_contact(assignment=a, actor=o.unit_user, date=timezone.localdate(), way="phone")
    return _pk(a)


def _assignment(o):
    o.assignment = b.lead(o, b.handling(o))
    return _pk(o.assignment)


def _co_assignment(o):
    return _pk(b.handling(o, co=True).assignments.get(unit=o.other_unit))


def _opinion(o):
    p = b.handling(o, co=True)
    return _pk(b.services.send_co_opinion(assignment=p.assignments.get(unit=o.other_unit), actor=o.other_unit_user,
                                          body="会办意见"))


def _rating(o):
    p, r = b.replied(o)
    return _pk(b.services.rate_reply(reply=r, actor=o.member_user, attitude="satisfied", relevance="relevant",
                                     result="satisfied"))


def _contact(o):
    a = b.lead(o, b.handling(o))
    return _pk(b.services.record_contact(assignment=a, actor=o.unit_user, date=timezone.localdate(), way="phone"))


def _signature(o):
    return _pk(b.cosigning(o).signatures.get(member=o.other_member))


SIGNATURE_INVITEE = expect(404, member=403, other_member=200, **ANON)
SEES_SIGNATURE = expect(404, member=200, other_member=200, **ANON)
SEES_REPLY_UNREVIEWED = expect(404, unit=200, readers=200, staff=200, city_staff=200, superuser=200, **ANON)
SEES_OPINION = expect(404, unit=200, other_unit=200, readers=200, staff=200, city_staff=200, superuser=200, **ANON)
SEES_RATING = expect(404, member=200, unit=200, readers=200, staff=200, city_staff=200, superuser=200, **ANON)

PROPOSAL_API_CASES = [
    Case("proposal-list", API_LIST),
    Case("proposal-list", expect(403, members=201), method="post",
         data=lambda o: {"title": "关于建设社区养老服务站的建议", "category": _category_pk(), "reason": "老龄化",
                         "suggestions": "建设服务站"}),
    Case("proposal-detail", SEES_SUBMITTED, kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposal-detail", PROPOSER_ONLY_SEES, kwargs=lambda o: _pk(b.draft(o)), label="GET proposal-detail of a draft"),
    Case("proposal-detail", PROPOSER_ONLY_SEES, method="patch", kwargs=lambda o: _pk(b.draft(o)),
         data=lambda o: {"title": "关于修改后的案题的建议"}),
    # once submitted by the proposer, officials see it (but may not submit it)
    Case("proposal-submit", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.draft(o))),
    Case("proposal-withdraw", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposal-invite", PROPOSER_ONLY_SEES | {"other_member": 403}, method="post", kwargs=lambda o: _pk(b.draft(o)),
         data=lambda o: {"members": [o.other_member.pk]}),
    Case("proposal-disclosure", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"consent": True}),
    Case("proposal-accept", STAFF_ONCE, method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposal-return-for-revision", STAFF_ONCE, method="post", kwargs=lambda o: _pk(b.submitted(o)),
         data=lambda o: {"note": "请补充具体建议"}),
    Case("proposal-merge", STAFF_ONCE, method="post", kwargs=_merge_pair, data=lambda o: {"into": o.merge_into.pk}),
    Case("proposal-convert", STAFF_ONCE, method="post", kwargs=lambda o: _pk(b.submitted(o)),
         data=lambda o: {"to": "opinion"}),
    Case("proposal-decline", STAFF_ONCE, method="post", kwargs=lambda o: _pk(b.submitted(o)),
         data=lambda o: {"ground": DeclineGround.objects.filter(committee=None).first().pk}),
    Case("proposal-stage", STAFF_EVERY_TIME, method="post", kwargs=lambda o: _pk(b.submitted(o)),
         data=lambda o: {"action": "accept"}),
    Case("proposal-apply-staged", expect(403, staff_roles=200), method="post", data=lambda o: {}),
    Case("proposal-assign", STAFF_ONCE, method="post", kwargs=lambda o: _pk(b.accepted(o)),
         data=lambda o: {"lead": o.unit.pk}),
    Case("proposal-assign-bulk", expect(403, staff_roles=200), method="post",
         data=lambda o: {"proposals": [b.accepted(o).pk], "lead": o.unit.pk}),
    Case("proposal-mark-key", STAFF_EVERY_TIME, method="post", kwargs=lambda o: _pk(b.accepted(o)),
         data=lambda o: {"leaders": [o.leader.pk]}),
    Case("proposal-close", STAFF_ONCE | {"unit": 403}, method="post", kwargs=lambda o: _pk(b.replied(o)[0])),
    Case("proposal-attachments", expect(404, member=415, **ANON), method="post", kwargs=lambda o: _pk(b.draft(o)),
         label="POST proposal-attachments as JSON (multipart only)"),
    Case("proposal-similar", SEES_SUBMITTED, kwargs=lambda o: _pk(b.submitted(o))),
    Case("proposal-timeline", SEES_ASSIGNMENT, kwargs=lambda o: _pk(b.handling(o))),
    Case("proposal-export", API_LIST),
    # co-signatures
    Case("proposal-signature-list", API_LIST),
    Case("proposal-signature-detail", SEES_SIGNATURE, kwargs=_signature),
    # the last confirmation submits the proposal: officials now see it
    Case("proposal-signature-confirm",
         SIGNATURE_INVITEE | {"office": 403, "leader": 403, "staff": 403, "city_staff": 403, "superuser": 403},
         method="post", kwargs=_signature),
    Case("proposal-signature-decline", SIGNATURE_INVITEE, method="post", kwargs=_signature),
    # assignments
    Case("proposal-assignment-list", API_LIST),
    Case("proposal-assignment-detail", SEES_ASSIGNMENT, kwargs=_assignment),
    Case("proposal-assignment-acknowledge", UNIT_ACTS | {"unit": 200}, method="post", kwargs=_assignment),
    Case("proposal-assignment-adjust", UNIT_ACTS, method="post", kwargs=_assignment,
         data=lambda o: {"reason": "不属于本单位职责"}),
    Case("proposal-assignment-extension", UNIT_ACTS, method="post", kwargs=_assignment,
         data=lambda o: {"reason": "需要调研", "requested_due_date": str(o.assignment.due_date + datetime.timedelta(days=30))}),
    Case("proposal-assignment-contacts", UNIT_ACTS, method="post", kwargs=_assignment,
         data=lambda o: {"date": str(timezone.localdate()), "way": "phone", "note": "电话沟通"}),
    Case("proposal-assignment-opinion",
         expect(404, member=403, other_unit=201, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=_co_assignment, data=lambda o: {"body": "建议统筹资金"}),
    Case("proposal-assignment-reply", UNIT_ACTS, method="post", kwargs=_with_contact,
         data=lambda o: {"category": ReplyCategory.objects.get(committee=None, code="A").pk, "body": "已办理"}),
    Case("proposal-assignment-review-report", UNIT_ACTS, method="post", kwargs=lambda o: _pk(b.lookback(o)),
         data=lambda o: {"progress": 80, "note": "主体工程已完工"}),
    Case("proposal-assignment-rehandle", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.lookback(o)),
         data=lambda o: {"note": "回头看未见落实，请重新办理"}),
    Case("proposal-review-report-list", API_LIST),
    Case("proposal-review-report-detail", SEES_ASSIGNMENT, kwargs=lambda o: _pk(b.review_report(o))),
    # requests
    Case("proposal-adjustment-list", API_LIST),
    Case("proposal-adjustment-detail", SEES_ASSIGNMENT, kwargs=lambda o: _pk(b.adjustment(o))),
    Case("proposal-adjustment-resolve", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.adjustment(o)),
         data=lambda o: {"approve": False, "note": "维持原交办"}),
    Case("proposal-extension-list", API_LIST),
    Case("proposal-extension-detail", SEES_ASSIGNMENT, kwargs=lambda o: _pk(b.extension(o))),
    Case("proposal-extension-decide", STAFF_DECIDES, method="post", kwargs=lambda o: _pk(b.extension(o)),
         data=lambda o: {"approve": True}),
    # contacts, opinions, replies, ratings
    Case("proposal-contact-list", API_LIST),
    Case("proposal-contact-detail", SEES_ASSIGNMENT, kwargs=_contact),
    Case("proposal-opinion-list", API_LIST),
    Case("proposal-opinion-detail", SEES_OPINION, kwargs=_opinion),
    Case("proposal-reply-list", API_LIST),
    Case("proposal-reply-detail", SEES_REPLY_UNREVIEWED, kwargs=lambda o: _pk(b.reply(o, b.handling(o)))),
    Case("proposal-reply-review", STAFF_DECIDES | {"member": 404}, method="post", kwargs=lambda o: _pk(b.reply(o, b.handling(o))),
         data=lambda o: {"approve": True}),
    Case("proposal-reply-rate",
         expect(404, member=201, unit=403, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.replied(o)[1]),
         data=lambda o: {"attitude": "satisfied", "relevance": "relevant", "result": "satisfied"}),
    Case("proposal-rating-list", API_LIST),
    Case("proposal-rating-detail", SEES_RATING, kwargs=_rating),
    # attachments
    Case("proposal-attachment-list", API_LIST),
    Case("proposal-attachment-detail", SEES_SUBMITTED, kwargs=lambda o: _pk(b.material(o))),
    Case("proposal-attachment-download", SEES_SUBMITTED | {"anonymous": 404}, kwargs=lambda o: _pk(b.material(o))),
    # public and reference lists
    Case("public-proposal-list", PUBLIC),
    Case("public-proposal-detail", PUBLIC, kwargs=lambda o: _pk(b.replied(o)[0])),
    Case("proposal-category-list", API_LIST),
    Case("proposal-category-detail", API_LIST, kwargs=lambda o: {"pk": _category_pk()}),
    Case("proposal-decline-ground-list", API_LIST),
    Case("proposal-decline-ground-detail", API_LIST,
         kwargs=lambda o: _pk(DeclineGround.objects.filter(committee=None).first())),
    Case("proposal-reply-category-list", API_LIST),
    Case("proposal-reply-category-detail", API_LIST,
         kwargs=lambda o: _pk(ReplyCategory.objects.get(committee=None, code="A"))),
]

from tests.proposals.evaluation_matrix import EVALUATION_API_CASES  # noqa: E402  民主评议 and awards

PROPOSAL_API_CASES += EVALUATION_API_CASES
