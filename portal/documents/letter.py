"""Letters (函) as DOCX laid out by GB/T 9704-2012 (党政机关公文格式), built once for every document the
portal issues: proposal replies now, consultation and supervision letters later.

    Letter(issuer="临沭县教育局", number="临教函〔2026〕12号", signer="王局长",
           title="关于……的答复", addressee="张三委员", paragraphs=["……"],
           date=datetime.date(2026, 3, 5), copies=["临沭县政协提案委员会"]).to_bytes()

The layout (see /work/shared/DOCUMENTS.md and the standard):
- A4 210 × 297 mm, margins top 37, bottom 35, left 28, right 26 mm: a 156 × 225 mm type area.
- 22 lines of 28 characters: a line grid (w:docGrid, linePitch 579 twips) with every paragraph's line spacing
  exactly that pitch, and body characters condensed to 15.75 pt (see GRID_TYPE), so Word and LibreOffice
  both set 22 lines of 28 characters on a page.
- Body 仿宋 三号 (16 pt); first-level headings (一、) 黑体, second-level ((一)) 楷体; the title 小标宋 二号
  (22 pt) centred. Numbers and Latin text in Times New Roman.
- 信函格式 (the letter format used for 函, the default): the issuer's full name centred in red 小标宋 with a
  red double rule 170 mm long beneath it, the 发文字号 flush right under the rule (签发人 on the same line,
  flush left, when given), no page number on the first page; a second red double rule 20 mm above the
  bottom edge of the first page.
- The date in Arabic numerals without leading zeros (2026年3月5日), right-aligned four characters from the
  edge, the issuer's name centred over it (room for the seal, which is stamped, never drawn).
- 附注 (e.g. the contact person) in brackets under the date, two characters in.
- Page numbers "— 1 —" 四号 宋体 7 mm below the type area, odd pages right and even pages left, one
  character in (w:evenAndOddHeaders).
- 抄送 in the 版记 at the foot of the last page, 四号 仿宋, one character in on each side. In the letter
  format the standard (§10.1) draws no 分隔线 in the 版记; in the ordinary format (letterhead=False) it sits
  between rules, thick outside and thin inside.

Fonts. Word cannot chain fonts, so every run names its east-Asian font (w:eastAsia) and the font table
gives each GB2312 name an alternative (w:altName) that Word substitutes when the first is missing:
  仿宋_GB2312 → 仿宋   (仿宋_GB2312 is the face the standard's templates name and that offices install with
                        the official font pack; 仿宋 ships with every Windows since Vista and with WPS)
  楷体_GB2312 → 楷体,  方正小标宋简体 → 华文中宋 (installed with Microsoft Office), 黑体 and 宋体 (every Windows).
The document language is zh-CN (w:lang w:eastAsia on the document defaults, w:themeFontLang), so Word and
LibreOffice apply Chinese line breaking and pick a Chinese face when substituting (Noto CJK SC on Linux).
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# ---- geometry, in twentieths of a point (twips)

TWIPS_PER_MM = 1440 / 25.4


def mm(value) -> int:
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH, PAGE_HEIGHT = mm(210), mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = mm(37), mm(35), mm(28), mm(26)
TYPE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TYPE_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_SIZE, TITLE_SIZE, SMALL_SIZE = 16, 22, 14  # 三号, 二号, 四号 (points)
LINE_PITCH = TYPE_HEIGHT // LINES_PER_PAGE  # 579 twips ≈ 28.95 pt: 22 lines fit, 23 do not
CHAR_PITCH = TYPE_WIDTH / CHARS_PER_LINE  # ≈ 315.9 twips ≈ 15.79 pt: 28 characters of 16 pt fit in 156 mm
# w:charSpace: how much the character pitch differs from the default font size, in 1/4096 pt (Word's
# "28 characters a line"); recorded on the grid, but see GRID_TYPE.
CHAR_SPACE = round((CHAR_PITCH / 20 - BODY_SIZE) * 4096)
# The grid is a line grid (w:type="lines"), not "linesAndChars": LibreOffice lays a linesAndChars grid out with
# square cells a line pitch wide, which halves the line to 14 characters (Word honours charSpace, LibreOffice
# does not). 28 characters a line come instead from condensing body runs by a quarter point: 16 pt − 0.25 pt =
# 15.75 pt a character, 28 of them fit the 156 mm (442.3 pt) line in Word and LibreOffice alike.
GRID_TYPE = "lines"
BODY_CONDENSE = -5  # twips
PAGE_NUMBER_GAP = mm(7)  # page number 7 mm below the type area
FOOTER_DISTANCE = MARGIN_BOTTOM - PAGE_NUMBER_GAP - SMALL_SIZE * 20  # bottom edge → foot of the number line
RULE_OVERHANG = mm(7)  # the letterhead rules are 170 mm long: 7 mm beyond the type area each side
LOWER_RULE_FROM_BOTTOM = mm(20)
LETTERHEAD_TOP = mm(30)  # 信函格式: the issuer's name 30 mm from the top edge
LETTERHEAD_LEADING = 6  # points above and below the name's glyphs in its exactly spaced line
RED = "FF0000"

# ---- fonts (see the module docstring for the choice)

FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"
LATIN = "Times New Roman"
FONT_ALTERNATIVES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "华文中宋"}

HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING_MAX = 40  # a heading sentence longer than this is body text that happens to be numbered


def chinese_date(day: datetime.date) -> str:
    """2026年3月5日: the year in full, month and day without leading zeros (GB/T 9704 §7.3.5.3)."""
    return f"{day.year}年{day.month}月{day.day}日"


TITLE_BREAK_AFTER = ("的", "会议", "号", "于", "和", "与", "及", "、", "关于")


def title_lines(title: str, per_line: float = TYPE_WIDTH / 20 / TITLE_SIZE) -> list:
    """The title split into lines of an inverted trapezoid (each line no shorter than the next), breaking after
    a word end (的, 会议, 号 …) near an even split rather than mid-word where Word would."""
    width = text_width(title)
    if width <= per_line:
        return [title]
    count = int(-(-width // per_line))
    target = width / count
    word_ends = _word_ends(title)
    best, best_cost = None, None
    for end in range(1, len(title)):
        head = text_width(title[:end])
        if head > per_line or head < target - 0.5:
            continue
        cost = abs(head - (target + 1)) + (0 if title[:end].endswith(TITLE_BREAK_AFTER) else 2)
        cost += 0 if end in word_ends else 6
        if best_cost is None or cost < best_cost:
            best, best_cost = end, cost
    if best is None:
        return [title]
    return [title[:best], *title_lines(title[best:], per_line)]


def _word_ends(text: str) -> set:
    """Offsets where a word ends (jieba's segmentation), so a title line never breaks a word."""
    import jieba

    ends, offset = set(), 0
    for word in jieba.cut(text):
        offset += len(word)
        ends.add(offset)
    return ends


def text_width(text: str) -> float:
    """Width in body characters: ASCII letters and digits are half-width."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def _set(element, name, **attrs):
    """The child `name` of `element` (created, replacing an existing one) with w:-namespaced attributes."""
    for old in element.findall(qn(name)):
        element.remove(old)
    child = OxmlElement(name)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), str(value))
    element.append(child)
    return child


def _ordered(ppr):
    """pPr children must come in schema order or Word calls the file damaged."""
    order = ["w:pStyle", "w:keepNext", "w:keepLines", "w:framePr", "w:widowControl", "w:pBdr", "w:tabs",
             "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr"]
    ranks = {qn(n): i for i, n in enumerate(order)}
    children = sorted(ppr, key=lambda c: ranks.get(c.tag, len(order)))
    for child in children:
        ppr.remove(child)
        ppr.append(child)


def _fonts(rpr, east_asian, latin=LATIN):
    """Name the fonts on a run or style: east-Asian text in `east_asian`, the rest in `latin`; no theme fonts."""
    fonts = _set(rpr, "w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)
    fonts.set(qn("w:hint"), "eastAsia")
    return fonts


def _run_properties(east_asian, size, *, latin=LATIN, color=None, bold=False):
    rpr = OxmlElement("w:rPr")
    _fonts(rpr, east_asian, latin)
    if bold:
        _set(rpr, "w:b")
    if color:
        _set(rpr, "w:color", val=color)
    if size == BODY_SIZE:
        _set(rpr, "w:spacing", val=BODY_CONDENSE)
    _set(rpr, "w:sz", val=size * 2)
    _set(rpr, "w:szCs", val=size * 2)
    _set(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    return rpr


@dataclass
class _Span:
    text: str
    font: str = FANGSONG
    size: int = BODY_SIZE
    color: str | None = None
    latin: str = LATIN


def _add_run(paragraph, span: _Span):
    run = paragraph.add_run(span.text)
    run._r.insert(0, _run_properties(span.font, span.size, latin=span.latin, color=span.color))
    return run


def _format(paragraph, *, align=None, first_line_chars=0, left=0, right=0, hanging=0, line=LINE_PITCH,
            left_chars=None, right_chars=None, grid=True, keep_next=False):
    """Paragraph layout: exact line spacing (the grid pitch), no space before/after, indents in twips
    (and in characters for Word, which then follows the grid). Text in another size than the body's is
    laid out off the character grid (`grid=False`), or each of its characters would take two cells."""
    ppr = paragraph._p.get_or_add_pPr()
    if keep_next:
        _set(ppr, "w:keepNext")
    if not grid:
        _set(ppr, "w:snapToGrid", val=0)
    _set(ppr, "w:spacing", before=0, after=0, line=line, lineRule="exact")
    indent = {"left": left, "right": right}
    if first_line_chars:
        indent |= {"firstLine": round(first_line_chars * CHAR_PITCH), "firstLineChars": first_line_chars * 100}
    if hanging:
        indent["hanging"] = hanging
    if left_chars is not None:
        indent["leftChars"] = round(left_chars * 100)
    if right_chars is not None:
        indent["rightChars"] = round(right_chars * 100)
    _set(ppr, "w:ind", **indent)
    if align is not None:
        paragraph.alignment = align
    _ordered(ppr)
    return ppr


def _border(ppr, side, *, style="single", size=4, space=0, color="000000"):
    """A paragraph rule: `size` in eighths of a point, `space` in points."""
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    _set(borders, f"w:{side}", val=style, sz=size, space=space, color=color)
    _ordered(ppr)


def _page_field(paragraph, span: _Span):
    """A PAGE field showing the page number."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        run._r.insert(0, _run_properties(span.font, span.size, latin=span.latin))
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run._r.append(_text(text))
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _text(value):
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = value
    return t


def _font_table(part_blob: bytes) -> bytes:
    """The font table with our faces, each GB2312 face naming its alternative (w:altName)."""
    from lxml import etree

    root = etree.fromstring(part_blob)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    for font in root.findall("w:font", ns):
        if font.get(qn("w:name")) not in ("Times New Roman", "Symbol"):
            root.remove(font)
    for name in (FANGSONG, "仿宋", KAITI, "楷体", HEITI, SONGTI, XIAOBIAOSONG, "华文中宋"):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if name in FONT_ALTERNATIVES:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), FONT_ALTERNATIVES[name])
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name != XIAOBIAOSONG else "script")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class Letter:
    """A letter (函) by GB/T 9704-2012. `paragraphs` are the body's natural paragraphs, already worded;
    `addressee` is the 主送 without its colon; `note` the 附注 (e.g. 联系人：…，联系电话：…) without brackets."""

    issuer: str
    title: str
    paragraphs: list = field(default_factory=list)
    addressee: str = ""
    number: str = ""
    signer: str = ""
    date: datetime.date | None = None
    copies: list = field(default_factory=list)
    note: str = ""
    letterhead: bool = True  # 信函格式; False: the ordinary format with no 版头 (the caller's letterhead paper)

    # ---- public

    def to_bytes(self) -> bytes:
        self._doc = Document()
        self._body = self._doc._body._body
        for paragraph in list(self._body.iterchildren(qn("w:p"))):
            self._body.remove(paragraph)
        self._setup_document()
        self._setup_section()
        if self.letterhead:
            self._letterhead()
        elif self.number:
            self._para([_Span(self.number)], align=WD_ALIGN_PARAGRAPH.CENTER)
            self._blank()
        title = self._para([], align=WD_ALIGN_PARAGRAPH.CENTER, grid=False)
        lines = title_lines(self.title)
        for index, line in enumerate(lines):
            run = _add_run(title, _Span(line, XIAOBIAOSONG, TITLE_SIZE))
            if index < len(lines) - 1:
                run.add_break()
        if self.addressee:
            self._blank()
            self._para([_Span(f"{self.addressee}：")])
        body = [line.strip() for text in self.paragraphs for line in str(text).splitlines() if line.strip()]
        for index, line in enumerate(body):
            # the last paragraph keeps its last lines with the signature and date (never alone on a page)
            self._para(self._body_spans(line), first_line_chars=2, keep_next=index == len(body) - 1)
        self._signature()
        if self.copies:
            self._record()
        buffer = io.BytesIO()
        self._doc.save(buffer)
        return buffer.getvalue()

    # ---- document-wide settings

    def _setup_document(self):
        doc = self._doc
        styles = doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr_default.remove(rpr_default.find(qn("w:rPr")))
        rpr_default.append(_run_properties(FANGSONG, BODY_SIZE))
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _set(ppr, "w:spacing", before=0, after=0, line=LINE_PITCH, lineRule="exact")
        normal = doc.styles["Normal"].element
        normal.append(_run_properties(FANGSONG, BODY_SIZE))
        settings = doc.settings.element
        _set(settings, "w:themeFontLang", val="en-US", eastAsia="zh-CN")
        lang = settings.find(qn("w:themeFontLang"))
        settings.remove(lang)
        settings.find(qn("w:clrSchemeMapping")).addprevious(lang)
        doc.settings.odd_and_even_pages_header_footer = True  # odd pages' numbers right, even pages' left
        for part in doc.part.package.iter_parts():
            if str(part.partname) == "/word/fontTable.xml":
                part._blob = _font_table(part.blob)
        core = doc.core_properties
        core.title, core.author, core.language = self.title, self.issuer, "zh-CN"
        core.comments = core.keywords = core.subject = ""
        core.last_modified_by = self.issuer

    def _setup_section(self):
        section = self._doc.sections[0]
        sect = section._sectPr
        _set_first(sect, "w:pgSz", w=PAGE_WIDTH, h=PAGE_HEIGHT)
        _set_first(sect, "w:pgMar", top=MARGIN_TOP, right=MARGIN_RIGHT, bottom=MARGIN_BOTTOM, left=MARGIN_LEFT,
                   header=LETTERHEAD_TOP - LETTERHEAD_LEADING * 10, footer=FOOTER_DISTANCE, gutter=0)
        for old in sect.findall(qn("w:cols")) + sect.findall(qn("w:docGrid")):
            sect.remove(old)
        sect.append(_element("w:cols", space=425))
        sect.append(_element("w:docGrid", type=GRID_TYPE, linePitch=LINE_PITCH, charSpace=CHAR_SPACE))
        self._page_number_footer(section.footer, odd=True)
        self._page_number_footer(section.even_page_footer, odd=False)
        if self.letterhead:  # 信函格式: no page number on the first page; its lower red rule instead
            section.different_first_page_header_footer = True
            footer = section.first_page_footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            _format(paragraph, line=SMALL_SIZE * 20, grid=False)
            paragraph._p.append(_lower_rule())

    def _page_number_footer(self, footer, *, odd):
        """"— 1 —" in 四号 宋体 (half-width numerals), odd pages right, even pages left, one character in."""
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        one_char = SMALL_SIZE * 20
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT,
                right=one_char if odd else 0, left=0 if odd else one_char, line=SMALL_SIZE * 20, grid=False)
        span = _Span("", SONGTI, SMALL_SIZE, latin=SONGTI)
        _add_run(paragraph, _Span("— ", SONGTI, SMALL_SIZE, latin=SONGTI))
        _page_field(paragraph, span)
        _add_run(paragraph, _Span(" —", SONGTI, SMALL_SIZE, latin=SONGTI))

    # ---- parts of the page

    def _para(self, spans, **layout):
        paragraph = self._doc.add_paragraph()
        _format(paragraph, **layout)
        for span in spans:
            _add_run(paragraph, span)
        return paragraph

    def _blank(self):
        return self._para([])

    def _letterhead(self):
        """The first page's header: the issuer's name in red 小标宋 with its top 30 mm below the top edge, a red
        double rule (thick over thin) 170 mm long 4 mm beneath it. The body then starts under the rule with the
        发文字号 flush right (签发人 flush left on the same line), and the title two lines below the rule."""
        header = self._doc.sections[0].first_page_header
        header.is_linked_to_previous = False
        name = header.paragraphs[0]
        size = min(26, int(TYPE_WIDTH / 20 / max(1, text_width(self.issuer))))  # one line, 一号 at most
        _format(name, align=WD_ALIGN_PARAGRAPH.CENTER, left=-RULE_OVERHANG, right=-RULE_OVERHANG,
                line=(size + LETTERHEAD_LEADING) * 20, grid=False)
        _add_run(name, _Span(self.issuer, XIAOBIAOSONG, size, color=RED))
        _border(name._p.get_or_add_pPr(), "bottom", style="thickThinSmallGap", size=18, space=11, color=RED)
        if self.number or self.signer:
            spans = []
            if self.signer:
                spans += [_Span("签发人："), _Span(self.signer, KAITI)]
            if self.number:
                spans += [_Span("\t" + self.number)]
            line = self._para(spans, left=round(CHAR_PITCH) if self.signer else 0)
            ppr = line._p.get_or_add_pPr()
            tabs = OxmlElement("w:tabs")
            tabs.append(_element("w:tab", val="right", pos=TYPE_WIDTH - (round(CHAR_PITCH) if self.signer else 0)))
            ppr.append(tabs)
            _ordered(ppr)
            self._blank()
        else:
            self._blank()
            self._blank()

    def _body_spans(self, text):
        """A body paragraph: a first-level heading (一、…) in 黑体, a second-level one ((一)…) in 楷体, up to
        the end of its first sentence; the rest in 仿宋."""
        for pattern, font in ((HEADING_1, HEITI), (HEADING_2, KAITI)):
            if pattern.match(text):
                end = text.find("。") + 1 or len(text)
                if end > HEADING_MAX:
                    end = pattern.match(text).end()
                spans = [_Span(text[:end], font)]
                if text[end:]:
                    spans.append(_Span(text[end:]))
                return spans
        return [_Span(text)]

    def _signature(self):
        """Two blank lines (room for the seal's top), the issuer centred over the date, the date right-aligned
        four characters in, then the 附注 in brackets two characters in."""
        day = self.date or timezone.localdate()
        date_text = chinese_date(day)
        self._para([], keep_next=True)
        self._para([], keep_next=True)
        date_width, name_width = text_width(date_text), text_width(self.issuer)
        name_right = max(0.0, 4 + (date_width - name_width) / 2)
        self._para([_Span(self.issuer)], align=WD_ALIGN_PARAGRAPH.RIGHT, right=round(name_right * CHAR_PITCH),
                   right_chars=name_right, keep_next=True)
        self._para([_Span(date_text)], align=WD_ALIGN_PARAGRAPH.RIGHT, right=round(4 * CHAR_PITCH), right_chars=4)
        if self.note:
            self._para([_Span(f"（{self.note}）")], first_line_chars=2)

    def _record(self):
        """版记: 抄送 at the foot of the last page (a frame anchored to the bottom of the type area), 四号 仿宋,
        one character in on each side, wrapped lines aligned after the colon."""
        one_char = SMALL_SIZE * 20
        label = "抄送："
        copies = "，".join(str(c).rstrip("。，, ") for c in self.copies) + "。"
        hanging = one_char * len(label)
        paragraph = self._para([_Span(label + copies, size=SMALL_SIZE)], left=one_char + hanging, hanging=hanging,
                               right=one_char, line=LINE_PITCH, grid=False)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(_element("w:framePr", w=TYPE_WIDTH, wrap="notBeside", hAnchor="margin", xAlign="center",
                            vAnchor="margin", yAlign="bottom"))
        if not self.letterhead:  # §10.1: the letter format's 版记 has no rules
            _border(ppr, "top", size=8, space=1)  # thick (0.35 mm) outside
            _border(ppr, "bottom", size=8, space=1)
        _ordered(ppr)


