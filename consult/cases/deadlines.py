"""The deadlines of grassroots cases as supervision Obligations (the only due dates; reminders by the sweep):

- 定单 (CASE_CHECK): the group leader (or staff, without a leader) checks a new case within the committee's
  CaseSettings.check_workdays;
- 接单 (CASE_CLAIM): the offered group claims it within the grade's claim_workdays (owed by its leader);
- 协商解单 (CASE_CONSULT): the lead claimant holds the micro-consultation within consult_workdays;
- 跟进督单 (CASE_FOLLOWUP): the lead claimant resolves it (or explains to the resident) within resolve_workdays.
Working days per grade are data (CaseDeadlineRule: the committee's own row, else the shared default)."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from members.scopes import in_scope
from supervision import services as obligations
from supervision.calendar import Workdays
from supervision.enums import PENDING_STATES, ObligationKind, OwnerKind
from supervision.messages import Message

from .models import DEFAULT_CHECK_WORKDAYS, CaseDeadlineRule, CaseSettings

K = ObligationKind
KINDS = (K.CASE_CHECK, K.CASE_CLAIM, K.CASE_CONSULT, K.CASE_FOLLOWUP)
FALLBACK = {"claim_workdays": 5, "consult_workdays": 10, "resolve_workdays": 20}


def rule_for(committee, grade):
    """The committee's rule for `grade`, else the nearest ancestor's, else the shared default."""
    ids = [int(p) for p in committee.path.strip("/").split("/") if p]
    rules = {r.committee_id: r for r in CaseDeadlineRule.objects.filter(grade=grade).filter(
        committee_id__in=ids) | CaseDeadlineRule.objects.filter(grade=grade, committee__isnull=True)}
    for cid in reversed(ids):
        if cid in rules:
            return rules[cid]
    return rules.get(None) or CaseDeadlineRule(grade=grade, **FALLBACK)


def check_workdays(committee):
    s = CaseSettings.objects.filter(committee=committee).first()
    return s.check_workdays if s else DEFAULT_CHECK_WORKDAYS


def pending(case, kind):
    return obligations.obligations_for(case, kind).filter(state__in=PENDING_STATES)


def meet(case, kind, *, actor=None, note=""):
    return obligations.meet_obligation(subject=case, kind=kind, actor=actor, note=note)


def waive(case, kind, *, actor=None, note=""):
    return obligations.waive_obligation(subject=case, kind=kind, actor=actor, note=note)


def _create(case, kind, key, owner, days, actor):
    committee = case.committee
    if owner is not None and not in_scope(owner, committee, subtree=True):
        committee = owner.committee  # a member of the county on a township's case
    return obligations.create_obligation(
        subject=case, committee=committee, kind=kind, title=Message(key, title=case.title),
        owner_kind=OwnerKind.MEMBER if owner is not None else OwnerKind.STAFF, owner_member=owner,
        due_date=Workdays(days), start_date=timezone.localdate(), actor=actor)


def _leader(case):
    group = case.member_group
    return group.leader if group is not None and group.leader_id and group.leader.active else None


def check_deadline(case, *, actor=None):
    return _create(case, K.CASE_CHECK, gettext_noop("群众点单定单：%(title)s"), _leader(case),
                   check_workdays(case.committee), actor)


def claim_deadline(case, *, actor=None):
    return _create(case, K.CASE_CLAIM, gettext_noop("组织委员接单：%(title)s"), _leader(case),
                   rule_for(case.committee, case.grade).claim_workdays, actor)


def consult_deadline(case, lead, *, actor=None):
    return _create(case, K.CASE_CONSULT, gettext_noop("协商解单：%(title)s"), lead,
                   rule_for(case.committee, case.grade).consult_workdays, actor)


def followup_deadline(case, *, actor=None):
    lead = case.claims.filter(lead=True).select_related("member").first()
    return _create(case, K.CASE_FOLLOWUP, gettext_noop("跟进督单至办结：%(title)s"), lead.member if lead else None,
                   rule_for(case.committee, case.grade).resolve_workdays, actor)


def due_dates(case):
    """{kind: obligation} of the case's obligations, newest first per kind (for the detail page)."""
    found = {}
    for o in obligations.obligations_for(case).order_by("-id"):
        found.setdefault(o.kind, o)
    return found
