"""Access-matrix rows of 民主评议 and the yearly awards (pages and API), added to the proposal rows.

o.unit's evaluation of this year in o.county: readers of the county see drafts; o.unit sees it once
published; staff of the county (and above) act. Roles are requested in the order of tests.matrix.ROLES,
so after county staff have published or withdrawn something, city staff and the superuser get the
error of the changed state (400, or 404 for a withdrawn nomination).
"""

from tests.matrix import Case, expect
from tests.proposals import builders as b
from tests.proposals import evaluation_builders as eb

LOGIN = dict(anonymous=302)
ANON = dict(anonymous=403)
READER_PAGE = expect(403, staff_roles=200, readers=200, **LOGIN)
STAFF_POSTS = expect(403, staff_roles=302, **LOGIN)
SEES_DRAFT = dict(readers=200, staff=200, city_staff=200, superuser=200)


def _pk(obj):
    return {"pk": obj.pk}


def _year(o):
    return {"committee": o.county.pk, "year": eb.this_year()}


def _nomination(o):
    return {**_year(o), "kind": "proposal", "proposal": b.replied(o)[0].pk}


def _with_draft_award(o):
    eb.award(o)
    return _year(o)


EVALUATION_PAGE_CASES = [
    Case("proposals:evaluation_table", READER_PAGE),
    Case("proposals:evaluation_export", READER_PAGE),
    Case("proposals:evaluation_open", STAFF_POSTS, method="post"),
    Case("proposals:evaluation_publish_all", STAFF_POSTS, method="post"),
    Case("proposals:evaluation_mine", expect(403, units=200, **LOGIN)),
    Case("proposals:evaluation_detail", expect(404, unit=200, **SEES_DRAFT, **LOGIN),
         kwargs=lambda o: _pk(eb.published_evaluation(o))),
    Case("proposals:evaluation_detail", expect(404, **SEES_DRAFT, **LOGIN), kwargs=lambda o: _pk(eb.draft_evaluation(o)),
         label="GET proposals:evaluation_detail of a draft (not its unit)"),
    Case("proposals:evaluation_score", expect(404, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN),
         method="post", kwargs=lambda o: _pk(eb.draft_evaluation(o)),
         data=lambda o: {"panel_score": "80", "grade": "good"}),
    Case("proposals:evaluation_publish", expect(404, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN),
         method="post", kwargs=lambda o: _pk(eb.draft_evaluation(o))),
    Case("proposals:awards", READER_PAGE),
    Case("proposals:award_nominate", expect(403, staff=302, city_staff=302, superuser=302, other_staff=200, **LOGIN),
         method="post", data=_nomination),
    Case("proposals:awards_publish", STAFF_POSTS, method="post"),
    Case("proposals:award_withdraw", expect(404, readers=403, staff=302, **LOGIN), method="post",
         kwargs=lambda o: _pk(eb.award(o))),
    Case("proposals:public_awards", expect(200)),
]

EVALUATION_API_CASES = [
    Case("unit-evaluation-list", expect(200, **ANON)),
    Case("unit-evaluation-detail", expect(404, unit=200, **SEES_DRAFT, **ANON),
         kwargs=lambda o: _pk(eb.published_evaluation(o))),
    Case("unit-evaluation-detail", expect(404, **SEES_DRAFT, **ANON), kwargs=lambda o: _pk(eb.draft_evaluation(o)),
         label="GET unit-evaluation-detail of a draft"),
    Case("unit-evaluation-table", expect(403, readers=200, staff_roles=200)),
    Case("unit-evaluation-open", expect(403, staff=201, city_staff=201, superuser=201), method="post", data=_year),
    Case("unit-evaluation-score", expect(404, readers=403, staff=200, city_staff=200, superuser=200, **ANON),
         method="post", kwargs=lambda o: _pk(eb.draft_evaluation(o)),
         data=lambda o: {"panel_score": "80", "grade": "good"}),
    Case("unit-evaluation-publish", expect(404, readers=403, staff=200, city_staff=400, superuser=400, **ANON),
         method="post", kwargs=lambda o: _pk(eb.draft_evaluation(o))),
    Case("proposal-award-list", expect(200, **ANON)),
    Case("proposal-award-list", expect(403, staff=201, city_staff=201, superuser=201), method="post", data=_nomination),
    Case("proposal-award-detail", expect(200, **ANON), kwargs=lambda o: _pk(eb.award(o, publish=True))),
    Case("proposal-award-detail", expect(404, **SEES_DRAFT, **ANON), kwargs=lambda o: _pk(eb.award(o)),
         label="GET proposal-award-detail of a nomination"),
    Case("proposal-award-withdraw", expect(404, readers=403, staff=204, **ANON), method="post",
         kwargs=lambda o: _pk(eb.award(o))),
    Case("proposal-award-publish", expect(403, staff=200, city_staff=200, superuser=200), method="post",
         data=_with_draft_award),
    Case("public-award-list", expect(200)),
    Case("public-award-detail", expect(200), kwargs=lambda o: _pk(eb.award(o, publish=True))),
]
