"""The demo's 社情民意: a year of reports and bulletins for each demo committee, made through the services."""

import pytest
from django.utils import timezone

from consult.models import Bulletin, OpinionReport, ReportForward
from consult.reports import selectors
from consult.reports.enums import BulletinState, ReportState


@pytest.fixture
def seeded(demo_module, db):
    return demo_module


@pytest.mark.parametrize("name", ["临沭县政协", "滁州市政协"])
def test_each_demo_committee_has_a_year_of_reports_and_numbered_issues(seeded, name):
    assert "社情民意：" + name in seeded
    reports = OpinionReport.objects.filter(committee__name=name)
    states = set(reports.values_list("state", flat=True))
    assert {ReportState.ADOPTED, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.NOT_ADOPTED,
            ReportState.MERGED} <= states
    months = {r.submitted_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m") for r in reports}
    assert len(months) == 12
    bulletins = Bulletin.objects.filter(committee__name=name)
    assert bulletins.filter(state=BulletinState.PUBLISHED).count() >= 8
    for kind in ("special", "journal"):
        for year in set(bulletins.filter(kind=kind).values_list("year", flat=True)):
            numbers = sorted(bulletins.filter(kind=kind, year=year).values_list("number", flat=True))
            assert numbers == list(range(1, len(numbers) + 1))
    forwards = ReportForward.objects.filter(report__committee__name=name)
    assert set(forwards.values_list("state", flat=True)) == {"sent", "replied"}
    counts = selectors.member_counts(reports.values_list("submitter_id", flat=True).distinct())
    assert sum(c.adopted for c in counts.values()) >= reports.filter(state=ReportState.ADOPTED).count()
    assert sum(c.instructed for c in counts.values()) >= 3


def test_the_demo_reports_span_twelve_months_whatever_the_day():
    # a report is dated two days back at the latest: on a month's first two days the year ends with the last
    import datetime as dt

    from consult.reports.demo import report_months

    assert report_months(dt.date(2026, 11, 30)) == [dt.date(2025, 12, 1), *(dt.date(2026, m, 1) for m in range(1, 12))]
    assert report_months(dt.date(2026, 12, 1)) == report_months(dt.date(2026, 12, 2)) == report_months(dt.date(2026, 11, 30))
    assert report_months(dt.date(2026, 12, 3))[-1] == dt.date(2026, 12, 1)
    assert report_months(dt.date(2027, 1, 1)) == [*(dt.date(2026, m, 1) for m in range(1, 13))]
