"""Proposals in a given state, built through the services from the `org` fixture alone.

Used by the page tests, the access matrix rows of the proposal pages (tests/proposals/page_matrix.py)
and the query-count hooks (tests/test_query_counts.py), which have no `pw` fixture.
"""

import datetime
import importlib
import itertools

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Session, Term
from proposals import services
from proposals.enums import ContactWay, ProposalKind
from proposals.models import ProposalCategory, ReplyCategory
from tests import sample_files

PDF_BYTES = sample_files.PDF_BYTES  # a real PDF: uploads are parsed whole
_n = itertools.count(1)


def pdf(name="附件.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def seed_lists():
    """The shared categories, decline grounds and reply categories of the data migration (a transactional
    test flushes them from a reused test database), written again if missing."""
    if not ReplyCategory.objects.filter(committee=None).exists():
        importlib.import_module("proposals.migrations.0002_default_lists").seed(apps, None)


def session(o):
    seed_lists()
    term, _ = Term.objects.get_or_create(committee=o.county, number=14, defaults={
        "name": "第十四届", "start_date": datetime.date(2022, 1, 1), "is_current": True})
    found, _ = Session.objects.get_or_create(term=term, number=3, defaults={
        "name": "第三次会议", "start_date": datetime.date(2026, 1, 10)})
    return found


def draft(o, user=None, *, title=None, kind=ProposalKind.INDIVIDUAL, **fields):
    fields.setdefault("session", session(o))
    fields.setdefault("reason", "农村留守儿童心理问题突出，学校专职心理教师不足。")
    fields.setdefault("suggestions", "一、配齐心理健康教师；二、建立心理辅导室。")
    fields.setdefault("category", ProposalCategory.objects.get(committee=None, name="社会事业"))
    return services.create_draft(actor=user or o.member_user, title=title or f"关于加强学校心理健康教育的建议{next(_n)}",
                                 kind=kind, **fields)


def submitted(o, user=None, **kw):
    p = draft(o, user, **kw)
    services.submit(proposal=p, actor=user or o.member_user)
    p.refresh_from_db()
    return p


def cosigning(o):
    """A joint proposal of o.member waiting for o.other_member's answer."""
    p = draft(o, kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=o.member_user, members=[o.other_member])
    services.submit(proposal=p, actor=o.member_user)
    p.refresh_from_db()
    return p


def accepted(o, **kw):
    return services.accept(proposal=submitted(o, **kw), actor=o.staff)


def handling(o, *, co=False, **kw):
    p = accepted(o, **kw)
    services.assign_units(proposal=p, actor=o.staff, lead=o.unit, co_units=[o.other_unit] if co else [])
    p.refresh_from_db()
    return p


def lead(o, p):
    return p.assignments.get(unit=o.unit)


def reply(o, p, *, code="A"):
    """o.unit records a contact and replies (awaiting review)."""
    a = lead(o, p)
    if not a.contacts.exists():
        services.record_contact(assignment=a, actor=o.unit_user, date=timezone.localdate(), way=ContactWay.PHONE,
                                note="电话沟通")
    return services.submit_reply(assignment=a, actor=o.unit_user, category=ReplyCategory.objects.get(committee=None, code=code),
                                 body="经研究，已于今年配齐心理健康教师。", signed_by="王局长")


def replied(o, **kw):
    """A proposal with an approved reply (disclosed by default, so public)."""
    p = handling(o, **kw)
    r = reply(o, p)
    services.review_reply(reply=r, actor=o.staff, approve=True)
    p.refresh_from_db()
    r.refresh_from_db()
    return p, r


def lookback(o):
    """o.unit's lead assignment with an approved B-category reply: 已答复, its 回头看 Obligation pending."""
    p = handling(o)
    services.review_reply(reply=reply(o, p, code="B"), actor=o.staff, approve=True)
    return lead(o, p)


def review_report(o):
    return services.record_review_report(assignment=lookback(o), actor=o.unit_user, progress=50, note="已完成一半")


def adjustment(o):
    p = handling(o)
    return services.request_adjustment(assignment=lead(o, p), actor=o.unit_user, reason="不属于本单位职责")


def extension(o):
    p = handling(o)
    a = lead(o, p)
    return services.request_extension(assignment=a, actor=o.unit_user, reason="需要调研",
                                      requested_due_date=a.due_date + datetime.timedelta(days=30))


def material(o):
    """A material attachment of a submitted proposal."""
    p = draft(o)
    attachment = services.add_attachment(proposal=p, actor=o.member_user, uploaded=pdf())
    services.submit(proposal=p, actor=o.member_user)
    return attachment


# ---- row makers for tests/test_query_counts.py: (org, n) -> n more rows the asking user sees


def make_drafts_and_handled(o, n):
    """For the member list: half drafts, half in handling with units (so assignments are prefetched)."""
    for i in range(n):
        handling(o, co=True) if i % 2 else draft(o)


def make_handled(o, n):
    for _ in range(n):
        handling(o, co=True)


def make_public(o, n):
    for _ in range(n):
        replied(o)


def make_review_reports(o, n):
    for _ in range(n):
        review_report(o)
