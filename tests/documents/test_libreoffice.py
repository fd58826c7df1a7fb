"""A reply letter and a member workbook printed to PDF by LibreOffice, as an office would print them: the pages
are A4 (the workbook landscape), the letter sets 22 lines of 28 characters, the workbook repeats its header.

Needs `soffice` (Debian: libreoffice-writer-nogui, libreoffice-calc-nogui, fonts-noto-cjk; .ci/run installs
them). Skipped with a notice where it is missing; in CI (CI=true) a missing soffice fails the test."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.documents.letter import Letter
from proposals.letters import reply_letter_docx
from tests.factories import MemberFactory
from tests.proposals import builders as b

A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which("soffice")
    if path is None:
        message = ("LibreOffice (soffice) is not installed: install libreoffice-writer-nogui, "
                   "libreoffice-calc-nogui and fonts-noto-cjk to check documents as printed")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def to_pdf(soffice, name, content) -> PdfReader:
    """Convert with a profile of our own (parallel runs do not share LibreOffice's user installation)."""
    with tempfile.TemporaryDirectory(prefix="documents-lo-") as tmp:
        source = Path(tmp) / name
        source.write_bytes(content)
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=180)
        pdf = source.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"
        return PdfReader(pdf)


def page_lines(page):
    """The text lines of a page, top to bottom: [(baseline y, x of the first glyph, text)]."""
    pieces = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: pieces.append((round(tm[5], 1), tm[4], text))
                      if text.strip() else None)
    rows = {}
    for y, x, text in pieces:
        rows.setdefault(y, []).append((x, text))
    return [(y, min(rows[y])[0], "".join(t for _x, t in sorted(rows[y])).replace("\n", ""))
            for y in sorted(rows, reverse=True)]


def assert_size(page, width, height):
    assert float(page.mediabox.width) == pytest.approx(width, abs=1)
    assert float(page.mediabox.height) == pytest.approx(height, abs=1)


def test_reply_letter_prints_on_one_a4_page(soffice, org):
    reply = b.reply(org, b.handling(org))
    pdf = to_pdf(soffice, "答复函.docx", reply_letter_docx(reply))
    assert len(pdf.pages) == 1
    assert_size(pdf.pages[0], *A4)
    text = pdf.pages[0].extract_text()
    assert "南谯区教育局" in text and "经研究，已于今年配齐心理健康教师。" in text


def test_long_letter_sets_22_lines_of_28_characters_and_numbers_its_pages(soffice):
    sentence = "经研究，已于今年配齐心理健康教师，并在全县中小学建立心理辅导室。"  # 32 characters
    letter = Letter(issuer="临沭县教育局", number="临教函〔2026〕12号", title="关于临沭县政协十四届五次会议第0011号提案的答复",
                    addressee="张三委员", paragraphs=[sentence * 3] * 20, copies=["临沭县政协提案委员会"])
    pdf = to_pdf(soffice, "长函.docx", letter.to_bytes())
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert_size(page, *A4)
    middle = page_lines(pdf.pages[1])  # a page of body text only
    body = [line for line in middle if not line[2].startswith("—")]
    assert len(body) == 22  # 22 lines a page
    full = [text for _y, x, text in body if x < 82]  # lines starting at the left edge of the type area
    assert max(len(text) for text in full) == 28  # 28 characters a line
    numbers = {i + 1: next((t for _y, _x, t in page_lines(p) if t.startswith("—")), None)
               for i, p in enumerate(pdf.pages)}
    assert numbers[1] is None  # 信函格式: no page number on the first page
    assert numbers[2] == "— 2 —" and numbers[3] == "— 3 —"
    number_x = {i: next(x for _y, x, t in page_lines(pdf.pages[i - 1]) if t.startswith("—")) for i in (2, 3)}
    assert number_x[2] < 200 < number_x[3]  # even pages left, odd pages right
    last = page_lines(pdf.pages[-1])
    assert any(t == "抄送：临沭县政协提案委员会。" for _y, _x, t in last)


def test_member_workbook_prints_landscape_with_its_header_on_every_page(soffice, client, org):
    for i in range(80):
        MemberFactory(committee=org.county, name=f"委员{i:03d}", employer="南谯区第一中学")
    client.force_login(org.staff)
    response = client.get("/members/export.xlsx")
    pdf = to_pdf(soffice, "委员名单.xlsx", response.content)
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        assert_size(page, A4[1], A4[0])  # landscape
        text = page.extract_text()
        assert "南谯区政协 委员名单" in text and "姓名" in text  # print titles on every page
