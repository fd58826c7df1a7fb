"""The reply letter (答复函): a GB/T 9704 letter (portal.documents.letter) generated from the reply form.

The letter is the handling unit's: its name heads the letter and signs it. Around the text the unit wrote it
adds the salutation, the opening line and the closing, worded for whom it answers — one proposer (你),
joint proposers (你们) or a collective (贵单位) — the same from salutation to closing. The reply form shows
these lines (`letter_frame`) so the unit does not write them twice. The letter's wording is Chinese whatever
the interface language: it is an official document.
"""

from dataclasses import dataclass

from django.utils import timezone

from portal.documents.letter import Letter, chinese_date
from portal.documents.names import document_filename

from .enums import CoSignatureState, ProposalKind


def letter_title(proposal):
    """关于临沭县政协十四届五次会议第0011号提案的答复 (the number is the session's sequence)."""
    if proposal.session_id and proposal.sequence:
        return f"关于{proposal.committee.name}{proposal.session.code}会议第{proposal.sequence:04d}号提案的答复"
    return f"关于{proposal.committee.name}第{proposal.number or proposal.pk}号提案的答复"


@dataclass(frozen=True)
class Addressing:
    """How the letter speaks to its addressee, from salutation to closing."""

    salutation: str  # 张三委员 / 张三、李四委员 / 民盟临沭县基层委员会 (the colon is the letter's)
    you: str  # 你 / 你们 / 贵单位

    def opening(self, title):
        joint = "联名" if self.you == "你们" else ""
        return f"{self.you}{joint}提出的《{title}》提案收悉，现答复如下："

    @property
    def closing(self):
        return f"感谢{self.you}对我们工作的关心和支持。"


def addressing(proposal) -> Addressing:
    """A collective proposal is answered to the collective (贵单位); a joint one to every confirmed signer,
    the proposer first (你们, or 你 when no co-signer confirmed); an individual one to its proposer (你)."""
    if proposal.kind == ProposalKind.COLLECTIVE:
        return Addressing(proposal.proposer_display, "贵单位")
    names = []
    if proposal.kind == ProposalKind.JOINT:
        names = [s.member.name for s in proposal.signatures.filter(state=CoSignatureState.CONFIRMED)
                 .select_related("member").order_by("order", "id")]
    names = list(dict.fromkeys(names or [proposal.proposer_display]))
    return Addressing(f"{'、'.join(names)}委员", "你们" if len(names) > 1 else "你")


def addressees(proposal):
    """The salutation line: "张三、李四委员：" or "民盟临沭县基层委员会："."""
    return f"{addressing(proposal).salutation}："


def category_line(category):
    return f"答复类别：{category.code} 类（{category.name}）"


def letter_frame(assignment):
    """What the generated letter adds around the unit's text, for the reply form's preview:
    {"head": [...lines before the text], "tail": [...lines after it]}."""
    proposal = assignment.proposal
    words = addressing(proposal)
    return {
        "head": [assignment.unit.name, letter_title(proposal), f"{words.salutation}：", words.opening(proposal.title)],
        "tail": [words.closing, assignment.unit.name, chinese_date(timezone.localdate())],
    }


def _copies(proposal):
    """抄送 the committee's proposal committee (提案委员会) when it has one."""
    special = proposal.committee.special_committees.filter(name__contains="提案").order_by("id").first()
    return [f"{proposal.committee.name}{special.name}"] if special else []


def reply_letter(reply) -> Letter:
    assignment = reply.assignment
    proposal = assignment.proposal
    words = addressing(proposal)
    day = timezone.localdate(reply.submitted_at) if reply.submitted_at else timezone.localdate()
    contact = "，".join(part for part in (
        f"联系人：{reply.contact_name}" if reply.contact_name else "",
        f"联系电话：{reply.contact_phone}" if reply.contact_phone else "",
    ) if part)
    return Letter(
        issuer=assignment.unit.name, number=reply.letter_number, signer=reply.signed_by,
        title=letter_title(proposal), addressee=words.salutation,
        paragraphs=[words.opening(proposal.title), *reply.body.splitlines(), category_line(reply.category),
                    words.closing],
        date=day, note=contact, copies=_copies(proposal),
    )


def reply_letter_docx(reply) -> bytes:
    """Bytes of the DOCX reply letter (GB/T 9704 letter format)."""
    return reply_letter(reply).to_bytes()


def generated_name(reply):
    """The generated letter's file name names its unit: 临沭县教育局-关于第0011号提案的答复.docx."""
    proposal = reply.assignment.proposal
    number = f"{proposal.sequence:04d}" if proposal.sequence else (proposal.number or proposal.pk)
    return document_filename(reply.assignment.unit.name, f"关于第{number}号提案的答复", ext="docx")


def generated_names(reply):
    """Names a generated letter of this reply may carry (earlier versions named it 答复函-<案号>.docx)."""
    proposal = reply.assignment.proposal
    return [generated_name(reply), f"答复函-{proposal.number or proposal.pk}.docx"]
