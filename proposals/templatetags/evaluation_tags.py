"""Template tags showing published 民主评议 results and awards on other proposal pages.

    {% load evaluation_tags %}
    {% unit_evaluation_panel %}            a unit's published evaluations and awards (its inbox)
    {% award_badge proposal %}             "YYYY 年度优秀提案" badges of one proposal
    {% awarded_in page as awarded %}       {proposal id: [years]} for a page of proposals (one query)
"""

from django import template

from members.scopes import scope_for

from ..evaluation import metrics as ev

register = template.Library()


@register.inclusion_tag("proposals/evaluation/_unit_panel.html", takes_context=True)
def unit_evaluation_panel(context):
    request = context.get("request")
    scope = scope_for(getattr(request, "user", None))
    if not scope.unit_ids:
        return {"evaluations": [], "awards": []}
    evaluations = (ev.evaluations_visible_to(request.user).filter(unit_id__in=scope.unit_ids)
                   .order_by("-year", "id")[:3])
    awards = ev.public_awards().filter(unit_id__in=scope.unit_ids).order_by("-year", "id")[:3]
    return {"evaluations": list(evaluations), "awards": list(awards)}


@register.inclusion_tag("proposals/evaluation/_award_badge.html")
def award_badge(proposal):
    return {"years": ev.awarded_proposal_ids([proposal.pk]).get(proposal.pk, [])}


@register.simple_tag
def awarded_in(proposals):
    return ev.awarded_proposal_ids(p.pk for p in proposals)
