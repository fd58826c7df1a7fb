"""Who sees what: drafts private, units only what is assigned, offices their subtree, public only disclosed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals import services
from proposals.enums import ProposalKind
from proposals.errors import ProposalError
from proposals.models import Attachment
from proposals.selectors import (
    can_download,
    opinions_visible_to,
    proposals_visible_to,
    public_proposals,
    replies_visible_to,
    visible_among,
)
from tests import sample_files
from tests.factories import make_member_user
from tests.proposals.conftest import PDF_BYTES, pdf

ROLES = ["member_user", "other_member_user", "far_member_user", "cosigner", "unit_user", "other_unit_user",
         "staff", "other_staff", "city_staff", "office", "leader", "superuser"]


def sees(pw, role, proposal):
    """Whether `role` sees the proposal, asked both ways: as lists ask (the member's and the supervising
    leader's proposals read as id lists first) and as a check of a few proposals does (few=True:
    subqueries of one query). Both must answer alike."""
    user = pw.cosigner_user if role == "cosigner" else getattr(pw.o, role)
    listed = proposals_visible_to(user).filter(pk=proposal.pk).exists()
    checked = proposals_visible_to(user, few=True).filter(pk=proposal.pk).exists()
    among = proposal.pk in visible_among(user, [proposal.pk])
    assert listed == checked == among, (role, listed, checked, among)
    return listed


def matrix(pw, proposal):
    return {role for role in ROLES if sees(pw, role, proposal)}


def test_draft_is_private_to_proposer(pw):
    assert matrix(pw, pw.draft()) == {"member_user"}


def test_invited_cosigner_sees_draft_once_invited(pw):
    p = pw.draft(kind=ProposalKind.JOINT)
    assert not sees(pw, "cosigner", p)
    services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner])
    assert matrix(pw, p) == {"member_user", "cosigner"}
    services.submit(proposal=p, actor=pw.o.member_user)
    assert matrix(pw, p) == {"member_user", "cosigner"}  # 联名确认中: still not with staff


def test_submitted_proposal_visible_to_officials_of_subtree(pw):
    p = pw.submitted()
    assert matrix(pw, p) == {"member_user", "staff", "city_staff", "office", "leader", "superuser"}


def test_unit_sees_only_after_assignment_to_it(pw):
    p = pw.accepted()
    assert not sees(pw, "unit_user", p)
    services.assign_units(proposal=p, actor=pw.o.staff, lead=pw.o.unit)
    assert matrix(pw, p) == {"member_user", "unit_user", "staff", "city_staff", "office", "leader", "superuser"}


def test_leader_of_other_committee_sees_key_proposal_they_supervise(pw, org):
    from members.enums import Role
    from tests.factories import make_user_with_role

    city_leader = make_user_with_role(Role.LEADER, org.city, username="city_leader")
    p = pw.accepted()
    services.mark_key(proposal=p, actor=pw.o.staff, leaders=[pw.o.leader, city_leader])
    from proposals.selectors import key_proposals_for_leader

    assert list(key_proposals_for_leader(pw.o.leader)) == [p]
    assert list(key_proposals_for_leader(city_leader)) == [p]
    for leader in (pw.o.leader, city_leader):
        assert proposals_visible_to(leader, few=True).filter(pk=p.pk).exists()
        assert visible_among(leader, [p.pk]) == {p.pk}
    with pytest.raises(ProposalError, match="不是本级政协主席会议成员"):
        services.mark_key(proposal=p, actor=pw.o.staff, leaders=[pw.o.staff])


def test_replies_only_approved_for_proposer_and_opinions_never(pw):
    p = pw.handling(co=True)
    co = p.assignments.get(unit=pw.o.other_unit)
    op = services.send_co_opinion(assignment=co, actor=pw.o.other_unit_user, body="意见")
    r = pw.reply(p)
    assert not replies_visible_to(pw.o.member_user).filter(pk=r.pk).exists()
    assert replies_visible_to(pw.o.unit_user).filter(pk=r.pk).exists()
    assert not replies_visible_to(pw.o.other_unit_user).filter(pk=r.pk).exists()
    services.review_reply(reply=r, actor=pw.o.staff, approve=True)
    assert replies_visible_to(pw.o.member_user).filter(pk=r.pk).exists()
    assert not opinions_visible_to(pw.o.member_user).filter(pk=op.pk).exists()
    assert opinions_visible_to(pw.o.unit_user).filter(pk=op.pk).exists()  # the lead unit
    assert opinions_visible_to(pw.o.staff).filter(pk=op.pk).exists()


def test_public_sees_disclosed_with_approved_reply_only(pw):
    p, r = pw.replied()
    hidden, _ = pw.replied(title="关于某企业用地问题的建议", disclosure_consent=False, nondisclosure_reason="涉及企业经营信息")
    pending = pw.handling(title="关于增设公交线路的建议")
    assert list(public_proposals()) == [p]
    assert pending not in public_proposals() and hidden not in public_proposals()


# ---- attachments


def docx_bytes(main="word/document.xml"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(main, "<doc/>")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("a.pdf", PDF_BYTES),
    ("a.png", sample_files.png_bytes()),
    ("a.jpg", sample_files.jpeg_bytes()),
    ("a.docx", docx_bytes()),
    ("a.xlsx", docx_bytes("xl/workbook.xml")),
])
def test_allowed_types_accepted_and_stored_under_generated_name(pw, name, data):
    p = pw.draft()
    a = services.add_attachment(proposal=p, actor=pw.o.member_user, uploaded=SimpleUploadedFile(name, data))
    assert a.original_name == name
    assert not a.file.name.endswith("/" + name)
    assert a.file.name.rsplit(".", 1)[1] == name.rsplit(".", 1)[1]
    assert a.size == len(data)


@pytest.mark.parametrize(("name", "data"), [
    ("fake.pdf", b"MZ\x90\x00 this is an exe"),
    ("fake.docx", b"PK\x03\x04 not really a zip"),
    ("a.zip.docx", docx_bytes("other/file.xml")),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
])
def test_wrong_content_rejected(pw, name, data):
    p = pw.draft()
    with pytest.raises(ProposalError, match="文件类型不允许"):
        services.add_attachment(proposal=p, actor=pw.o.member_user, uploaded=SimpleUploadedFile(name, data))
    assert not Attachment.objects.exists()


def test_oversized_rejected(pw, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    p = pw.draft()
    with pytest.raises(ProposalError, match="文件过大"):
        services.add_attachment(proposal=p, actor=pw.o.member_user,
                                uploaded=SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000))


def test_download_permissions_follow_visibility(pw):
    p = pw.draft()
    a = services.add_attachment(proposal=p, actor=pw.o.member_user, uploaded=pdf())
    assert can_download(pw.o.member_user, a)
    assert not can_download(pw.o.staff, a)  # a draft is private
    services.submit(proposal=p, actor=pw.o.member_user)
    assert can_download(pw.o.staff, a)
    assert not can_download(pw.o.other_member_user, a)
    assert not can_download(pw.o.unit_user, a)
    assert not can_download(pw.o.other_staff, a)
    from django.contrib.auth.models import AnonymousUser

    assert not can_download(AnonymousUser(), a)


def test_a_leader_who_is_a_member_lists_their_drafts_and_the_key_proposals_they_supervise(pw, org):
    # a chair is a leader of their committee and a member of it: the list reads both id lists by one query
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.enums import Role
    from members.models import RoleAssignment

    chair = pw.o.far_member_user  # 赵委员, a member of 来安县政协
    RoleAssignment.objects.create(user=chair, role=Role.LEADER, committee=org.other_county)
    supervised = pw.accepted()  # a 南谯区 proposal: outside the chair's subtree
    services.mark_key(proposal=supervised, actor=pw.o.staff, leaders=[pw.o.leader])
    supervised.supervising_leaders.add(chair)
    own_draft = services.create_draft(actor=chair, title="本人草稿", reason="案由" * 10, suggestions="建议" * 10)
    colleague = make_member_user(org.other_county, name="钱委员")[0]
    their_draft = services.create_draft(actor=colleague, title="同事草稿", reason="案由" * 10, suggestions="建议" * 10)
    others = {pw.draft().pk, pw.submitted().pk}  # 南谯区's others: not the chair's
    with CaptureQueriesContext(connection) as ctx:
        listed = set(proposals_visible_to(chair).values_list("pk", flat=True))
    assert {supervised.pk, own_draft.pk} <= listed and their_draft.pk not in listed
    assert not others & listed
    id_queries = [q for q in ctx.captured_queries if "UNION ALL" in q["sql"]]
    assert len(id_queries) == 1 and "supervising_leaders" in id_queries[0]["sql"]
    for p in (supervised, own_draft, their_draft):
        assert (p.pk in listed) == proposals_visible_to(chair, few=True).filter(pk=p.pk).exists()
