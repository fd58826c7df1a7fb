"""Fixtures for proposal tests: the `org` of tests/conftest.py plus a session, units and helpers.

`pw` (proposal world) adds: a term/session (十四届三次) in the county, the seeded categories, reply
categories and decline grounds, a second member to co-sign, and `pw.make(...)` helpers that drive
the services to a given state. The pages helper may use these too.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Session, Term
from proposals import services
from proposals.enums import ContactWay, ProposalKind, Satisfaction
from proposals.models import DeclineGround, ProposalCategory, ReplyCategory
from tests import sample_files
from tests.factories import make_member_user

PDF_BYTES = sample_files.PDF_BYTES  # a real PDF: uploads are parsed whole


def pdf(name="附件.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class World:
    def __init__(self, org):
        self.o = org
        self.term = Term.objects.create(committee=org.county, number=14, name="第十四届",
                                        start_date=datetime.date(2022, 1, 1), is_current=True)
        self.session = Session.objects.create(term=self.term, number=3, name="第三次会议",
                                              start_date=datetime.date(2026, 1, 10))
        # seeded by migration 0002; re-created after a transactional test flushed the tables
        self.category, _ = ProposalCategory.objects.get_or_create(committee=None, name="社会事业")
        self.cat_a, _ = ReplyCategory.objects.get_or_create(committee=None, code="A", defaults={"name": "已解决或采纳"})
        self.cat_b, _ = ReplyCategory.objects.get_or_create(
            committee=None, code="B", defaults={"name": "列入计划拟解决", "triggers_review": True})
        self.cat_c, _ = ReplyCategory.objects.get_or_create(committee=None, code="C", defaults={"name": "留作参考"})
        self.ground, _ = DeclineGround.objects.get_or_create(committee=None, name="涉及国家秘密")
        self.cosigner_user, self.cosigner = make_member_user(org.county, name="王委员")

    def draft(self, user=None, *, title="关于加强农村学校心理健康教育的建议", kind=ProposalKind.INDIVIDUAL, **fields):
        fields.setdefault("reason", "农村留守儿童心理问题突出，学校专职心理教师不足。")
        fields.setdefault("suggestions", "一、配齐心理健康教师；二、建立心理辅导室；三、开展家校共育。")
        fields.setdefault("category", self.category)
        return services.create_draft(actor=user or self.o.member_user, title=title, kind=kind, **fields)

    def submitted(self, user=None, **kw):
        p = self.draft(user, **kw)
        services.submit(proposal=p, actor=user or self.o.member_user)
        p.refresh_from_db()
        return p

    def joint_submitted(self, **kw):
        p = self.draft(kind=ProposalKind.JOINT, **kw)
        services.invite_cosigners(proposal=p, actor=self.o.member_user, members=[self.cosigner])
        services.submit(proposal=p, actor=self.o.member_user)
        sig = p.signatures.get(member=self.cosigner)
        services.confirm_cosignature(signature=sig, actor=self.cosigner_user)
        p.refresh_from_db()
        return p

    def accepted(self, **kw):
        p = self.submitted(**kw)
        return services.accept(proposal=p, actor=self.o.staff)

    def handling(self, *, co=False, **kw):
        p = self.accepted(**kw)
        services.assign_units(proposal=p, actor=self.o.staff, lead=self.o.unit,
                              co_units=[self.o.other_unit] if co else [])
        p.refresh_from_db()
        return p

    def lead(self, p):
        return p.assignments.get(unit=self.o.unit)

    def reply(self, p, *, category=None, contact=True):
        a = self.lead(p)
        if contact:
            services.record_contact(assignment=a, actor=self.o.unit_user, date=timezone.localdate(),
                                    way=ContactWay.PHONE, note="电话沟通")
        return services.submit_reply(assignment=a, actor=self.o.unit_user, category=category or self.cat_a,
                                     body="经研究，我局已于今年配齐心理健康教师。", signed_by="王局长")

    def replied(self, *, category=None, **kw):
        p = self.handling(**kw)
        r = self.reply(p, category=category)
        services.review_reply(reply=r, actor=self.o.staff, approve=True)
        p.refresh_from_db()
        r.refresh_from_db()
        return p, r

    def rate(self, reply, user=None, result=Satisfaction.SATISFIED, note=""):
        return services.rate_reply(reply=reply, actor=user or self.o.member_user, attitude=Satisfaction.SATISFIED,
                                   relevance="relevant", result=result, note=note)


@pytest.fixture
def pw(org):
    return World(org)
