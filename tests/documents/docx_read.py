"""Reading back a generated DOCX as Word would lay it out: page, margins, grid, fonts of every run."""

import io

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4


def open_docx(content):
    return docx.Document(io.BytesIO(content))


def mm(twips) -> float:
    return int(twips) / TWIPS_PER_MM


def section_geometry(document):
    """Page size and margins of the first section in millimetres, and its w:docGrid attributes."""
    sect = document.sections[0]._sectPr
    size, margins, grid = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar")), sect.find(qn("w:docGrid"))
    return {
        "width": mm(size.get(qn("w:w"))), "height": mm(size.get(qn("w:h"))),
        **{side: mm(margins.get(qn(f"w:{side}"))) for side in ("top", "bottom", "left", "right")},
        "grid": {k.replace(W, ""): v for k, v in grid.attrib.items()},
    }


def all_runs(document):
    """Every w:r with text in the body, headers and footers (first, odd, even)."""
    parts = [document.element.body]
    section = document.sections[0]
    for hf in (section.header, section.first_page_header, section.even_page_header,
               section.footer, section.first_page_footer, section.even_page_footer):
        if not hf.is_linked_to_previous:
            parts.append(hf._element)
    return [r for part in parts for r in part.iter(qn("w:r"))
            if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]


def run_text(run):
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def run_font(run):
    """(east-Asian font, size in points, w:lang eastAsia) named on the run itself."""
    rpr = run.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    lang = rpr.find(qn("w:lang")) if rpr is not None else None
    return (fonts.get(qn("w:eastAsia")) if fonts is not None else None,
            int(size.get(qn("w:val"))) / 2 if size is not None else None,
            lang.get(qn("w:eastAsia")) if lang is not None else None)


def paragraphs_text(document):
    return [p.text for p in document.paragraphs]
