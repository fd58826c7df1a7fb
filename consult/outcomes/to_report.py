"""转为社情民意信息: staff of an outcome's committee turn chosen recommendations into an opinion report.

The report is in the outcome's committee, titled after the outcome; its text is a lead line naming the
outcome followed by the chosen recommendations, numbered as in the outcome. A report needs a submitter
(OpinionReport.submitter, a member): staff pick an active member of the committee, and the report is made
through consult.reports.services.create_on_behalf in that member's name, submitted at once, so it lands in
the staff's 社情民意 queue (its "create" and "submit" timeline rows name the staff member). The consultation
side keeps the link (Recommendation.opinion_report) and writes the outcome's timeline row "to_report"."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal import limits
from portal.audit import record_transition

from ..common import reference, require_manage
from ..errors import ConsultError
from ..models import Recommendation

# members offered in the page's select (the API takes any active member of the committee)
MAX_CANDIDATES = 500


def submitter_candidates(committee):
    """Members in whose name the report may go: the committee's active members."""
    from members.models import Member

    return Member.objects.filter(committee=committee, active=True).order_by("name", "id")


def report_content(outcome, chosen):
    lead = _("根据协商成果《%(title)s》，提出以下建议：") % {"title": outcome.title}
    return "\n".join([lead, *(f"{r.number}. {r.text}" for r in chosen)])


def to_report(*, outcome, actor, recommendations, submitter):
    """Make a submitted opinion report of `outcome.committee` from `recommendations` of `outcome`, in the name
    of `submitter`. Side effects: the report (reports.services.create_on_behalf), each recommendation linked
    to it, the outcome's timeline row. Refused: no, foreign or already converted recommendations, no
    submitter or one outside the committee, a text over the limit."""
    from ..reports.services import create_on_behalf

    require_manage(actor, outcome.committee)
    chosen = list(dict.fromkeys(recommendations or []))
    if not chosen:
        raise ConsultError(_("请选择要转为社情民意信息的建议条目。"))
    if any(r.outcome_id != outcome.pk for r in chosen):
        raise ConsultError(_("所选的建议条目不属于本成果。"))
    if submitter is None:
        raise ConsultError(_("请选择报送人（%(committee)s的委员）。") % {"committee": outcome.committee.name})
    reference(submitter, outcome.committee, _("报送人"))
    chosen.sort(key=lambda r: r.number)
    content = report_content(outcome, chosen)
    if len(content) > limits.LONG_TEXT:
        raise ConsultError(_("所选建议合计超过 %(limit)d 个字符，请分次转为社情民意信息。") % {"limit": limits.LONG_TEXT})
    numbers = _("、").join(str(r.number) for r in chosen)
    with transaction.atomic():
        locked = list(Recommendation.objects.select_for_update().filter(pk__in=[r.pk for r in chosen]).order_by("number"))
        done = [str(r.number) for r in locked if r.opinion_report_id]
        if done:
            raise ConsultError(_("第 %(numbers)s 条建议已转为社情民意信息，不能重复转。") % {"numbers": _("、").join(done)})
        report = create_on_behalf(
            actor=actor, committee=outcome.committee, submitter=submitter, title=outcome.title, content=content,
            note=_("由协商成果《%(title)s》第 %(numbers)s 条建议转来，以%(member)s名义报送") % {
                "title": outcome.title, "numbers": numbers, "member": submitter.name})
        Recommendation.objects.filter(pk__in=[r.pk for r in locked]).update(opinion_report=report)
        record_transition(outcome, actor=actor, action="to_report", note=_(
            "第 %(numbers)s 条建议转为社情民意信息（%(member)s名义报送）") % {"numbers": numbers, "member": submitter.name})
    for r in chosen:
        r.opinion_report = report
    return report


def report_sources(report, user):
    """What the report page shows of where a report came from: [{outcome, numbers, visible}], `visible` when
    `user` may open the outcome's page (a reader who sees the outcome; members see the title only)."""
    from .. import selectors
    from ..pages import is_reader

    recs = list(report.source_recommendations.select_related("outcome").order_by("outcome_id", "number"))
    if not recs:
        return []
    outcomes = {}
    for r in recs:
        outcomes.setdefault(r.outcome, []).append(r.number)
    seen = set() if not is_reader(user) else set(selectors.outcomes_visible_to(user).filter(pk__in=[o.pk for o in outcomes]).values_list("pk", flat=True))
    return [{"outcome": o, "numbers": _("、").join(str(n) for n in numbers), "visible": o.pk in seen}
            for o, numbers in outcomes.items()]
