"""Evaluations and awards built through the services from the `org` fixture (for the evaluation tests,
the access-matrix rows and the query-count hooks)."""

from django.utils import timezone

from members.enums import Role
from proposals import services
from proposals.enums import Satisfaction
from proposals.evaluation.enums import AwardKind
from proposals.models import ReplyCategory, UnitEvaluation
from tests.factories import HandlingUnitFactory, make_user_with_role
from tests.proposals import builders as b


def this_year():
    return timezone.localdate().year


def evaluation(o, *, unit=None, score="85", grade="good", publish=False, year=None):
    """o.unit's (or `unit`'s) evaluation of this year, scored; published if asked."""
    year = year or this_year()
    services.open_evaluation(committee=o.county, year=year, actor=o.staff)
    row = UnitEvaluation.objects.get(unit=unit or o.unit, year=year)
    if score is not None:
        row = services.record_panel_score(evaluation=row, actor=o.staff, panel_score=score, grade=grade, note="办理认真")
    if publish:
        row = services.publish_evaluation(evaluation=row, actor=o.staff)
    return row


def published_evaluation(o):
    return evaluation(o, publish=True)


def draft_evaluation(o):
    return evaluation(o)


def award(o, *, publish=False):
    """A 优秀提案 nomination of an o.member proposal accepted this year (published if asked)."""
    proposal, _reply = b.replied(o)
    row = services.nominate_award(committee=o.county, year=this_year(), kind=AwardKind.PROPOSAL, proposal=proposal,
                                  actor=o.staff, citation="建议具体可行，办理成效明显")
    if publish:
        services.publish_awards(committee=o.county, year=this_year(), actor=o.staff)
        row.refresh_from_db()
    return row


# ---- row makers for tests/test_query_counts.py


def make_units_with_handling(o, n):
    """n more units of the county, each leading a replied and rated proposal this year, evaluated."""
    for _ in range(n):
        unit = HandlingUnitFactory(committee=o.county)
        p = b.accepted(o)
        services.assign_units(proposal=p, actor=o.staff, lead=unit)
        a = p.assignments.get(unit=unit)
        _reply_as_new_liaison(o, a)
        services.rate_reply(reply=a.replies.get(), actor=o.member_user, attitude=Satisfaction.SATISFIED,
                            relevance="relevant", result=Satisfaction.BASIC)
    services.open_evaluation(committee=o.county, year=this_year(), actor=o.staff)


def _reply_as_new_liaison(o, assignment):
    """Reply for a unit that has no liaison of its own: give it one, then reply and approve."""
    user = make_user_with_role(Role.UNIT, o.county, unit=assignment.unit)
    services.record_contact(assignment=assignment, actor=user, date=timezone.localdate(), way="phone", note="电话")
    reply = services.submit_reply(assignment=assignment, actor=user, body="已办理。",
                                  category=ReplyCategory.objects.get(committee=None, code="A"))
    services.review_reply(reply=reply, actor=o.staff, approve=True)


def make_published_evaluations(o, n):
    """n more units with a published evaluation this year (what a reader's API list shows)."""
    units = HandlingUnitFactory.create_batch(n, committee=o.county)
    services.open_evaluation(committee=o.county, year=this_year(), actor=o.staff)
    for row in UnitEvaluation.objects.filter(unit__in=units):
        services.record_panel_score(evaluation=row, actor=o.staff, panel_score="80", grade="good")
        services.publish_evaluation(evaluation=row, actor=o.staff)


def make_published_awards(o, n):
    for _ in range(n):
        proposal, _reply = b.replied(o)
        services.nominate_award(committee=o.county, year=this_year(), kind=AwardKind.PROPOSAL, proposal=proposal,
                                actor=o.staff)
    services.publish_awards(committee=o.county, year=this_year(), actor=o.staff)
