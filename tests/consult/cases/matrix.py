"""Access-matrix rows of grassroots cases (四单工作法): the pages under /consult/cases/, the member's and the
public's, and the API /api/v1/consult-cases/. The case is in 乌衣镇 (under the county) and offered to the
group of o.member (tests/consult/cases/builders.py `cast`). Imported by tests/matrix.py."""

from django.utils import timezone

from tests.consult.api_matrix import ANON, MEMBER_ACTS, STAFF_CREATE, STAFF_EVERY_TIME, STAFF_ONCE
from tests.consult.cases import builders as b
from tests.matrix import Case, expect

LOGIN = dict(anonymous=302)
READERS_AND_STAFF = dict(readers=200, staff=200, city_staff=200, superuser=200)
GROUP_CASE = dict(member=200, **READERS_AND_STAFF)
WORKER_ONCE = dict(member=200, readers=403, staff=400, city_staff=400, superuser=400, **ANON)


def _pk(case):
    return {"pk": case.pk}


def _today():
    return timezone.localdate().isoformat()


def _register(o):
    return {"committee": o.township.pk, "source": "convenor", "title": "健身器材损坏", "description": "两台器材损坏。",
            "resident_phone": "13700001111"}


CONSULT_CASE_CASES = [
    # pages
    Case("consult:case_bank", expect(200, **LOGIN)),
    Case("consult:case_register", expect(200, units=403, readers=403, **LOGIN)),
    Case("consult:case", expect(404, **GROUP_CASE, **LOGIN), kwargs=lambda o: _pk(b.offered(o))),
    Case("consult:case_act", expect(404, member=403, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN),
         method="post", kwargs=lambda o: {"pk": b.submitted(o).pk, "action": "accept"},
         data=lambda o: {"grade": "C", "theme": "other"}),
    Case("consult:my_cases", expect(403, member=200, other_member=200, far_member=200, **LOGIN)),
    Case("consult:case_public", expect(200)),
    Case("consult:case_track", expect(200)),
    # API
    Case("consult-case-list", expect(200, **ANON)),
    Case("consult-case-list", STAFF_CREATE, method="post", data=_register, label="POST consult-case-list (代群众点单)"),
    Case("consult-case-detail", expect(404, **GROUP_CASE, **ANON), kwargs=lambda o: _pk(b.offered(o))),
    Case("consult-case-contact", expect(404, member=403, readers=403, staff=200, city_staff=200, superuser=200, **ANON),
         kwargs=lambda o: _pk(b.offered(o))),
    Case("consult-case-accept", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"grade": "C", "theme": "other"}),
    Case("consult-case-decline", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"reason": "不属于协商范围。"}),
    Case("consult-case-offer", expect(404, member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.accepted(o)), data=lambda o: {"member_group": o.group.pk}),
    Case("consult-case-claim", MEMBER_ACTS, method="post", kwargs=lambda o: _pk(b.offered(o))),
    Case("consult-case-join", expect(404, member=400, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.claimed(o))),
    Case("consult-case-consult", expect(404, **WORKER_ONCE), method="post", kwargs=lambda o: _pk(b.claimed(o)),
         data=lambda o: {"held_on": _today(), "place": "议事厅", "participants": "张委员", "result": "协商结果。"}),
    Case("consult-case-follow-up", expect(404, member=200, readers=403, staff=200, city_staff=200, superuser=200, **ANON),
         method="post", kwargs=lambda o: _pk(b.consulted(o)), data=lambda o: {"on": _today(), "note": "已跟进。"}),
    Case("consult-case-resolve", expect(404, **WORKER_ONCE), method="post", kwargs=lambda o: _pk(b.consulted(o)),
         data=lambda o: {"outcome": "resolved", "answer": "已解决。"}),
    Case("consult-case-archive", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.resolved(o)), data=lambda o: {"summary": "案例总结。"}),
    Case("consult-case-to-proposal", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.consulted(o))),
    Case("consult-case-raise-topic", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.consulted(o))),
]
