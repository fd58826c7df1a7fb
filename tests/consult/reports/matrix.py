"""Access-matrix rows of 社情民意信息: the member's pages, the staff's pages, bulletins, the department's
pages and the API (/api/v1/consult-reports/, consult-bulletins/, consult-report-forwards/). Records are made in
o.county through tests/consult/reports/builders.py; imported by tests/matrix.py.

404: outside the role's selector; 403: visible but not theirs to do (or not their kind of page)."""

from django.utils import timezone

from tests.consult.api_matrix import (
    ANON,
    READERS_AND_STAFF,
    STAFF_EVERY_TIME,
    STAFF_ONCE,
    UNIT_ACTS,
    UNIT_RECORD,
    _once,
)
from tests.consult.reports import builders as b
from tests.matrix import Case, expect

LOGIN = dict(anonymous=302)
API_LIST = expect(200, anonymous=403)
MEMBER_PAGE = expect(403, member=200, other_member=200, far_member=200, **LOGIN)
READER_PAGE = expect(200, members=403, units=403, **LOGIN)
# The member's own report: the member, the county's readers and staff.
OWN_REPORT = expect(404, member=200, **READERS_AND_STAFF, **ANON)
# A published issue of the county: its members, readers and staff.
PUBLISHED = expect(404, member=200, other_member=200, **READERS_AND_STAFF, **ANON)
PAGE_STAFF = dict(readers=403, staff=302, city_staff=302, superuser=302, **LOGIN)


def _pk(obj):
    return {"pk": obj.pk}


def _today():
    return timezone.localdate().isoformat()


REPORT_PAGE_CASES = [
    Case("consult:my_reports", MEMBER_PAGE),
    Case("consult:report_new", MEMBER_PAGE),
    Case("consult:report_new", expect(403, members=302, **LOGIN), method="post",
         data=lambda o: {"title": "关于路灯维修的建议", "content": "多处路灯损坏。", "submit": "1"}, label="POST consult:report_new"),
    Case("consult:my_report", expect(403, member=200, other_member=404, far_member=404, **LOGIN),
         kwargs=lambda o: _pk(b.submitted(o))),
    Case("consult:my_report_revise", expect(403, member=302, other_member=404, far_member=404, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.draft(o)), data=lambda o: {"title": "修改后的标题", "content": "修改后的正文"}),
    Case("consult:reports", READER_PAGE),
    Case("consult:reports_periodic", READER_PAGE),
    Case("consult:report", expect(200, members=403, units=403, other_staff=404, **LOGIN),
         kwargs=lambda o: _pk(b.submitted(o))),
    Case("consult:report_act", expect(404, member=403, **PAGE_STAFF), method="post",
         kwargs=lambda o: {"pk": b.submitted(o).pk, "action": "adopt"}),
    Case("consult:bulletins", expect(200, units=403, **LOGIN)),
    Case("consult:bulletins", expect(403, staff=302, city_staff=302, superuser=302, other_staff=200, **LOGIN),
         method="post", data=lambda o: {"committee": o.county.pk, "kind": "special"}, label="POST consult:bulletins"),
    Case("consult:bulletin", expect(404, member=200, other_member=200, **READERS_AND_STAFF, **LOGIN),
         kwargs=lambda o: _pk(b.published(o))),
    Case("consult:bulletin_docx", expect(404, member=200, other_member=200, **READERS_AND_STAFF, **LOGIN),
         kwargs=lambda o: _pk(b.published(o))),
    Case("consult:bulletin_compile", expect(404, **PAGE_STAFF), method="post", kwargs=lambda o: _pk(b.bulletin(o)),
         data=lambda o: {"reports": [_once(o, "adopted_for_page", lambda: b.adopted(o)).pk]}),
    Case("consult:bulletin_publish", expect(404, **PAGE_STAFF), method="post", kwargs=lambda o: _pk(b.compiled(o))),
    Case("consult:report_forwards", expect(403, units=200, **LOGIN)),
    Case("consult:report_forward", expect(404, unit=200, **READERS_AND_STAFF, **LOGIN),
         kwargs=lambda o: _pk(b.forwarded(o))),
    Case("consult:report_forward_reply",
         expect(404, unit=302, readers=403, staff=403, city_staff=403, superuser=403, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.forwarded(o)), data=lambda o: {"text_body": "已办理。"}),
]

REPORT_API_CASES = [
    Case("consult-report-list", API_LIST),
    Case("consult-report-list", expect(403, members=201), method="post",
         data=lambda o: {"title": "关于增设公厕的建议", "content": "景区公厕不足。", "submit": True},
         label="POST consult-report-list (委员报送)"),
    Case("consult-report-detail", OWN_REPORT, kwargs=lambda o: _pk(b.submitted(o))),
    Case("consult-report-revise", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.draft(o)), data=lambda o: {"title": "新标题", "content": "新正文"}),
    Case("consult-report-submit", expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.draft(o))),
    Case("consult-report-edit", expect(404, member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"title": "编辑后标题", "content": "编辑后正文"}),
    Case("consult-report-return", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"note": "请补充情况。"}),
    Case("consult-report-adopt", expect(404, member=403, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.submitted(o))),
    Case("consult-report-reject", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.submitted(o)), data=lambda o: {"note": "重复。"}),
    Case("consult-report-merge", expect(404, member=403, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.submitted(o)),
         data=lambda o: {"others": [_once(o, "to_merge", lambda: b.submitted(o, user=o.other_member_user)).pk]}),
    Case("consult-report-send-up", expect(404, member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.adopted(o)), data=lambda o: {"target": "party_government", "sent_on": _today()}),
    Case("consult-report-level-adoption", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.adopted(o)),
         data=lambda o: {"adoption_level": "city", "adopted_on": _today(), "adopted_by": "滁州市政协办公室"}),
    Case("consult-report-instruct", expect(404, member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.adopted(o)), data=lambda o: {"leader": "王书记", "instructed_on": _today(), "text": "阅。"}),
    Case("consult-report-forward", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.instructed(o)), data=lambda o: {"units": [o.unit.pk]}),
    Case("consult-bulletin-list", API_LIST),
    Case("consult-bulletin-list", expect(403, staff=201, city_staff=201, superuser=201), method="post",
         data=lambda o: {"committee": o.county.pk, "bulletin_kind": "journal"}, label="POST consult-bulletin-list"),
    Case("consult-bulletin-detail", PUBLISHED, kwargs=lambda o: _pk(b.published(o))),
    Case("consult-bulletin-compile", expect(404, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.bulletin(o)),
         data=lambda o: {"reports": [_once(o, "adopted_for_api", lambda: b.adopted(o)).pk]}),
    Case("consult-bulletin-publish", expect(404, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.compiled(o))),
    Case("consult-report-forward-list", API_LIST),
    Case("consult-report-forward-detail", UNIT_RECORD, kwargs=lambda o: _pk(b.forwarded(o))),
    Case("consult-report-forward-reply", UNIT_ACTS, method="post", kwargs=lambda o: _pk(b.forwarded(o)),
         data=lambda o: {"text": "已办理。"}),
]

CONSULT_REPORT_CASES = REPORT_PAGE_CASES + REPORT_API_CASES
