"""The role × action access matrix: every page and API endpoint, and the status each role gets.

`tests/test_access_matrix.py` requests every `Case` below as each role of the `org` fixture
(tests/conftest.py) and compares the status codes; `test_every_url_is_in_the_matrix` walks all URL
patterns and fails when a URL name has no case here. So a new URL needs a row.

How to add a row
----------------
    Case("proposals:detail", kwargs=lambda o: {"pk": ProposalFactory(committee=o.county).pk},
         expect=expect(200, anonymous=302, far_member=404, other_staff=404))

- `name`: the URL name as `reverse()` takes it ("home", "supervision:notifications", "member-detail").
- `kwargs`: org -> URL kwargs, for patterns with arguments. It runs once per case, so it may create
  the object the URL points at (put it in `o.county` so most roles see it).
- `method`: "get" (default), "post", "put", "patch" or "delete"; `data`: org -> body, called once per
  request (make values unique when a write succeeds for several roles). API bodies go as JSON.
- `expect`: a status for every role. Write it with `expect(default, **overrides)`; an override is a
  role ("staff") or a group of roles (see GROUPS: "members", "units", "readers", "staff_roles"),
  applied in order, so `expect(200, anonymous=302, members=404, member=200)` works. A status may be a
  set when several are right (e.g. /healthz answers 200 or 503 depending on the beat).
- `label`: optional, to tell apart several cases of one URL name.
Rows of one feature may live in its own list (e.g. PROPOSAL_CASES) concatenated into MATRIX at the end.

URLs left out on purpose are in UNLISTED with the reason (Django admin's built-in views, i18n).
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from members.enums import Role
from members.models import MemberGroup, RoleAssignment, Session, Studio, Term
from supervision.enums import ObligationKind, OwnerKind
from supervision.models import CalendarDay, Notification, ReminderPolicy
from supervision.services import create_obligation
from tests.factories import MemberFactory, SectorFactory, SpecialCommitteeFactory

# Role name -> attribute of the `org` fixture holding that user (None: not logged in).
ROLES = {
    "anonymous": None,
    "member": "member_user",
    "other_member": "other_member_user",  # same county as `member`
    "far_member": "far_member_user",  # the other county
    "unit": "unit_user",  # liaison of o.unit (county)
    "other_unit": "other_unit_user",  # liaison of o.other_unit (county)
    "office": "office",  # county office viewer (read-only)
    "leader": "leader",  # county leader (read-only)
    "staff": "staff",  # county staff
    "other_staff": "other_staff",  # the other county's staff
    "city_staff": "city_staff",
    "superuser": "superuser",
}

GROUPS = {
    "members": ("member", "other_member", "far_member"),
    "units": ("unit", "other_unit"),
    "readers": ("office", "leader"),
    "staff_roles": ("staff", "other_staff", "city_staff", "superuser"),
    "non_staff": ("member", "other_member", "far_member", "unit", "other_unit", "office", "leader"),
}

ANY_HEALTH = frozenset({200, 503})  # /healthz: 503 when the beat has not run, but never a login or 403


def expect(default, **overrides):
    """Statuses for every role: `default`, then each override (a role or a group) in order."""
    result = dict.fromkeys(ROLES, default)
    for key, status in overrides.items():
        roles = GROUPS.get(key, (key,))
        for role in roles:
            if role not in ROLES:
                raise KeyError(f"unknown role or group {key!r}")
            result[role] = status
    return result


@dataclass
class Case:
    name: str
    expect: dict
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    label: str = ""

    @property
    def id(self):
        return self.label or f"{self.method.upper()} {self.name}"


_counter = itertools.count(1)


def unique_phone():
    return f"139{next(_counter):08d}"


# --------------------------------------------------------------------------- common expectations
PAGE = expect(200, anonymous=302)  # a page for anyone signed in; anonymous goes to the login page
PUBLIC = expect(200)
API_LIST = expect(200, anonymous=403)  # a scoped list: everyone signed in gets 200 (maybe empty)
API_STAFF_ONLY = expect(403, staff_roles=200)
# Unsafe request on a read-only endpoint: 403 before the method check for non-staff.
API_READ_ONLY_WRITE = expect(405, anonymous=403, non_staff=403)
# A county-level record seen by the county (members, units of the county), not by the other county.
COUNTY_RECORD = expect(200, anonymous=403, far_member=404, other_staff=404)
# Staff writing a county-level record: county staff and above; non-staff 403; other county 404.
COUNTY_WRITE = expect(200, anonymous=403, non_staff=403, other_staff=404)
# Staff creating a record in the county: the other county's staff get 403 (not their subtree).
COUNTY_CREATE = expect(201, anonymous=403, non_staff=403, other_staff=403)


def _member_body(o):
    return {"committee": o.county.pk, "name": "新委员", "phone": unique_phone(), "party": "none"}


def _term(o):
    return Term.objects.create(committee=o.county, number=14, name="第十四届", start_date="2022-01-01", is_current=True)


def _session(o):
    return Session.objects.create(term=_term(o), number=3, name="第三次会议", start_date="2024-01-10")


def _member_group(o):
    return MemberGroup.objects.create(committee=o.county, name="第一委员小组", community="乌衣社区", leader=o.member)


def _studio(o):
    return Studio.objects.create(committee=o.county, name="张委员工作室", address="乌衣镇")


# --------------------------------------------------------------------------- pages
PAGE_CASES = [
    Case("home", PAGE),
    Case("healthz", expect(ANY_HEALTH)),
    Case("favicon", PUBLIC),  # the site's icon, for browsers that ask for /favicon.ico
    Case("login", PUBLIC),
    Case("logout", expect(405), label="GET logout (POST only)"),
    Case("logout", expect(302), method="post"),
    Case("supervision:notifications", PAGE),
    Case("schema", PUBLIC),
    Case("api-docs", PUBLIC),
    Case("api-redoc", PUBLIC),
]

# --------------------------------------------------------------------------- organisation API
MEMBERS_API_CASES = [
    Case("api-root", API_LIST),
    Case("me-list", API_LIST),
    Case("me-list", expect(405, anonymous=403), method="post", data=lambda o: {}),
    # committees
    Case("committee-list", API_LIST),
    Case("committee-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": o.county.pk}),
    Case(
        "committee-detail",
        expect(404, anonymous=403, city_staff=200, superuser=200),
        kwargs=lambda o: {"pk": o.city.pk},
        label="GET committee-detail of the city",
    ),
    Case("committee-list", API_READ_ONLY_WRITE, method="post", data=lambda o: {"name": "新政协", "level": "county"}),
    # terms and sessions
    Case("term-list", API_LIST),
    Case("term-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": _term(o).pk}),
    Case("session-list", API_LIST),
    Case("session-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": _session(o).pk}),
    # sectors and special committees
    Case("sector-list", API_LIST),
    Case("sector-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": SectorFactory(committee=o.county).pk}),
    Case(
        "sector-list", COUNTY_CREATE, method="post",
        data=lambda o: {"committee": o.county.pk, "name": f"界别{next(_counter)}"},
    ),
    Case(
        "sector-detail", COUNTY_WRITE, method="patch",
        kwargs=lambda o: {"pk": SectorFactory(committee=o.county).pk}, data=lambda o: {"order": 3},
    ),
    Case(
        "sector-detail", expect(405, anonymous=403, non_staff=403), method="delete",
        kwargs=lambda o: {"pk": SectorFactory(committee=o.county).pk},
    ),
    Case("special-committee-list", API_LIST),
    Case(
        "special-committee-detail", COUNTY_RECORD,
        kwargs=lambda o: {"pk": SpecialCommitteeFactory(committee=o.county).pk},
    ),
    Case(
        "special-committee-list", COUNTY_CREATE, method="post",
        data=lambda o: {"committee": o.county.pk, "name": f"专委会{next(_counter)}"},
    ),
    # members
    Case("member-list", API_LIST),
    Case(
        "member-detail", expect(200, anonymous=403, far_member=404, units=404, other_staff=404),
        kwargs=lambda o: {"pk": o.member.pk},
    ),
    Case(
        "member-detail", expect(404, anonymous=403, far_member=200, other_staff=200, city_staff=200, superuser=200),
        kwargs=lambda o: {"pk": o.far_member.pk}, label="GET member-detail of another county",
    ),
    Case("member-list", COUNTY_CREATE, method="post", data=_member_body),
    Case(
        "member-detail", COUNTY_WRITE, method="patch",
        kwargs=lambda o: {"pk": o.member.pk}, data=lambda o: {"position": "副主任"},
        label="PATCH member-detail (the member's own record too: 403)",
    ),
    Case(
        "member-detail", expect(404, anonymous=403, non_staff=403, other_staff=200, city_staff=200, superuser=200),
        method="patch", kwargs=lambda o: {"pk": o.far_member.pk}, data=lambda o: {"position": "委员"},
        label="PATCH member-detail of another county",
    ),
    Case(
        "member-detail", expect(405, anonymous=403, non_staff=403), method="delete",
        kwargs=lambda o: {"pk": MemberFactory(committee=o.county).pk},
    ),
    # member groups and studios
    Case("member-group-list", API_LIST),
    Case("member-group-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": _member_group(o).pk}),
    Case("studio-list", API_LIST),
    Case("studio-detail", COUNTY_RECORD, kwargs=lambda o: {"pk": _studio(o).pk}),
    Case("studio-list", API_READ_ONLY_WRITE, method="post", data=lambda o: {"committee": o.county.pk, "name": "x"}),
    # handling units: a liaison sees only its own unit
    Case("unit-list", API_LIST),
    Case("unit-detail", COUNTY_RECORD | {"other_unit": 404}, kwargs=lambda o: {"pk": o.unit.pk}),
    Case(
        "unit-list", COUNTY_CREATE, method="post",
        data=lambda o: {"committee": o.county.pk, "name": f"南谯区局{next(_counter)}", "contact_phone": "0550-1234567"},
    ),
    Case(
        "unit-detail", COUNTY_WRITE, method="patch",
        kwargs=lambda o: {"pk": o.unit.pk}, data=lambda o: {"contact_name": "刘联络员"},
        label="PATCH unit-detail (its own liaison too: 403)",
    ),
    # role assignments: staff only
    Case("role-assignment-list", API_STAFF_ONLY),
    Case(
        "role-assignment-detail", expect(403, staff=200, other_staff=404, city_staff=200, superuser=200),
        kwargs=lambda o: {"pk": RoleAssignment.objects.get(user=o.staff, role=Role.STAFF).pk},
    ),
]


# --------------------------------------------------------------------------- member pages and admin pages
ADMIN_PAGE = expect(302, staff_roles=200)  # behind admin_view: non-staff accounts go to the admin login

MEMBER_PAGE_CASES = [
    Case("members:list", expect(200, anonymous=302, units=403)),  # a member: their committee's, masked
    Case("members:export", expect(200, anonymous=302, members=403, units=403)),
    Case("members:me", expect(404, anonymous=302, members=200)),
    Case("admin:members_member_import", ADMIN_PAGE),
    Case("admin:members_member_import_template", ADMIN_PAGE),
    Case("admin:members_member_export", ADMIN_PAGE),
    Case("admin:members_handlingunit_liaison", ADMIN_PAGE | {"other_staff": 404}, kwargs=lambda o: {"unit_id": o.unit.pk}),
]


# --------------------------------------------------------------------------- deadline engine
def _obligation(o):
    """An open obligation owed by o.unit in the county."""
    return create_obligation(
        subject=None, committee=o.county, kind=ObligationKind.GENERIC, title="测试事项", owner_kind=OwnerKind.UNIT,
        owner_unit=o.unit, due_date=datetime.date(2030, 6, 30), start_date=datetime.date(2030, 1, 2),
    )


def _notification(o):
    """A notification for o.member_user."""
    return Notification.objects.create(user=o.member_user, title="提醒", body="请按时答复")


def _calendar_day(o):
    return CalendarDay.objects.create(date=datetime.date(2031, 1, 1), is_workday=False, name="元旦")


def _reminder_policy(o):
    return ReminderPolicy.objects.create(committee=o.county)


# An obligation owed by o.unit: the county's readers, the unit itself; not members, the other unit or county.
OBLIGATION_VISIBLE = dict(members=404, other_unit=404, other_staff=404)
OWN_NOTIFICATION = expect(404, anonymous=403, member=200)

SUPERVISION_CASES = [
    Case("supervision:notifications_read_all", expect(302), method="post"),
    Case("supervision:notification_read", expect(404, anonymous=302, member=302), method="post",
         kwargs=lambda o: {"pk": _notification(o).pk}),
    Case("supervision:obligations", PAGE),
    Case("supervision:obligation_detail", expect(200, anonymous=302, **OBLIGATION_VISIBLE),
         kwargs=lambda o: {"pk": _obligation(o).pk}),
    # Staff of the county (and the city above it) act; readers and the owing unit see it but may not (403).
    Case("supervision:obligation_act", expect(302, anonymous=302, readers=403, unit=403, **OBLIGATION_VISIBLE),
         method="post", data=lambda o: {"action": "meet"}, kwargs=lambda o: {"pk": _obligation(o).pk}),
    Case("obligation-list", API_LIST),
    Case("obligation-detail", expect(200, anonymous=403, **OBLIGATION_VISIBLE), kwargs=lambda o: {"pk": _obligation(o).pk}),
    Case("notification-list", API_LIST),
    Case("notification-detail", OWN_NOTIFICATION, kwargs=lambda o: {"pk": _notification(o).pk}),
    Case("notification-read", OWN_NOTIFICATION, method="post", kwargs=lambda o: {"pk": _notification(o).pk}),
    Case("notification-read-all", API_LIST, method="post"),
    Case("calendarday-list", API_LIST),
    Case("calendarday-detail", API_LIST, kwargs=lambda o: {"pk": _calendar_day(o).pk}),
    Case("calendarday-list", expect(201, anonymous=403, non_staff=403), method="post",
         data=lambda o: {"date": f"2032-03-{next(_counter) % 28 + 1:02d}", "is_workday": True, "name": "调休上班"}),
    Case("reminderpolicy-list", API_STAFF_ONLY),
    Case("reminderpolicy-detail", API_STAFF_ONLY | {"other_staff": 404}, kwargs=lambda o: {"pk": _reminder_policy(o).pk}),
]

MATRIX = PAGE_CASES + MEMBERS_API_CASES + MEMBER_PAGE_CASES + SUPERVISION_CASES

# The proposal pages' rows live with their builders (they import Case and expect from here).
from tests.proposals.page_matrix import PROPOSAL_PAGE_CASES  # noqa: E402

MATRIX += PROPOSAL_PAGE_CASES

from tests.proposals.api_matrix import PROPOSAL_API_CASES  # noqa: E402

MATRIX += PROPOSAL_API_CASES

from tests.consult.api_matrix import CONSULT_API_CASES  # noqa: E402

MATRIX += CONSULT_API_CASES

from tests.consult.page_matrix import CONSULT_PAGE_CASES  # noqa: E402

MATRIX += CONSULT_PAGE_CASES

from tests.consult.download_matrix import CONSULT_DOWNLOAD_CASES  # noqa: E402

MATRIX += CONSULT_DOWNLOAD_CASES

from tests.consult.member_matrix import CONSULT_MEMBER_CASES  # noqa: E402

MATRIX += CONSULT_MEMBER_CASES

from tests.consult.speech_matrix import CONSULT_SPEECH_CASES  # noqa: E402

MATRIX += CONSULT_SPEECH_CASES

from tests.consult.reception.reception_matrix import RECEPTION_CASES  # noqa: E402

MATRIX += RECEPTION_CASES

from tests.consult.cases.matrix import CONSULT_CASE_CASES  # noqa: E402

MATRIX += CONSULT_CASE_CASES

from tests.consult.reports.matrix import CONSULT_REPORT_CASES  # noqa: E402

MATRIX += CONSULT_REPORT_CASES


# --------------------------------------------------------------------------- background exports (portal.jobs)
def _export_job(o):
    """A member export the county's staff asked for, not yet run: theirs only (everyone else: 404)."""
    from portal.jobs.models import ExportJob

    return ExportJob.objects.create(requester=o.staff, kind="members", progress_total=3)


