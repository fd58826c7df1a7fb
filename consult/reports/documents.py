"""Documents of 社情民意信息 through the shared letter builder (portal.documents.letter), in Chinese whatever the
interface language (they are official documents):

- an issue of the bulletin (社情民意专报/期刊〔2026〕第 3 期): each report's (edited) title and text, with the
  names of everyone credited;
- the periodic report: monthly to the party committee and government (报告), quarterly to the members
  (通报): what was submitted, adopted (at each level), sent up, instructed, and what departments did.
"""

from django.utils import timezone

from portal.documents.letter import Letter, chinese_date
from portal.documents.names import document_filename

from ..documents import NUMERALS, office_name
from .enums import Level


def credited_names(report):
    """The submitter and those whose reports were merged into it, in order, once each."""
    names = [report.submitter.name, *(r.submitter.name for r in report.merged_reports.all())]
    return list(dict.fromkeys(names))


def bulletin_title(bulletin):
    return f"{bulletin.get_kind_display()}"


def bulletin_letter(bulletin) -> Letter:
    reports = list(bulletin.reports.select_related("submitter").prefetch_related("merged_reports__submitter")
                   .order_by("id"))
    paragraphs = []
    if bulletin.title:
        paragraphs.append(bulletin.title)
    for index, report in enumerate(reports):
        number = NUMERALS[index] if index < len(NUMERALS) else str(index + 1)
        paragraphs.append(f"{number}、{report.shown_title}")
        paragraphs.extend(report.shown_content.splitlines())
        paragraphs.append(f"（反映人：{'、'.join(credited_names(report))}）")
    day = timezone.localdate(bulletin.published_at) if bulletin.published_at else timezone.localdate()
    return Letter(issuer=office_name(bulletin.committee), title=bulletin_title(bulletin),
                  number=f"〔{bulletin.year}〕第{bulletin.number}期", paragraphs=paragraphs, date=day, letterhead=False)


def bulletin_filename(bulletin):
    return document_filename(bulletin.committee.name, f"{bulletin.get_kind_display()}{bulletin.year}年第{bulletin.number}期",
                             ext="docx")


def place_name(committee):
    """南谯区政协 → 南谯区."""
    return committee.name.removesuffix("政协").removesuffix("委员会") or committee.name


def periodic_title(committee, figures, *, quarterly):
    what = "通报" if quarterly else "报告"
    return f"关于{figures.period.label}社情民意信息工作情况的{what}"


def periodic_letter(committee, figures, *, quarterly) -> Letter:
    f = figures
    place = place_name(committee)
    addressee = "各位委员" if quarterly else f"中共{place}委员会、{place}人民政府"
    levels = "，".join(f"{Level(level).label}级 {count} 篇" for level, count in f.levels.items() if count) or "无"
    paragraphs = [
        f"{f.period.label}，{committee.name}共收到社情民意信息 {f.submitted} 篇，采用 {f.adopted} 篇，报送上级政协和党委政府 "
        f"{f.sent} 篇，获领导批示 {f.instructed} 篇，编印专报、期刊 {f.bulletins} 期。现将有关情况{'通报' if quarterly else '报告'}如下。",
        "一、分级采用情况",
        f"本期各级采用情况：{levels}。",
        "二、领导批示情况",
    ]
    if f.instructions:
        for i in f.instructions:
            r = i.report
            depts = f"，涉及{i.departments}" if i.departments else ""
            paragraphs.append(f"《{r.shown_title}》（{r.submitter.name}）：{i.leader}于{chinese_date(i.instructed_on)}批示：“{i.text}”{depts}。")
    else:
        paragraphs.append("本期无领导批示。")
    paragraphs.append("三、部门办理情况")
    if f.forwards:
        paragraphs.append(f"本期转交部门办理 {f.forwarded} 件，部门已答复 {f.replied} 件。")
        for fwd in f.forwards:
            done = f"已答复：{fwd.reply}" if fwd.state == "replied" else "正在办理"
            paragraphs.append(f"{fwd.unit.name}办理《{fwd.report.shown_title}》，{done}。")
    else:
        paragraphs.append(f"本期无转交部门办理的信息；部门已答复 {f.replied} 件。")
    adopted = f.adopted_reports
    paragraphs.append("四、采用信息目录")
    if adopted:
        for n, r in enumerate(adopted, start=1):
            paragraphs.append(f"{n}. 《{r.shown_title}》（{r.submitter.name}）")
    else:
        paragraphs.append("本期无采用信息。")
    if quarterly:
        paragraphs.append("感谢各位委员积极反映社情民意，希望继续围绕中心工作和群众关切建言献策。")
    return Letter(issuer=office_name(committee), title=periodic_title(committee, f, quarterly=quarterly),
                  addressee=addressee, paragraphs=paragraphs, date=timezone.localdate(), letterhead=False)


def periodic_filename(committee, figures, *, quarterly, ext):
    return document_filename(committee.name, f"{figures.period.label}社情民意信息{'通报' if quarterly else '报告'}", ext=ext)
