"""Access-matrix rows of 委员接待日 (pages under /consult/reception/ and /consult/me/reception/, the API
/api/v1/consult-studios/, -reception-days/, -reception-duties/, -duty-swaps/). The studio is the county's with
张委员 (member) and 李委员 (other_member) in it; 赵委员 (far_member) is of the other county.
Imported by tests/matrix.py."""

from tests.consult.reception import builders as b
from tests.matrix import Case, expect

LOGIN = dict(anonymous=302)
ANON = dict(anonymous=403)
READERS_PAGE = expect(200, members=403, units=403, **LOGIN)
STAFF_PAGE = expect(200, members=403, units=403, readers=403, **LOGIN)
# a studio's page: readers and staff of the county (and above); another county's staff 404
STUDIO_PAGE = expect(200, members=403, units=403, other_staff=404, **LOGIN)
STUDIO_MANAGE = expect(200, members=403, units=403, readers=403, other_staff=404, **LOGIN)
# a studio's rows seen by its members (张, 李), the county's readers and staff
STUDIO_ROW = expect(200, far_member=404, units=404, other_staff=404, **ANON)
# a POST by staff of the county on something members of the studio see
STAFF_POST_SEEN_BY_MEMBERS = expect(302, member=403, other_member=403, far_member=404, units=404, readers=403,
                                    other_staff=404, **LOGIN)
# 张's own act (his duty): 李 sees it but it is not his; readers and staff are not the member
ZHANG_ACTS_PAGE = expect(403, member=302, far_member=404, units=404, other_staff=404, **LOGIN)
ZHANG_ACTS_API = expect(403, far_member=404, units=404, other_staff=404, **ANON)


def _pk(obj):
    return {"pk": obj.pk}


def _studio_body(o):
    return {"committee": o.county.pk, "name": "新建委员之家", "kind": "home"}


def _record_page(o):
    return {"visitors": 3, "summary": "接待顺利", "issues-TOTAL_FORMS": 1, "issues-INITIAL_FORMS": 0,
            "issues-MIN_NUM_FORMS": 0, "issues-MAX_NUM_FORMS": 20, "issues-0-title": "路灯不亮",
            "issues-0-description": "东门路灯坏了。"}


def _swap_body(o):
    return {"other_duty": b.swap_pair(o)[1].pk, "reason": "出差"}


