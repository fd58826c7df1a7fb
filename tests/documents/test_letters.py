"""The reply letter as an office files it: GB/T 9704-2012 geometry and fonts, worded for its addressee,
named after its unit — read back from the generated DOCX."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from portal.documents.letter import LINE_PITCH, Letter, chinese_date, title_lines
from proposals import services
from proposals.enums import ProposalKind
from proposals.letters import reply_letter_docx
from tests.factories import SpecialCommitteeFactory, make_member_user
from tests.proposals import builders as b

from .docx_read import all_runs, open_docx, paragraphs_text, run_font, run_text, section_geometry

ALLOWED_EAST_ASIAN = {"仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"}


def stored_letter(reply):
    attachment = reply.attachments.get()
    with attachment.file.open("rb") as f:
        return attachment, f.read()


@pytest.fixture
def replied(org):
    SpecialCommitteeFactory(committee=org.county, name="提案委员会")
    p = b.handling(org)
    reply = b.reply(org, p)
    reply.letter_number = "南教函〔2026〕12号"
    reply.contact_name, reply.contact_phone = "李老师", "0550-1234567"
    reply.save()
    return reply


def test_reply_letter_is_a4_with_the_standard_margins_grid_and_fonts(replied):
    attachment, content = stored_letter(replied)
    document = open_docx(content)
    geometry = section_geometry(document)
    assert geometry["width"] == pytest.approx(210, abs=0.1) and geometry["height"] == pytest.approx(297, abs=0.1)
    assert (round(geometry["top"]), round(geometry["bottom"]), round(geometry["left"]), round(geometry["right"])) \
        == (37, 35, 28, 26)
    # 22 lines in the 225 mm type area: the grid pitch and every paragraph's exact line spacing
    assert int(geometry["grid"]["linePitch"]) == LINE_PITCH == 579
    assert 22 * LINE_PITCH <= (297 - 37 - 35) * 1440 / 25.4 < 23 * LINE_PITCH
    for paragraph in document.paragraphs:
        spacing = paragraph._p.pPr.find(qn("w:spacing"))
        assert spacing.get(qn("w:lineRule")) == "exact"
    # every run names its east-Asian font and is Chinese; the body is 三号, the title 二号 小标宋
    runs = all_runs(document)
    fonts = {run_text(r): run_font(r) for r in runs}
    assert all(font in ALLOWED_EAST_ASIAN and lang == "zh-CN" for font, _size, lang in fonts.values()), fonts
    assert fonts["经研究，已于今年配齐心理健康教师。"] == ("仿宋_GB2312", 16, "zh-CN")
    title = [f for text, f in fonts.items() if text.startswith("关于南谯区政协")]
    assert title and all(f[:2] == ("方正小标宋简体", 22) for f in title)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f'.//{qn("w:lang")}').get(qn("w:eastAsia")) == "zh-CN"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    # fallbacks an office without the GB2312 faces still has
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert '<w:altName w:val="仿宋"/>' in font_table.blob.decode()
    # the file name names the unit
    assert attachment.original_name == "南谯区教育局-关于第0001号提案的答复.docx"


def test_letterhead_number_signer_date_and_copies_where_the_standard_puts_them(replied):
    content = reply_letter_docx(replied)  # with the number and contact the fixture added
    document = open_docx(content)
    section = document.sections[0]
    assert section.different_first_page_header_footer  # 信函格式: the letterhead on page 1, no page number
    head = section.first_page_header.paragraphs[0]
    assert head.text == "南谯区教育局"
    assert head._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    text = paragraphs_text(document)
    assert text[0] == "签发人：王局长\t南教函〔2026〕12号"  # under the rule: signer left, number flush right
    day = chinese_date(timezone.localdate())
    assert day in text and not any("年0" in line or "月0" in line for line in text)
    date = document.paragraphs[text.index(day)]
    assert date.alignment == 2 and date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"  # 右空四字
    assert "（联系人：李老师，联系电话：0550-1234567）" in text
    assert "抄送：南谯区政协提案委员会。" in text
    copies = document.paragraphs[text.index("抄送：南谯区政协提案委员会。")]
    assert copies._p.pPr.find(qn("w:framePr")).get(qn("w:yAlign")) == "bottom"  # at the foot of the last page
    assert run_font(copies.runs[0]._r)[:2] == ("仿宋_GB2312", 14)  # 四号


def test_page_numbers_are_dashed_songti_odd_right_even_left(replied):
    _attachment, content = stored_letter(replied)
    document = open_docx(content)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert " PAGE " in xml and paragraph.alignment == alignment
        assert {run_font(r._r)[:2] for r in paragraph.runs if r.text.strip()} == {("宋体", 14)}
    assert "PAGE" not in section.first_page_footer._element.xml


@pytest.mark.parametrize("kind, opening, closing, never", [
    (ProposalKind.INDIVIDUAL, "你提出的《", "感谢你对我们工作的关心和支持。", ("你们", "贵单位", "您")),
    (ProposalKind.JOINT, "你们联名提出的《", "感谢你们对我们工作的关心和支持。", ("你提出", "感谢你对", "贵单位", "您")),
    (ProposalKind.COLLECTIVE, "贵单位提出的《", "感谢贵单位对我们工作的关心和支持。", ("你", "您", "委员：")),
])
def test_wording_follows_the_addressee_from_salutation_to_closing(org, kind, opening, closing, never):
    fields = {"collective_name": "民盟南谯区基层委员会"} if kind == ProposalKind.COLLECTIVE else {}
    p = b.draft(org, kind=kind, **fields)
    if kind == ProposalKind.JOINT:
        cosigner_user, cosigner = make_member_user(org.county, name="王五")
        services.invite_cosigners(proposal=p, actor=org.member_user, members=[cosigner])
        services.submit(proposal=p, actor=org.member_user)
        services.confirm_cosignature(signature=p.signatures.get(member=cosigner), actor=cosigner_user)
    else:
        services.submit(proposal=p, actor=org.member_user)
    services.accept(proposal=p, actor=org.staff)
    services.assign_units(proposal=p, actor=org.staff, lead=org.unit, co_units=[])
    reply = b.reply(org, p)
    text = "\n".join(paragraphs_text(open_docx(reply_letter_docx(reply))))
    salutation = {ProposalKind.INDIVIDUAL: "张委员委员：", ProposalKind.JOINT: "张委员、王五委员：",
                  ProposalKind.COLLECTIVE: "民盟南谯区基层委员会："}[kind]
    assert salutation in text and opening in text and closing in text
    assert not [word for word in never if word in text]


def test_reply_form_shows_what_the_letter_adds_around_the_units_text(client, org):
    p = b.handling(org, kind=ProposalKind.COLLECTIVE, collective_name="民盟南谯区基层委员会")
    assignment = b.lead(org, p)
    client.force_login(org.unit_user)
    page = client.get(reverse("proposals:assignment", args=[assignment.pk])).content.decode()
    frame = page[page.index('data-testid="letter-frame"'):page.index('data-testid="reply-form"')]
    for line in ("南谯区教育局", "民盟南谯区基层委员会：", f"贵单位提出的《{p.title}》提案收悉，现答复如下：",
                 "感谢贵单位对我们工作的关心和支持。"):
        assert line in frame


def test_titles_break_into_an_inverted_trapezoid_at_word_ends():
    assert title_lines("关于临沭县政协十四届五次会议第0011号提案的答复") == ["关于临沭县政协十四届五次会议", "第0011号提案的答复"]
    lines = title_lines("关于进一步加强和改进全县农村中小学校心理健康教育工作推动城乡教育均衡发展的建议的答复")
    assert len(lines) == 3 and all(len(a) >= len(b_) for a, b_ in zip(lines, lines[1:]))
    assert "中小学" in "".join(lines[1:2]) or "中小学" in lines[0]  # the word is not cut


def test_ordinary_format_draws_the_record_rules_and_numbers_every_page():
    letter = Letter(issuer="南谯区政协办公室", title="关于召开协商座谈会的通知", addressee="各委员",
                    paragraphs=["定于3月5日召开座谈会。"], date=datetime.date(2026, 3, 5), copies=["区委办公室"],
                    letterhead=False)
    document = open_docx(letter.to_bytes())
    assert "2026年3月5日" in paragraphs_text(document)
    assert not document.sections[0].different_first_page_header_footer
    copies = next(p for p in document.paragraphs if p.text.startswith("抄送"))
    borders = copies._p.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:top")) is not None and borders.find(qn("w:bottom")) is not None
