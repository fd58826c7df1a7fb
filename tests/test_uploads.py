"""Uploads are what they say, as whole files: attacks with renamed, truncated, polyglot and bomb files.

The same checker (portal/uploads.py) serves proposal attachments (through the API here) and the member
Excel import."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from members.excel.importing import read_member_rows
from members.excel.workbook import UploadError
from portal.uploads import UploadRejected, check_upload
from proposals.models import Attachment
from tests import sample_files
from tests.proposals import builders as b


def upload(org, name, data):
    p = b.draft(org)
    c = APIClient()
    c.force_authenticate(org.member_user)
    return p, c.post(f"/api/v1/proposals/{p.pk}/attachments/", {"file": SimpleUploadedFile(name, data)},
                     format="multipart")


def test_png_renamed_pdf_is_stored_as_png(org):
    p, r = upload(org, "调研报告.pdf", sample_files.png_bytes())
    assert r.status_code == 201, r.content
    a = Attachment.objects.get(proposal=p)
    assert a.file.name.endswith(".png") and a.content_type == "image/png"
    assert a.original_name == "调研报告.png"  # the download carries the real type's extension too


def test_real_pdf_is_accepted(org):
    p, r = upload(org, "报告.pdf", sample_files.pdf_bytes(pages=3))
    assert r.status_code == 201
    assert Attachment.objects.get(proposal=p).file.name.endswith(".pdf")


@pytest.mark.parametrize(("name", "data"), [
    ("truncated.pdf", sample_files.PDF_BYTES[: len(sample_files.PDF_BYTES) // 2]),
    ("junk.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"),
    ("polyglot.jpg", b"\xff\xd8\xff\xe0" + b"<?php system($_GET['c']); ?>" * 20),
    ("truncated.png", sample_files.png_bytes((64, 64))[:60]),
    ("no-document.docx", sample_files.ooxml_bytes(main="word/other.xml")),
    ("broken-xml.docx", sample_files.ooxml_bytes(main="word/document.xml", extra=())[:-30]),
])
def test_damaged_or_disguised_files_are_refused_and_nothing_stored(org, name, data):
    p, r = upload(org, name, data)
    assert r.status_code == 400, r.content
    assert "文件" in r.json()["detail"]
    assert not Attachment.objects.filter(proposal=p).exists()


def zip_bomb(main="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<doc/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def test_zip_bomb_docx_is_refused(org, bomb):
    assert len(bomb) < 1024 * 1024  # ~300 MB once expanded
    p, r = upload(org, "bomb.docx", bomb)
    assert r.status_code == 400
    assert "过大" in r.json()["detail"]
    assert not Attachment.objects.filter(proposal=p).exists()


def test_zip_bomb_with_lying_sizes_is_refused():
    """A bomb whose headers claim small sizes is caught by counting what really comes out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<doc/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (250 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    # rewrite the bomb's declared size (central directory and local header) to 10 bytes
    central = data.rfind(b"PK\x01\x02")
    assert central > 0
    data[central + 24: central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UploadRejected):
        check_upload(SimpleUploadedFile("bomb.docx", bytes(data)))


def test_decompression_bomb_image_is_refused():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, format="PNG")  # 144 megapixels in a few kilobytes
    with pytest.raises(UploadRejected):
        check_upload(SimpleUploadedFile("bomb.png", buffer.getvalue()))


def test_member_import_uses_the_same_checker(bomb):
    with pytest.raises(UploadError):
        read_member_rows(SimpleUploadedFile("委员.xlsx", zip_bomb(main="xl/workbook.xml")))
    with pytest.raises(UploadError, match="不是有效的 Excel"):
        read_member_rows(SimpleUploadedFile("委员.xlsx", bomb))  # a DOCX package named .xlsx
