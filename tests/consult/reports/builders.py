"""社情民意 records in a given state, built through the services from the `org` fixture alone."""

import itertools

from django.utils import timezone

from consult.reports import services

_n = itertools.count(1)


def draft(o, user=None, **over):
    values = {"title": f"关于解决城区停车难问题的建议{next(_n)}", "content": "老城区停车位缺口大，群众反映强烈。", **over}
    return services.create_report(actor=user or o.member_user, **values)


def submitted(o, user=None, **over):
    return services.create_report(actor=user or o.member_user, submit=True,
                                  **{"title": f"关于规范校外培训机构的建议{next(_n)}", "content": "部分机构无证办学。", **over})


def adopted(o, user=None, **over):
    return services.adopt(report=submitted(o, user, **over), actor=o.staff)


def instructed(o, user=None, **over):
    report = adopted(o, user, **over)
    services.instruct(report=report, actor=o.staff, leader="王书记", instructed_on=timezone.localdate(),
                      text_body="请区教育局研究办理。", departments="区教育局")
    report.refresh_from_db()
    return report


def forwarded(o, **over):
    report = instructed(o, **over)
    (fwd,) = services.forward(report=report, actor=o.staff, units=[o.unit])
    return fwd


def bulletin(o, kind="special", committee=None, **over):
    return services.create_bulletin(actor=o.staff, committee=committee or o.county, kind=kind, **over)


def compiled(o):
    b = bulletin(o)
    services.compile_reports(bulletin=b, actor=o.staff, reports=[adopted(o)])
    return b


def published(o):
    return services.publish(bulletin=compiled(o), actor=o.staff)


def one_of_each(o):
    """A saved row of every 社情民意 model with a declared workflow."""
    fwd = forwarded(o)
    return {type(fwd.report): fwd.report, type(fwd): fwd, type(bulletin(o)): bulletin(o)}




def every_record(o):
    """A row of every 社情民意 model in the county (the admin walk): a forwarded report sent up, adopted at the
    city, in a published issue."""
    fwd = forwarded(o)
    report = fwd.report
    services.send_up(report=report, actor=o.staff, target="higher", sent_on=timezone.localdate())
    services.record_level(report=report, actor=o.staff, level="city", adopted_on=timezone.localdate(),
                          adopted_by="滁州市政协办公室")
    b = bulletin(o)
    services.compile_reports(bulletin=b, actor=o.staff, reports=[report])
    services.publish(bulletin=b, actor=o.staff)
    return report


# ---- many rows at once for the query-count tests (every relation filled)


def make_reports(o, n, member=None):
    from consult.models import LevelAdoption, OpinionReport, ReportInstruction, ReportSending

    now = timezone.now()
    rows = OpinionReport.objects.bulk_create(
        OpinionReport(committee=o.county, submitter=member or o.member, title=f"信息{next(_n)}", content="正文",
                      state="adopted", submitted_at=now, decided_at=now) for _ in range(n))
    today = timezone.localdate()
    LevelAdoption.objects.bulk_create(LevelAdoption(report=r, level="county", adopted_on=today, adopted_by="区政协")
                                      for r in rows)
    ReportSending.objects.bulk_create(ReportSending(report=r, target="higher", sent_on=today) for r in rows)
    ReportInstruction.objects.bulk_create(ReportInstruction(report=r, leader="王书记", instructed_on=today, text="阅")
                                          for r in rows)
    return rows


def make_bulletins(o, n):
    from consult.models import Bulletin

    start = Bulletin.objects.filter(committee=o.county, kind="journal", year=2026).count()
    Bulletin.objects.bulk_create(Bulletin(committee=o.county, kind="journal", year=2026, number=start + i + 1,
                                          state="published", published_at=timezone.now()) for i in range(n))


def make_forwards(o, n):
    from consult.models import ReportForward

    ReportForward.objects.bulk_create(ReportForward(report=r, unit=o.unit, sent_at=timezone.now())
                                      for r in make_reports(o, n))
