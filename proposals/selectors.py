"""Reusable reads: what each user may see of proposals, and the lists the pages and API show.

Visibility (DESIGN §2.1, issue 3):
- a member: their own proposals (drafts too), those they were invited to co-sign (a draft only once
  invited), and proposals their own proposal was merged into (they follow its replies);
- staff, office viewers and leaders: their committee subtree, but never anyone's unsubmitted drafts
  (草稿、联名确认中、never-submitted 已撤回 are private to the signers);
- a leader also: the key proposals they supervise;
- a unit liaison: only proposals assigned to its unit (from the moment of assignment);
- the public (no login): `public_proposals()` — disclosed proposals with an approved reply.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.utils import timezone

from members.models import Committee, HandlingUnit, Member, Sector, Session, SpecialCommittee, Term
from members.scopes import scope_for
from portal.models import StateChange
from supervision.enums import PENDING_STATES
from supervision.models import Obligation

from .due_dates import REPLY_KINDS, assignment_due_date, with_assignment_due_dates, with_signature_due_dates
from .enums import (
    ACTIVE_ASSIGNMENT_STATES,
    CONTACT_COMMUNICATION,
    CONTACT_MEETING,
    CONTACT_PUBLIC,
    IN_HANDLING_STATES,
    REPLY_OWED_STATES,
    REPLYING_ROLES,
    AssignmentState,
    CoSignatureState,
    ProposalKind,
    ProposalState,
    ReplyState,
)
from .models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    ContactLog,
    CoSignature,
    Proposal,
    ProposalCategory,
    Rating,
    Reply,
    ReviewReport,
)

S = ProposalState

PRE_SUBMISSION = Q(state__in=[S.DRAFT, S.COSIGNING]) | Q(state=S.WITHDRAWN, submitted_at__isnull=True)


def _none():
    return Q(pk__in=[])


SIGNER, SUPERVISOR = 0, 1  # the branch of an id in proposal_id_lists' marked union


def proposal_id_lists(member=None, leader=None):
    """The ids of the proposals `member` sees as a signer (their own, those they were invited to co-sign, those
    their own proposals were merged into) and of the key proposals `leader` supervises, read by one query
    (a chair or vice-chair is a leader and a member of the committee both): (signer ids, supervised ids).

    Each is a member's or a leader's own history (tens to a few hundred rows, read by indexed lookups), so
    lists filter by a literal id list the planner estimates well (one array, `pk__anyof`: Django's `__in`
    prepared each id through the field). A subquery there would be a filter on every proposal of the list's
    order, the planner taking the subtree for far more than it is."""
    signer = [] if member is None else [(Proposal.objects.filter(proposer=member), "pk"),
                                        (_cosignatures(member), "proposal_id"), (_merged(member), "merged_into_id")]
    supervised = [] if leader is None else [
        (Proposal.supervising_leaders.through.objects.filter(user_id=leader.pk), "proposal_id")]
    if not (signer or supervised):
        return [], []
    if not (signer and supervised):  # one of them: plain ids (a marked union costs 0.2 ms more to build)
        first, *rest = [qs.order_by().values_list(field, flat=True) for qs, field in signer or supervised]
        ids = sorted(set(first.union(*rest, all=True) if rest else first))
        return (ids, []) if signer else ([], ids)
    first, *rest = [qs.order_by().annotate(branch=Value(branch)).values_list(field, "branch")
                    for branch, part in ((SIGNER, signer), (SUPERVISOR, supervised)) for qs, field in part]
    found = {SIGNER: set(), SUPERVISOR: set()}
    for pk, branch in first.union(*rest, all=True):
        found[branch].add(pk)
    return sorted(found[SIGNER]), sorted(found[SUPERVISOR])


def member_proposal_ids(member):
    """The ids of the proposals a member sees as a signer (proposal_id_lists)."""
    return proposal_id_lists(member)[0]


def _cosignatures(member):
    return CoSignature.objects.filter(member=member)


def _merged(member):
    return Proposal.objects.filter(proposer=member, merged_into__isnull=False)


def _cosigned(member):
    """The proposals the member was invited to co-sign (ids)."""
    return _cosignatures(member).order_by().values_list("proposal_id", flat=True)


def _followed(member):
    """The proposals the member's own proposals were merged into (ids)."""
    return _merged(member).order_by().values_list("merged_into_id", flat=True)


def _member_q(member, *, few=False):
    if few:  # member_proposal_ids' three lookups, as conditions of the one query
        return Q(proposer=member) | Q(pk__in=_cosigned(member)) | Q(pk__in=_followed(member))
    return Q(pk__anyof=member_proposal_ids(member))


