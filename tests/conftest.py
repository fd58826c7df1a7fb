from io import StringIO
from pathlib import Path

import pytest

from members.enums import CommitteeLevel, Role
from tests.factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    make_member_user,
    make_user_with_role,
)


def pytest_configure(config):
    """WhiteNoise wants STATIC_ROOT to exist (collectstatic makes it in `make run`); tests serve no static."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


DEMO_TEST_PASSWORD = "Demo-test-2026!"


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """`seed_demo --scale small` once per test module; returns its output.

    The demo data lives in an outer transaction that is rolled back when the module ends; each test
    (with `db`) runs in a savepoint inside it, so tests still see a fresh copy of the demo data.
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", "--scale", "small", "--password", DEMO_TEST_PASSWORD, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language (a page request in English must not leak into the next test)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash many passwords (a user per role per test): a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db):
    """A small organisation: a city with two counties, a township under county A, units and users per role."""

    class Org:
        pass

    o = Org()
    o.city = CommitteeFactory(name="滁州市政协", level=CommitteeLevel.CITY)
    o.county = CommitteeFactory(name="南谯区政协", level=CommitteeLevel.COUNTY, parent=o.city)
    o.other_county = CommitteeFactory(name="来安县政协", level=CommitteeLevel.COUNTY, parent=o.city)
    o.township = CommitteeFactory(name="乌衣镇联络组", level=CommitteeLevel.TOWNSHIP, parent=o.county)
    o.unit = HandlingUnitFactory(committee=o.county, name="南谯区教育局")
    o.other_unit = HandlingUnitFactory(committee=o.county, name="南谯区卫健委")
    o.superuser = make_user_with_role(Role.STAFF, o.city, username="root")
    o.superuser.is_superuser = True
    o.superuser.save()
    o.city_staff = make_user_with_role(Role.STAFF, o.city, username="city_staff")
    o.staff = make_user_with_role(Role.STAFF, o.county, username="county_staff")
    o.other_staff = make_user_with_role(Role.STAFF, o.other_county, username="other_staff")
    o.office = make_user_with_role(Role.OFFICE, o.county, username="county_office")
    o.leader = make_user_with_role(Role.LEADER, o.county, username="county_leader")
    o.unit_user = make_user_with_role(Role.UNIT, o.county, unit=o.unit, username="unit_user")
    o.other_unit_user = make_user_with_role(Role.UNIT, o.county, unit=o.other_unit, username="other_unit_user")
    o.member_user, o.member = make_member_user(o.county, name="张委员")
    o.other_member_user, o.other_member = make_member_user(o.county, name="李委员")
    o.far_member_user, o.far_member = make_member_user(o.other_county, name="赵委员")
    return o