EMU_PER_TWIP = 635


def _lower_rule():
    """A run holding the 信函格式's lower red double rule (thin over thick), 170 mm long, 20 mm above the bottom
    edge: a line shape anchored to the page (a frame would be moved into the footer's area by LibreOffice)."""
    from lxml import etree

    width = (TYPE_WIDTH + 2 * RULE_OVERHANG) * EMU_PER_TWIP
    left = (MARGIN_LEFT - RULE_OVERHANG) * EMU_PER_TWIP
    top = (PAGE_HEIGHT - LOWER_RULE_FROM_BOTTOM) * EMU_PER_TWIP
    xml = f"""<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="1" locked="1"
 layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>{left}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>{top}</wp:posOffset></wp:positionV>
<wp:extent cx="{width}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="1" name="版头下红线"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="0"/></a:xfrm>
<a:prstGeom prst="line"><a:avLst/></a:prstGeom>
<a:ln w="28575" cmpd="thinThick"><a:solidFill><a:srgbClr val="{RED}"/></a:solidFill></a:ln></wps:spPr>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
    return etree.fromstring(xml)


def _element(name, **attrs):
    element = OxmlElement(name)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _set_first(parent, name, **attrs):
    """Replace `name` in place (the sectPr keeps its schema order)."""
    old = parent.find(qn(name))
    new = _element(name, **attrs)
    if old is None:
        parent.append(new)
    else:
        old.addprevious(new)
        parent.remove(old)
    return new