RECEPTION_CASES = [
    # staff pages
    Case("consult:reception_studios", READERS_PAGE),
    Case("consult:reception_studio_create", STAFF_PAGE),
    Case("consult:reception_studio_create", expect(302, members=403, units=403, readers=403, other_staff=200, **LOGIN),
         method="post", data=lambda o: {"committee": o.county.pk, "name": "新建工作室", "kind": "studio",
                                        "reception_day": 25, "duty_size": 2, "active": "on"},
         label="POST consult:reception_studio_create (其他县的机关：所选政协不在可选范围，表单报错)"),
    Case("consult:reception_studio", STUDIO_PAGE, kwargs=lambda o: _pk(b.studio(o))),
    Case("consult:reception_studio_edit", STUDIO_MANAGE, kwargs=lambda o: _pk(b.studio(o))),
    Case("consult:reception_studio_edit", expect(302, members=403, units=403, readers=403, other_staff=404, **LOGIN),
         method="post", kwargs=lambda o: _pk(b.studio(o)),
         data=lambda o: {"name": "乌衣镇委员工作室", "kind": "studio", "reception_day": 25, "duty_size": 2,
                         "members": [o.member.pk, o.other_member.pk]}),
    Case("consult:reception_generate", expect(302, member=403, other_member=403, far_member=404, units=404,
                                              readers=403, other_staff=404, **LOGIN),
         method="post", kwargs=lambda o: _pk(b.studio(o)), data=lambda o: {"year": b.next_year()}),
    Case("consult:reception_calendar", READERS_PAGE),
    Case("consult:reception_export", expect(400, members=403, units=403, **LOGIN),
         label="GET consult:reception_export (没有指定政协组织和年度)"),
    Case("consult:reception_day", expect(200, far_member=404, units=404, other_staff=404, **LOGIN),
         kwargs=lambda o: _pk(b.day_today(o))),
    Case("consult:reception_record", expect(302, far_member=404, units=404, readers=403, other_staff=404, **LOGIN),
         method="post", kwargs=lambda o: _pk(b.day_today(o)), data=_record_page),
    Case("consult:reception_swap_act", ZHANG_ACTS_PAGE | {"member": 403, "other_member": 302},
         method="post", kwargs=lambda o: {"pk": b.swap(o).pk, "action": "accept"},
         label="POST consult:reception_swap_act accept (对方委员)"),
    Case("consult:reception_swap_act", STAFF_POST_SEEN_BY_MEMBERS | {"city_staff": 302, "superuser": 302},
         method="post", kwargs=lambda o: {"pk": b.accepted_swap(o).pk, "action": "approve"},
         label="POST consult:reception_swap_act approve (机关)"),
    # unavailable dates: the member for themselves (others' dates are not theirs: 404 once 张's are gone)
    Case("consult:reception_unavailable_add", expect(302, units=403, readers=403, **LOGIN), method="post",
         data=lambda o: {"start_date": f"{b.next_year()}-01-01", "end_date": f"{b.next_year()}-01-02", "reason": "出差"},
         label="POST consult:reception_unavailable_add (机关没选委员：表单报错)"),
    Case("consult:reception_unavailable_delete", expect(404, member=302, **LOGIN), method="post",
         kwargs=lambda o: _pk(b.unavailable(o))),
    # the member's page and acts
    Case("consult:my_reception", expect(403, members=200, **LOGIN)),
    Case("consult:reception_confirm", ZHANG_ACTS_PAGE, method="post", kwargs=lambda o: _pk(b.duty(o))),
    Case("consult:reception_swap_request", ZHANG_ACTS_PAGE, method="post", kwargs=lambda o: _pk(b.swap_pair(o)[0]),
         data=_swap_body),
    # API
    Case("consult-studio-list", expect(200, anonymous=403)),
    Case("consult-studio-list", expect(403, staff=201, city_staff=201, superuser=201), method="post",
         data=_studio_body, label="POST consult-studio-list (建立工作室)"),
    Case("consult-studio-detail", STUDIO_ROW, kwargs=lambda o: _pk(b.studio(o))),
    Case("consult-studio-detail", expect(403, far_member=404, units=404, other_staff=404, staff=200, city_staff=200,
                                         superuser=200), method="patch", kwargs=lambda o: _pk(b.studio(o)),
         data=lambda o: {"opening_hours": "每月25日 8:30–12:00"}),
    Case("consult-studio-generate", expect(403, far_member=404, units=404, other_staff=404, staff=200,
                                           city_staff=200, superuser=200), method="post",
         kwargs=lambda o: _pk(b.studio(o)), data=lambda o: {"year": b.next_year()}),
    Case("consult-reception-day-list", expect(200, anonymous=403)),
    Case("consult-reception-day-detail", STUDIO_ROW, kwargs=lambda o: _pk(b.day_today(o))),
    Case("consult-reception-day-record", expect(400, member=200, far_member=404, units=404, readers=403,
                                                other_staff=404, **ANON), method="post",
         kwargs=lambda o: _pk(b.day_today(o)), data=lambda o: {"visitors": 4}),
    Case("consult-reception-duty-list", expect(200, anonymous=403)),
    Case("consult-reception-duty-detail", STUDIO_ROW, kwargs=lambda o: _pk(b.duty(o))),
    Case("consult-reception-duty-confirm", ZHANG_ACTS_API | {"member": 200}, method="post",
         kwargs=lambda o: _pk(b.duty(o))),
    Case("consult-reception-duty-swap", ZHANG_ACTS_API | {"member": 201}, method="post",
         kwargs=lambda o: _pk(b.swap_pair(o)[0]), data=_swap_body),
    Case("consult-duty-swap-list", expect(200, anonymous=403)),
    Case("consult-duty-swap-detail", STUDIO_ROW, kwargs=lambda o: _pk(b.swap(o))),
    Case("consult-duty-swap-accept", ZHANG_ACTS_API | {"other_member": 200}, method="post",
         kwargs=lambda o: _pk(b.swap(o))),
    Case("consult-duty-swap-decline", ZHANG_ACTS_API | {"other_member": 200}, method="post",
         kwargs=lambda o: _pk(b.swap(o))),
    Case("consult-duty-swap-withdraw", ZHANG_ACTS_API | {"member": 200}, method="post",
         kwargs=lambda o: _pk(b.swap(o))),
    Case("consult-duty-swap-approve", ZHANG_ACTS_API | {"staff": 200, "city_staff": 400, "superuser": 400},
         method="post", kwargs=lambda o: _pk(b.accepted_swap(o))),
    Case("consult-duty-swap-refuse", ZHANG_ACTS_API | {"staff": 200, "city_staff": 400, "superuser": 400},
         method="post", kwargs=lambda o: _pk(b.swap(o)), data=lambda o: {"note": "当月人手不足"}),
]