OWN_JOB_PAGE = expect(404, anonymous=302, staff=200)
OWN_JOB_API = expect(404, anonymous=403, staff=200)
EXPORTERS = dict(members=403, units=403)  # those who list members may export them

EXPORT_JOB_CASES = [
    Case("jobs:list", PAGE),
    Case("jobs:start", expect(302, **EXPORTERS), method="post", kwargs=lambda o: {"kind": "members"}),
    Case("jobs:detail", OWN_JOB_PAGE, kwargs=lambda o: {"pk": _export_job(o).pk}),
    Case("jobs:progress", OWN_JOB_PAGE, kwargs=lambda o: {"pk": _export_job(o).pk}),
    # not made yet: its requester is sent back to the job's page
    Case("jobs:download", OWN_JOB_PAGE | {"staff": 302}, kwargs=lambda o: {"pk": _export_job(o).pk}),
    Case("export-job-list", API_LIST),
    Case("export-job-list", expect(201, anonymous=403, **EXPORTERS), method="post", data=lambda o: {"kind": "members"}),
    Case("export-job-detail", OWN_JOB_API, kwargs=lambda o: {"pk": _export_job(o).pk}),
    Case("export-job-download", OWN_JOB_API | {"staff": 409}, kwargs=lambda o: {"pk": _export_job(o).pk}),
]

MATRIX += EXPORT_JOB_CASES

# --------------------------------------------------------------------------- URLs not in the matrix
# Django admin's own views (their permissions are Django's, scoped by ScopedAdmin and tested there).
# A custom admin view (an admin URL name outside these suffixes) must be listed in MATRIX.
ADMIN_BUILTIN_NAMES = {
    "index", "login", "logout", "password_change", "password_change_done", "autocomplete", "jsi18n",
    "view_on_site", "app_list",
}
ADMIN_BUILTIN_SUFFIXES = ("_changelist", "_add", "_history", "_delete", "_change")
UNLISTED = {
    "set_language": "Django's i18n view (POST a language; no data)",
    "api-not-found": "the API's JSON 404 for addresses no route matches (a regex; tests/test_api_attacks.py tries it)",
}
