"""Small real files of each allowed upload type, made in memory (uploads are checked whole by content)."""

import io
import zipfile


def pdf_bytes(pages=1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def png_bytes(size=(8, 8)) -> bytes:
    return image_bytes("PNG", size)


def jpeg_bytes(size=(8, 8)) -> bytes:
    return image_bytes("JPEG", size)


def ooxml_bytes(main="word/document.xml", extra=()) -> bytes:
    """A minimal OOXML package: [Content_Types].xml and the main part (plus `extra` (name, bytes) entries)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr(main, "<doc/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()
