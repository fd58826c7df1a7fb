"""Due dates of assignments and co-signatures, read from their Obligations (the only due date).

An assignment's reply due date is the due date of its latest reply obligation that was not waived
(答复 / 会办意见 / 修改答复 / 重新办理: the kinds in REPLY_KINDS, subject the Assignment); a
co-signature's is its co-signing obligation's. Lists annotate them in the same query
(`with_assignment_due_dates`, `with_signature_due_dates`); a single instance reads them through the
models' `due_date` properties (one query, cached on the instance).
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery

from supervision.enums import ObligationKind, ObligationState
from supervision.models import Obligation

from .models import Assignment, CoSignature

REPLY_KINDS = (ObligationKind.PROPOSAL_REPLY, ObligationKind.PROPOSAL_REHANDLE)


def _about(model):
    """Obligations whose subject is a `model` row, matched by the content type's natural key inside the
    query (no separate content-type lookup, so a list costs the same first time and every time). The
    content type is an uncorrelated subquery, which PostgreSQL runs once per query; a join to it was
    repeated for each row of a list (a scan of django_content_type per assignment)."""
    content_type = ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name)
    return Q(subject_type_id=Subquery(content_type.values("id")[:1]))


def reply_obligations():
    """The obligations that carry assignments' reply due dates (waived ones are no longer owed)."""
    return Obligation.objects.filter(_about(Assignment), kind__in=REPLY_KINDS).exclude(state=ObligationState.WAIVED)


def cosign_obligations():
    return Obligation.objects.filter(_about(CoSignature), kind=ObligationKind.PROPOSAL_COSIGN)


def _latest(obligations, field, outer="pk"):
    return Subquery(obligations.filter(subject_id=OuterRef(outer)).order_by("-id").values(field)[:1])


@cache
def assignment_due_date(outer="pk"):
    """Expression: the reply due date of the assignment whose pk is OuterRef(outer). Built once: a query
    that uses an expression resolves a copy of it, so one serves every list (building it was a tenth of
    the API list's time)."""
    return _latest(reply_obligations(), "due_date", outer)


@cache
def assignment_original_due_date(outer="pk"):
    """Expression: the reply due date before extensions (built once, as assignment_due_date)."""
    return _latest(reply_obligations(), "original_due_date", outer)


def with_assignment_due_dates(qs):
    """Annotate `due_date` and `original_due_date` (before extensions) on an Assignment queryset."""
    return qs.annotate(due_date=assignment_due_date(), original_due_date=assignment_original_due_date())


def with_signature_due_dates(qs):
    """Annotate `due_date` (the confirmation deadline) on a CoSignature queryset."""
    return qs.annotate(due_date=_latest(cosign_obligations(), "due_date"))


def reply_obligation_of(assignment):
    """The assignment's current reply obligation, or None."""
    return reply_obligations().filter(subject_id=assignment.pk).order_by("-id").first()


def assignment_dates(assignment):
    """(due_date, original_due_date) of one assignment: one query."""
    row = reply_obligations().filter(subject_id=assignment.pk).order_by("-id").values_list(
        "due_date", "original_due_date").first()
    return row or (None, None)


def signature_due_date(signature):
    return cosign_obligations().filter(subject_id=signature.pk).order_by("-id").values_list("due_date", flat=True).first()
