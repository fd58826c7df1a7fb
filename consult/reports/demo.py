"""Demo 社情民意信息 for `seed_demo` (called from consult/demo.py for each demo committee): a year of reports
by the committee's members with accounts — submitted each month, most adopted, some returned, not adopted or
merged — compiled into numbered 专报 (a few a year) and 期刊 (monthly) issues, sent up, adopted at the city or
province, a few instructed by leaders and forwarded to departments (one replied, one still owed). Made through
the services, then dated on the days of the story (`Demo.on` dates the timeline rows)."""

import datetime as dt

from django.utils import timezone

from ..models import Bulletin, OpinionReport, ReportForward
from . import services

# (title, content) — what members and information officers report
ISSUES = [
    ("关于解决老旧小区停车难问题的建议", "老城区小区建成早，车位配比低，夜间车辆占用消防通道现象突出。建议挖掘周边机关单位车位夜间共享，规划建设立体停车设施。"),
    ("关于规范校外托管机构的建议", "学校周边托管机构数量多、规模小，部分无证经营，消防和食品安全隐患较大。建议明确主管部门，建立准入和日常监管制度。"),
    ("关于加强农村饮用水水质监测的建议", "部分村庄仍以分散供水为主，水质检测频次低。建议扩大集中供水覆盖面，定期公布检测结果。"),
    ("关于增设城区公共厕所的建议", "城区公厕分布不均，老街区和公园周边如厕难。建议结合城市更新增设公厕，推动沿街单位厕所对外开放。"),
    ("关于电动自行车充电安全的建议", "居民楼道充电、飞线充电屡禁不止，火灾隐患大。建议加快建设小区集中充电设施，实行合理收费。"),
    ("关于提高农村留守老人关爱服务水平的建议", "农村留守老人多，日常照料和精神慰藉不足。建议发挥村级互助养老点作用，建立定期探访制度。"),
    ("关于加强网约车司机权益保障的建议", "网约车平台抽成比例高，司机缺乏社会保险。建议督促平台公开计价规则，探索灵活就业人员参保办法。"),
    ("关于治理城区夜间施工噪音的建议", "部分工地夜间违规施工，周边居民休息受影响。建议严格夜间施工审批，畅通投诉渠道。"),
    ("关于优化城乡公交线路的建议", "新建小区和产业园区公交覆盖不足，部分线路发车间隔长。建议根据客流调整线路，开通早晚高峰定制公交。"),
    ("关于推动中小学课后服务提质的建议", "课后服务内容以作业辅导为主，特色课程少。建议引入优质社会资源，丰富体育、艺术和科技课程。"),
    ("关于加强食品小作坊监管的建议", "食品小作坊分布散、条件差，监管力量不足。建议建设集中加工园区，推行阳光作坊。"),
    ("关于完善农村生活垃圾分类的建议", "农村垃圾分类设施不全，群众分类意识不强。建议完善收运体系，建立积分兑换激励机制。"),
]
RETURN_REASON = "请补充具体地点和涉及人数，并提出可操作的建议。"
REJECT_REASON = "所反映问题已列入今年民生实事项目，正在推进。"


def _date(report, **fields):
    OpinionReport.objects.filter(pk=report.pk).update(**fields)