def _unit_q(unit_ids):
    assigned = Assignment.objects.filter(unit_id__in=unit_ids).exclude(state=AssignmentState.WITHDRAWN)
    return Q(pk__in=assigned.values("proposal_id"))


def proposals_visible_to(user, *, few=False):
    """The proposals `user` may see (see the module docstring). A plain queryset, no duplicates.

    Every branch is a condition an index answers (the proposal's committee among the subtree's ids, its
    id among the member's or the unit's), so a list sorted by an indexed column stops after one page.

    `few=True` when the caller asks about a handful of given proposals (`.filter(pk__in=…)`): the
    member's and the supervising leader's proposals are then subqueries of the one query, not id lists
    read by queries of their own first (a list needs those; a check of twenty ids does not)."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Proposal.objects.none()
    official = Q() if scope.is_superuser else scope.committee_q()
    if not few and (scope.member or scope.is_leader):  # a list: the member's and the leader's ids, one query
        signer_ids, supervised_ids = proposal_id_lists(scope.member, user if scope.is_leader else None)
    if scope.is_leader:
        supervised = (Q(pk__in=Proposal.supervising_leaders.through.objects.filter(user_id=user.pk).values("proposal_id"))
                      if few else Q(pk__anyof=supervised_ids))
        official |= supervised
    q = (official & ~PRE_SUBMISSION) if (scope.is_superuser or scope.read_paths) else _none()
    if scope.unit_ids:
        q |= _unit_q(scope.unit_ids) & ~PRE_SUBMISSION
    if scope.member:
        q |= _member_q(scope.member, few=True) if few else Q(pk__anyof=signer_ids)
    return Proposal.objects.filter(q)


def visible_among(user, pks):
    """The ids among `pks` (a handful: a home page's deadlines) that `user` may see, as
    `proposals_visible_to(user, few=True)` answers. A reader's own branch is asked first (their subtree,
    past submission: a plain query, and for a reader's home page usually the whole answer); the whole
    question, with the member's and the supervising leader's subqueries, only for the ids left."""
    pks = sorted(set(pks))
    if not pks:
        return set()
    scope = scope_for(user)
    seen = set()
    if scope.is_superuser or scope.read_paths:
        official = Q() if scope.is_superuser else scope.committee_q()
        seen = set(Proposal.objects.filter(official, ~PRE_SUBMISSION, pk__anyof=pks).values_list("pk", flat=True))
    rest = [pk for pk in pks if pk not in seen]
    if rest:
        seen |= set(proposals_visible_to(user, few=True).filter(pk__anyof=rest).values_list("pk", flat=True))
    return seen


def public_proposals():
    """提案公开: proposals whose proposer agreed to disclosure, with at least one approved reply."""
    approved = Reply.objects.filter(assignment__proposal=OuterRef("pk"), state=ReplyState.APPROVED)
    return Proposal.objects.filter(
        Exists(approved), answered_at__isnull=False, disclosure_consent=True, state__in=[*IN_HANDLING_STATES, S.CLOSED]
    )


def fill_answered_at(proposal_model=Proposal, reply_model=Reply):
    """Set `answered_at` (the first approved reply's review time) where it is missing: the data migration
    (with historical models) and the benchmark's generated history."""
    from django.db import connections

    connection = connections[proposal_model.objects.db]
    if connection.vendor == "postgresql":  # one pass over the replies, not a subquery per proposal
        proposals, replies = proposal_model._meta.db_table, reply_model._meta.db_table
        assignments = reply_model._meta.get_field("assignment").related_model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {proposals} p SET answered_at = f.first FROM (
                        SELECT a.proposal_id, MIN(r.reviewed_at) AS first FROM {replies} r
                        JOIN {assignments} a ON a.id = r.assignment_id WHERE r.state = %s GROUP BY a.proposal_id
                    ) f WHERE p.id = f.proposal_id AND p.answered_at IS NULL""", [ReplyState.APPROVED.value])
            return cursor.rowcount
    first = (reply_model.objects.filter(assignment__proposal=OuterRef("pk"), state=ReplyState.APPROVED)
             .order_by("reviewed_at", "id").values("reviewed_at")[:1])
    approved = reply_model.objects.filter(state=ReplyState.APPROVED).values("assignment__proposal_id")
    return proposal_model.objects.filter(answered_at__isnull=True, pk__in=approved).update(answered_at=first)


def public_replies(proposal):
    return (
        Reply.objects.filter(assignment__proposal=proposal, state=ReplyState.APPROVED)
        .select_related("assignment__unit", "category").prefetch_related("attachments")
        .order_by("assignment__role", "round", "id")
    )


# The small tables a row names (committee, session, category, collective proposer): fetched for the page's
# rows by id, not joined. Joining all of them made PostgreSQL spend ~30 ms planning each list query.
ROW_LOOKUPS = ("committee", Prefetch("session", queryset=Session.objects.select_related("term")), "category",
               "collective_sector", "collective_special_committee")


def with_list_related(qs):
    """What a proposal list row shows, in a constant number of queries."""
    return qs.select_related("proposer").prefetch_related(
        *ROW_LOOKUPS,
        Prefetch("assignments", queryset=with_assignment_due_dates(
            Assignment.objects.select_related("unit").exclude(state=AssignmentState.WITHDRAWN))),
    )


def list_rows(qs):
    """A list's rows: what a row shows (with_list_related), without 案由 and 建议 (long texts no list shows)."""
    return with_list_related(qs).defer("reason", "suggestions")


# The API list's row (serializers.ProposalListSerializer) as plain values: one query for the page with the
# names it shows, one for its assignments (`with_assignment_rows`). No model instances: building 50 proposals
# with their proposers, lookups, assignments and units was most of the list's time.
API_ROW_FIELDS = (
    "id", "number", "title", "state", "kind", "period", "category_id", "proposer_id", "committee_id", "session_id",
    "is_key", "disclosure_consent", "submitted_at", "accepted_at", "closed_at", "collective_name", "collective_party",
)


def _name(model, key, field="name"):
    """The `field` of the `model` row that the proposal's `key` points at: a subquery, not a join. Eight
    joins had PostgreSQL spend 17 ms planning the page; a subquery in the SELECT list is planned on its
    own and run for the page's rows only, after the LIMIT."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(field)[:1])


@cache
def _api_row_names():
    """The names a row of the API list shows, as expressions built once (see due_dates.assignment_due_date)."""
    return {
        "committee_name": _name(Committee, "committee_id"), "category_name": _name(ProposalCategory, "category_id"),
        "proposer_name": _name(Member, "proposer_id"), "sector_name": _name(Sector, "collective_sector_id"),
        "special_name": _name(SpecialCommittee, "collective_special_committee_id"),
        # the session's term by its id, then the term's number (a join of the two here had PostgreSQL hash
        # every term for each row of the page: 1 ms of a 1.6 ms list query)
        "term_number": Subquery(Term.objects.filter(pk=_name(Session, OuterRef("session_id"), "term_id")).order_by()
                                .values("number")[:1]),
        "session_number": _name(Session, "session_id", "number"),
    }


ASSIGNMENT_ROW_FIELDS = ("id", "proposal_id", "unit_id", "role", "state", "round")


@cache
def _assignment_unit_name():
    return _name(HandlingUnit, "unit_id")


def row_labels():
    """The label tables (portal.choices, active language) a list row needs: a proposal's state, kind and
    party, an assignment's role and state — looked up once for a page, not per row and column."""
    from portal.choices import choice_labels

    fields = (*(Proposal._meta.get_field(f) for f in ("state", "kind", "collective_party")),
              *(Assignment._meta.get_field(f) for f in ("role", "state")))
    return tuple(choice_labels(f) for f in fields)


def api_rows(qs):
    """`qs` as the API list's rows: dicts of API_ROW_FIELDS and the names the row shows."""
    return qs.values(*API_ROW_FIELDS, **_api_row_names())


def with_assignment_rows(rows):
    """Give each row of `api_rows` its `assignments` (dicts, withdrawn ones left out, in the model's order)
    and `is_overdue` (as Proposal.is_overdue): one query for the page."""
    rows = list(rows)
    by_proposal = {row["id"]: row for row in rows}
    for row in rows:
        row["assignments"] = []
    if by_proposal:
        # the page's ids as one array (portal.lookups; `__in` prepared each through the field); the unit's
        # name by subquery, run for the page's assignments only (a join hashed every unit of the province)
        found = Assignment.objects.filter(proposal_id__anyof=list(by_proposal)).exclude(state=AssignmentState.WITHDRAWN).values(
            *ASSIGNMENT_ROW_FIELDS, unit_name=_assignment_unit_name(), due_date=assignment_due_date()).order_by(
            "proposal_id", "role", "id")
        for a in found:
            by_proposal[a["proposal_id"]]["assignments"].append(a)
    today = timezone.localdate()
    for row in rows:
        row["is_overdue"] = any(a["state"] in REPLY_OWED_STATES and a["due_date"] is not None and a["due_date"] < today
                                for a in row["assignments"])
    return rows


def overdue_assignments(today=None, committee_ids=None):
    """逾期未答复: assignments whose unit still owes its reply after the reply due date. Found through the
    index of pending reply obligations by committee and due date (supervision `obligation_reply_pending`),
    never by computing every assignment's due date. `committee_ids`: only those of proposals of these
    committees (an obligation carries its proposal's committee)."""
    today = today or timezone.localdate()
    # Reply obligations are always about an assignment: their kind says so, no content-type join needed.
    late = Obligation.objects.filter(kind__in=REPLY_KINDS, state__in=PENDING_STATES, due_date__lt=today)
    if committee_ids is not None:
        late = late.filter(committee_id__in=committee_ids)
    return Assignment.objects.filter(pk__in=late.values("subject_id"), state__in=REPLY_OWED_STATES)


def filter_overdue(qs, today=None, committee_ids=None):
    """The proposals of `qs` with an overdue assignment; `committee_ids` narrows the search when `qs` holds
    only proposals of those committees (a reader's subtree)."""
    return qs.filter(pk__in=overdue_assignments(today, committee_ids).values("proposal_id"))


def subtree_only(user):
    """The committee ids that bound every proposal `user` sees, or None when something else does (a
    superuser, a unit's assignments, a member's own proposals)."""
    scope = scope_for(user)
    if scope.is_superuser or scope.unit_ids or scope.member or not scope.read_paths:
        return None
    return scope.committee_ids()


def review_queue(user):
    """待审查 proposals the user manages, oldest first, with their staged marks."""
    scope = scope_for(user)
    if not scope.is_staff:
        return Proposal.objects.none()
    return (
        with_list_related(Proposal.objects.filter(scope.committee_q(manage=True), state=S.SUBMITTED))
        .select_related("staged_decision")
        .order_by("submitted_at", "id")
    )


def review_queue_rows(user):
    """`review_queue` as its page shows it: what a row names (proposer, category, 提案单位, staged mark;
    the committee, whose decline grounds the row's form offers) — not the session or the assignments, which
    the page does not show (a proposal under review has none)."""
    return (
        review_queue(user).prefetch_related(None)
        .prefetch_related("committee", "category", "collective_sector", "collective_special_committee")
    )


def key_proposals_for_leader(user):
    """The key proposals a leader supervises (领衔督办), with their assignments."""
    return with_list_related(Proposal.objects.filter(is_key=True, supervising_leaders=user))


def cosign_invitations(user):
    """A member's pending co-signing invitations (for 我的提案), with their proposals' row fields (案由 and
    建议, long texts the list does not show, left out)."""
    member = scope_for(user).member
    if member is None:
        return CoSignature.objects.none()
    return (
        with_signature_due_dates(CoSignature.objects.filter(member=member, state=CoSignatureState.INVITED,
                                                            proposal__state__in=[S.DRAFT, S.RETURNED, S.COSIGNING]))
        .select_related("proposal__proposer").defer(*PROPOSAL_TEXTS)
        .order_by("due_date", "id")
    )


def assignments_visible_to(user):
    """Staff/office/leaders: their subtree; a unit: its own; a member: those of proposals they see."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Assignment.objects.none()
    if scope.is_superuser:
        return Assignment.objects.all()
    q = scope.committee_q("proposal__committee") if scope.read_paths else _none()
    if scope.unit_ids:
        q |= Q(unit_id__in=scope.unit_ids)
    if scope.member:
        q |= Q(proposal_id__anyof=member_proposal_ids(scope.member))
    return Assignment.objects.filter(q)


class _Assignments(list):
    """A row's assignments as a page reads them (`p.assignments.all`, as of a model)."""

    def all(self):
        return self


def proposer_display(row, party):
    """Proposal.proposer_display of an `api_rows` row (`party`: the parties' labels, `row_labels`): the
    collective's name, or the first signer. The API list and the pages' rows both write it."""
    if row["kind"] == ProposalKind.COLLECTIVE:
        return (row["collective_name"] or row["sector_name"] or row["special_name"]
                or party.get(row["collective_party"], row["collective_party"]) or row["proposer_name"])
    return row["proposer_name"]


def page_rows(rows):
    """`with_assignment_rows` for a page's template: each row also answers what a template asks of a
    proposal in a list (`pk`, `get_state_display`, `get_kind_display`, `category`, `proposer_display`; its
    assignments' `unit.name`, `get_role_display`, `get_state_display`), in the active language. Plain
    values, no model instances."""
    state, kind, party, role, assignment_state = row_labels()
    rows = with_assignment_rows(rows)
    for row in rows:
        row.update(pk=row["id"], get_state_display=state.get(row["state"], row["state"]),
                   get_kind_display=kind.get(row["kind"], row["kind"]), category=row["category_name"],
                   proposer_display=proposer_display(row, party))
        for a in row["assignments"]:
            a.update(unit={"name": a["unit_name"]}, get_role_display=role.get(a["role"], a["role"]),
                     get_state_display=assignment_state.get(a["state"], a["state"]))
        row["assignments"] = _Assignments(row["assignments"])
    return rows


def unit_inbox(user):
    """A unit's assignments still to act on, soonest due first, with their proposals' row fields (案由 and
    建议, long texts the list does not show, left out)."""
    scope = scope_for(user)
    return (
        with_assignment_due_dates(Assignment.objects.filter(unit_id__in=scope.unit_ids, state__in=ACTIVE_ASSIGNMENT_STATES))
        .select_related("proposal", "unit").defer(*PROPOSAL_TEXTS)
        .order_by("due_date", "id")
    )


PROPOSAL_TEXTS = ("proposal__reason", "proposal__suggestions")  # what an assignment list leaves out of its proposals


def replies_visible_to(user):
    """Staff/office/leaders: their subtree; a unit: its own replies; signers and followers: approved replies."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Reply.objects.none()
    if scope.is_superuser:
        return Reply.objects.all()
    q = scope.committee_q("assignment__proposal__committee") if scope.read_paths else _none()
    if scope.unit_ids:
        q |= Q(assignment__unit_id__in=scope.unit_ids)
    if scope.member:
        mine = Proposal.objects.filter(_member_q(scope.member)).exclude(PRE_SUBMISSION).values("pk")
        q |= Q(assignment__proposal_id__in=mine, state=ReplyState.APPROVED)
    return Reply.objects.filter(q)


def opinions_visible_to(user):
    """会办意见: staff/office/leaders of the subtree, the co-handler itself, and the lead unit. Not the proposer."""
    scope = scope_for(user)
    if not scope.authenticated:
        return CoHandlerOpinion.objects.none()
    if scope.is_superuser:
        return CoHandlerOpinion.objects.all()
    q = scope.committee_q("assignment__proposal__committee") if scope.read_paths else _none()
    if scope.unit_ids:
        lead_of = Assignment.objects.filter(unit_id__in=scope.unit_ids, role__in=REPLYING_ROLES).exclude(
            state=AssignmentState.WITHDRAWN
        ).values("proposal_id")
        q |= Q(assignment__unit_id__in=scope.unit_ids) | Q(assignment__proposal_id__in=lead_of)
    return CoHandlerOpinion.objects.filter(q)


def contacts_visible_to(user):
    """Contact logs: like assignments (the proposer sees the contacts made with them)."""
    return ContactLog.objects.filter(assignment__in=assignments_visible_to(user))


def review_reports_visible_to(user):
    """回头看 reports: like assignments (staff and readers of the subtree, the unit, the proposer and co-signers)."""
    return ReviewReport.objects.filter(assignment__in=assignments_visible_to(user))


def ratings_visible_to(user):
    """Ratings: staff/office/leaders of the subtree, the rater, the unit whose reply was rated."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Rating.objects.none()
    if scope.is_superuser:
        return Rating.objects.all()
    q = scope.committee_q("reply__assignment__proposal__committee") if scope.read_paths else _none()
    if scope.unit_ids:
        q |= Q(reply__assignment__unit_id__in=scope.unit_ids)
    if scope.member:
        q |= Q(rater=scope.member)
    return Rating.objects.filter(q)


def attachments_visible_to(user):
    """Attachments the user may download: materials of proposals they see, reply letters of replies
    they see, opinion attachments of opinions they see."""
    proposals = proposals_visible_to(user)
    return Attachment.objects.filter(
        Q(reply__isnull=True, opinion__isnull=True, proposal__in=proposals)
        | Q(reply__in=replies_visible_to(user))
        | Q(opinion__in=opinions_visible_to(user))
    )


def can_download(user, attachment):
    """True if `user` (or the public, for approved reply letters of disclosed proposals) may download it."""
    if scope_for(user).authenticated and attachments_visible_to(user).filter(pk=attachment.pk).exists():
        return True
    return public_attachments().filter(pk=attachment.pk).exists()


def public_attachments():
    return Attachment.objects.filter(
        reply__state=ReplyState.APPROVED, reply__assignment__proposal__in=public_proposals()
    )


def contact_counts(assignment):
    """The "321" tally of one assignment: communications, meetings, public disclosures."""
    rows = dict(assignment.contacts.values_list("way").annotate(n=Count("id")))
    return {
        "communication": sum(rows.get(w, 0) for w in CONTACT_COMMUNICATION),
        "meeting": sum(rows.get(w, 0) for w in CONTACT_MEETING),
        "public": sum(rows.get(w, 0) for w in CONTACT_PUBLIC),
    }


def proposal_timeline(proposal):
    """Timeline rows of the proposal, its assignments and its co-signatures, oldest first (three queries)."""
    ct_p = ContentType.objects.get_for_model(Proposal)
    ct_a = ContentType.objects.get_for_model(Assignment)
    ct_s = ContentType.objects.get_for_model(CoSignature)
    assignment_ids = list(proposal.assignments.values_list("pk", flat=True))
    signature_ids = list(proposal.signatures.values_list("pk", flat=True))
    return (
        StateChange.objects.filter(Q(content_type=ct_p, object_id=proposal.pk) | Q(content_type=ct_a, object_id__in=assignment_ids)
                                   | Q(content_type=ct_s, object_id__in=signature_ids))
        .select_related("actor")
        .order_by("at", "id")
    )


# Which timeline rows each viewer sees: the one declaration, used by the proposal page and the API.
# Readers of the committee (staff, office viewers, leaders) see every row. Everyone else who sees the
# proposal (proposer, co-signers, followers, handling units) sees the proposal's rows except staff's
# internal marks, and of each assignment only what the proposer may know of the handling — except a
# unit, which sees all of its own assignment's rows, and a lead/separate unit, which also reads the
# co-handlers' opinions (as opinions_visible_to). A co-handling unit never reads the lead unit's internal
# notes (adjustment and extension reasons, replies under review, staff's send-backs).
TIMELINE_HIDDEN_PROPOSAL_ACTIONS = frozenset({"stage"})
TIMELINE_PUBLIC_ASSIGNMENT_ACTIONS = frozenset({
    "assign", "acknowledge", "contact", "reply_approved", "rehandle", "reassign", "extend", "close", "review_report",
})
TIMELINE_REPLYING_UNIT_SEES = frozenset({"co_opinion"})
# Co-signature rows (one per confirmation, refusal, expiry or request to confirm again): seen by everyone.
TIMELINE_SIGNATURE_ACTIONS = frozenset({"confirm_cosign", "decline_cosign", "expire_cosign", "reconfirm_cosign"})


def timeline_visible_to(user, proposal):
    """The rows of proposal_timeline(proposal) that `user` may read (a list, oldest first)."""
    rows = list(proposal_timeline(proposal))
    scope = scope_for(user)
    if scope.can_read(proposal.committee):
        return rows
    proposal_type = ContentType.objects.get_for_model(Proposal).pk
    assignment_type = ContentType.objects.get_for_model(Assignment).pk
    assignments = list(proposal.assignments.values_list("pk", "unit_id", "role"))
    own = {pk for pk, unit_id, _role in assignments if unit_id in scope.unit_ids}
    replying = any(unit_id in scope.unit_ids and role in REPLYING_ROLES for _pk, unit_id, role in assignments)
    visible = []
    for row in rows:
        if row.content_type_id == proposal_type:
            seen = row.action not in TIMELINE_HIDDEN_PROPOSAL_ACTIONS
        elif row.content_type_id == assignment_type:
            seen = (row.object_id in own or row.action in TIMELINE_PUBLIC_ASSIGNMENT_ACTIONS
                    or (replying and row.action in TIMELINE_REPLYING_UNIT_SEES))
        else:
            seen = row.action in TIMELINE_SIGNATURE_ACTIONS
        if seen:
            visible.append(row)
    return visible


def overdue_working_days(assignment, today=None):
    """Working days an active assignment is past its reply due date (0 if not overdue), on the calendar."""
    from supervision.calendar import workdays_between

    today = today or timezone.localdate()
    if assignment.state not in ACTIVE_ASSIGNMENT_STATES or assignment.due_date is None or today <= assignment.due_date:
        return 0
    return workdays_between(assignment.due_date, today)
