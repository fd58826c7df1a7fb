"""Permission predicates on single proposal objects (django-rules predicates, composable with & and |),
shared by the services, the pages and the API: called directly, e.g. `rules.manages_proposal(user, p)`.

Lists never use these: they go through `proposals.selectors.*_visible_to(user)`. These answer "may
this user do X to this object they can already see?". The scope underneath is members.scopes.
"""

import rules

from members.scopes import scope_for

from .enums import CoSignatureState


def _member(user):
    return scope_for(user).member


@rules.predicate
def is_proposer(user, proposal):
    member = _member(user)
    return member is not None and proposal is not None and proposal.proposer_id == member.pk


@rules.predicate
def manages_proposal(user, proposal):
    """Staff of the proposal's committee (or an ancestor)."""
    return proposal is not None and scope_for(user).can_manage(proposal.committee)


@rules.predicate
def is_assigned_unit(user, assignment):
    return assignment is not None and assignment.unit_id in scope_for(user).unit_ids


def rater_ids(proposal):
    """Member ids who rate replies: the proposer and every confirmed co-signer."""
    ids = [proposal.proposer_id]
    ids += [
        s.member_id for s in proposal.signatures.all()
        if s.state == CoSignatureState.CONFIRMED and s.member_id != proposal.proposer_id
    ]
    return ids


@rules.predicate
def may_rate(user, proposal):
    member = _member(user)
    return member is not None and member.pk in rater_ids(proposal)
