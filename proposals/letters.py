"""The reply letter (答复函) as DOCX, generated from the reply form with python-docx.

East Asian text needs the `w:eastAsia` font attribute set, or Word falls back to a Latin font.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .enums import CoSignatureState, ProposalKind

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _font(run, name, size):
    run.font.name = name
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _para(doc, text, *, font=BODY_FONT, size=16, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size)
    return p


def letter_title(proposal):
    """关于临沭县政协十四届五次会议第0011号提案的答复 (the number is the session's sequence)."""
    if proposal.session_id and proposal.sequence:
        return f"关于{proposal.committee.name}{proposal.session.code}会议第{proposal.sequence:04d}号提案的答复"
    return f"关于{proposal.committee.name}第{proposal.number or proposal.pk}号提案的答复"


def addressees(proposal):
    """Who the letter is addressed to: "张三、李四委员：" — every confirmed signer of a joint proposal (the
    proposer first), the proposer alone otherwise, the collective's name for a collective proposal."""
    if proposal.kind == ProposalKind.COLLECTIVE:
        return f"{proposal.proposer_display}："
    names = []
    if proposal.kind == ProposalKind.JOINT:
        names = [s.member.name for s in proposal.signatures.filter(state=CoSignatureState.CONFIRMED)
                 .select_related("member").order_by("order", "id")]
    return f"{'、'.join(names or [proposal.proposer_display])}委员："


def generated_name(proposal):
    """The file name of a generated letter (so a corrected category can be written into it again)."""
    return f"答复函-{proposal.number or proposal.pk}.docx"


def reply_letter_docx(reply) -> bytes:
    """Bytes of a DOCX reply letter: title, number, salutation, body, category, signature, contact."""
    assignment = reply.assignment
    proposal = assignment.proposal
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _para(doc, f"{assignment.unit.name}", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, letter_title(proposal), font=TITLE_FONT, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if reply.letter_number:
        _para(doc, reply.letter_number, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, addressees(proposal), indent=False)
    if proposal.kind == ProposalKind.COLLECTIVE:  # a party, sector or committee, not a member
        _para(doc, f"贵单位提出的《{proposal.title}》提案收悉，现答复如下：")
    elif "、" in addressees(proposal):  # several signers
        _para(doc, f"你们联名提出的《{proposal.title}》提案收悉，现答复如下：")
    else:
        _para(doc, f"您提出的《{proposal.title}》提案收悉，现答复如下：")
    for line in reply.body.splitlines():
        if line.strip():
            _para(doc, line.strip())
    _para(doc, f"答复类别：{reply.category.code} 类（{reply.category.name}）")
    _para(doc, "感谢您对我们工作的关心和支持。")
    if reply.signed_by:
        _para(doc, f"签发人：{reply.signed_by}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, assignment.unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    day = timezone.localdate(reply.submitted_at) if reply.submitted_at else timezone.localdate()
    _para(doc, f"{day:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if reply.contact_name or reply.contact_phone:
        _para(doc, f"联系人：{reply.contact_name}　联系电话：{reply.contact_phone}", size=12, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