def report_months(today):
    """The first days of the twelve months the demo's reports are spread over, oldest first: those ending with
    this month, or on its first two days with the last one (a report is dated at least two days back, and
    on those days that is in the last month)."""
    month = today if today.day > 2 else today.replace(day=1) - dt.timedelta(days=1)
    indexes = (month.year * 12 + month.month - 1 - months_ago for months_ago in range(11, -1, -1))
    return [dt.date(index // 12, index % 12 + 1, 1) for index in indexes]


def seed_committee(ctx, d):
    """A year of reports for the demo committee `d` (consult.demo.Demo); skipped when it has reports."""
    committee = d.committee
    if OpinionReport.objects.filter(committee=committee).exists():
        return 0
    writers = [m for m in d.members if m.user_id][:8]
    if len(writers) < 3 or not d.units:
        ctx.log(f"（跳过{committee.name}的社情民意演示数据：有账号的委员或承办单位不足）")
        return 0
    today = d.today
    adopted_by_month = {}
    made = 0
    for months_ago, first in zip(range(11, -1, -1), report_months(today), strict=True):
        for i in range(3):
            day = min(first + dt.timedelta(days=3 + 7 * i), today - dt.timedelta(days=2))
            title, content = ISSUES[(months_ago * 3 + i) % len(ISSUES)]
            writer = writers[(months_ago + i) % len(writers)]
            with d.on(day) as at:
                report = services.create_report(actor=writer.user, title=title, content=content, submit=True)
            _date(report, created_at=at, submitted_at=at)
            made += 1
            decided = min(day + dt.timedelta(days=5), today - dt.timedelta(days=1))
            if months_ago == 0 and i == 2:
                continue  # still waiting for staff
            with d.on(decided) as at:
                if i == 2 and months_ago % 4 == 1:
                    services.return_report(report=report, actor=d.staff, note=RETURN_REASON)
                    continue
                if i == 2 and months_ago % 4 == 3:
                    services.reject(report=report, actor=d.staff, note=REJECT_REASON)
                    _date(report, decided_at=at)
                    continue
                if i == 1 and months_ago % 5 == 2:
                    services.edit(report=report, actor=d.staff, title=title, content=content + "（经编辑）")
                if i == 1 and months_ago % 6 == 0:
                    other = writers[(months_ago + 3) % len(writers)]
                    twin = services.create_report(actor=other.user, title=title, content="同一问题，另一位委员的反映。",
                                                  submit=True)
                    _date(twin, created_at=at, submitted_at=at)
                    services.merge(report=report, actor=d.staff, others=[twin])
                    made += 1
                services.adopt(report=report, actor=d.staff)
            report.level_adoptions.update(adopted_on=decided)
            _date(report, decided_at=at)
            adopted_by_month.setdefault(months_ago, []).append(report)
    _bulletins(d, adopted_by_month)
    _follow_up(d, adopted_by_month)
    ctx.log(f"  社情民意：{committee.name} {made} 条信息，{Bulletin.objects.filter(committee=committee).count()} 期刊物")
    return made


def _bulletins(d, adopted_by_month):
    """期刊 each month with that month's adopted reports (the last two months' one more report each go into a
    专报 each quarter instead), numbered in order within each year."""
    today = d.today
    for months_ago in sorted(adopted_by_month, reverse=True):
        reports = [r for r in adopted_by_month[months_ago] if r.bulletin_id is None]
        if not reports or months_ago == 0:
            continue
        day = min(reports[-1].decided_at.date() + dt.timedelta(days=3), today - dt.timedelta(days=1))
        if day.year < today.year - 1:
            continue
        special = months_ago % 3 == 0
        kind = "special" if special else "journal"
        with d.on(day) as at:
            bulletin = services.create_bulletin(actor=d.staff, committee=d.committee, kind=kind, year=day.year,
                                                title="" if not special else "社情民意专报（党委政府参阅）")
            services.compile_reports(bulletin=bulletin, actor=d.staff, reports=reports)
            services.publish(bulletin=bulletin, actor=d.staff)
        Bulletin.objects.filter(pk=bulletin.pk).update(published_at=at, created_at=at)


def _follow_up(d, adopted_by_month):
    """Sending up, adoption at the higher levels, instructions and forwarding."""
    today = d.today
    city_or_province = "province" if d.committee.level == "city" else "city"
    higher = d.committee.parent.name if d.committee.parent_id else "上级政协"
    instructed = []
    for months_ago, reports in sorted(adopted_by_month.items(), reverse=True):
        for n, report in enumerate(reports):
            report.refresh_from_db()
            if n:
                continue
            sent_on = min(report.decided_at.date() + dt.timedelta(days=7), today)
            with d.on(sent_on):
                services.send_up(report=report, actor=d.staff, target="higher", recipient=higher, sent_on=sent_on)
            if months_ago % 2 == 0:
                with d.on(sent_on):
                    services.send_up(report=report, actor=d.staff, target="party_government", sent_on=sent_on)
            if months_ago % 3 == 1:
                adopted_on = min(sent_on + dt.timedelta(days=10), today)
                with d.on(adopted_on):
                    services.record_level(report=report, actor=d.staff, level=city_or_province, adopted_on=adopted_on,
                                          adopted_by=f"{higher}办公室" if d.committee.parent_id else "上级政协办公室")
            if months_ago in (1, 4, 7):
                on = min(sent_on + dt.timedelta(days=12), today)
                with d.on(on):
                    services.instruct(report=report, actor=d.staff, leader="党委书记" if months_ago != 4 else "政府主要负责同志",
                                      instructed_on=on, text_body="请有关部门认真研究，提出具体措施。",
                                      departments=d.units[0].name)
                instructed.append(report)
    for n, report in enumerate(instructed[-2:]):
        with d.on(today - dt.timedelta(days=10 - n)):
            (fwd,) = services.forward(report=report, actor=d.staff, units=[d.units[n % len(d.units)]])
        if n == 0:
            liaison = d.liaisons.get(fwd.unit_id)
            if liaison is not None:
                with d.on(today - dt.timedelta(days=2)):
                    services.reply(forward=fwd, actor=liaison, text_body="已组织专题研究，制定整改方案并落实到位。")
                ReportForward.objects.filter(pk=fwd.pk).update(replied_at=timezone.now() - dt.timedelta(days=2))
