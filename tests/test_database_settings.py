"""Our PostgreSQL connections run without JIT and parallel plans (portal/settings.py; README "Production")."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_turn_off_jit_and_parallel_plans():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.django_db
def test_the_case_committee_column_keeps_statistics_for_every_committee_of_a_province():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'consult_communitycase'::regclass "
                       "AND attname = 'committee_id'")
        assert cursor.fetchone()[0] == 1000


def test_postgresql_connections_are_kept_ten_minutes_and_checked_before_reuse(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    assert connection.settings_dict["CONN_MAX_AGE"] == 600
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
