"""Hostile uploads: files typed by their bytes, archives that unpack to a bomb, client paths as names,
and downloads only for those who may see the file.

Size and count limits, a docx that is no zip, and the scanner hook are tested with the statements
and the evidence (tests/enterprises/test_determination.py, tests/certification/test_applications.py).
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.tokens import token_issue
from coordination.models import CaseAttachment
from core.uploads import MAX_PACKAGE_PARTS, MAX_UNPACKED_BYTES, stored_name, validate_uploads
from tests.world import APPLICANT, DISHONEST

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 evidence"
PNG = b"\x89PNG\r\n\x1a\n"


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _office(parts):
    """An office package (docx, xlsx): a zip with a content-types part."""
    return _zip({"[Content_Types].xml": b"<Types/>", **parts})


def _refused(name, content):
    try:
        validate_uploads([SimpleUploadedFile(name, content)])
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statement.pdf", b"MZ\x90\x00 a Windows program"),
        ("statement.pdf", b"<html><script>alert(1)</script>"),
        ("photo.png", PDF),
        ("photo.jpg", PNG),
        ("report.docx", _zip({"word/document.xml": b"<w/>"})),  # a zip, but no office package
        ("report.xlsx", b"PK\x03\x04 truncated"),
        ("statement.html", b"<html>"),
        ("statement.pdf.exe", PDF),
        ("statement", PDF),
    ],
)
def test_a_file_is_typed_by_its_bytes_not_its_name(name, content):
    assert _refused(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [("statement.PDF", PDF), ("photo.png", PNG), ("report.docx", _office({"word/d.xml": b"<w/>"}))],
)
def test_genuine_files_are_accepted(name, content):
    assert not _refused(name, content)


def test_a_zip_bomb_is_refused():
    assert _refused("report.docx", _office({"word/document.xml": b"\0" * (MAX_UNPACKED_BYTES + 1)}))


def test_a_package_that_lies_about_its_size_is_refused():
    """The sizes a zip declares are the attacker's: the package is unpacked for real."""
    content = bytearray(_office({"word/document.xml": b"\0" * (1024 * 1024)}))
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local and central headers
        start = content.rfind(header)
        content[start + size_at : start + size_at + 4] = (10).to_bytes(4, "little")
    assert _refused("report.docx", bytes(content))


def test_archives_nest_one_level_at_most():
    """A document embeds a workbook (itself a zip); a zip inside that is refused."""
    workbook = _office({"xl/workbook.xml": b"<workbook/>"})
    assert not _refused("report.docx", _office({"word/embeddings/sheet.xlsx": workbook}))
    nested = _office({"xl/embeddings/inner.zip": _zip({"deeper.txt": b"x"})})
    assert _refused("report.docx", _office({"word/embeddings/sheet.xlsx": nested}))


def test_a_package_of_too_many_parts_is_refused():
    parts = {f"word/p{n}.xml": b"" for n in range(MAX_PACKAGE_PARTS)}
    assert _refused("report.docx", _zip({"[Content_Types].xml": b"<Types/>", **parts}))


def test_a_shown_name_has_no_path_and_no_control_characters():
    for client_name, shown in [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\..\\evil.pdf", "evil.pdf"),
        ("a\x00b\r\n.pdf", "ab.pdf"),
        ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),
    ]:
        upload = SimpleUploadedFile("x.pdf", PDF)
        upload.name = client_name  # as a client sent it, before Django reduced it
        assert stored_name(upload) == shown


def _multipart(fields, disposition, content):
    """A multipart body as a hostile client writes it (Django's test client would clean the name)."""
    boundary = "hostile-boundary"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; {disposition}\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + content
    return body + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    ("disposition", "shown"),
    [
        ('filename="../../etc/passwd.pdf"', "passwd.pdf"),
        ('filename="..\\\\..\\\\windows\\\\evil.pdf"', "evil.pdf"),
        ("filename*=UTF-8''..%2F..%2Fescape.pdf", "escape.pdf"),
        ("filename*=UTF-8''a%00b.pdf", "ab.pdf"),
        ("filename*=UTF-8''a%0D%0AX-Injected%3A%201.pdf", "aX-Injected: 1.pdf"),
    ],
)
def test_client_paths_are_stored_inside_private_media_under_a_safe_name(
    settings, tmp_path, enterprise_user, enterprise_a, disposition, shown
):
    settings.MEDIA_ROOT = tmp_path / "private"
    client = Client(HTTP_AUTHORIZATION=f"Token {token_issue(enterprise_user)}")
    fields = {"category": "policy_consultation", "subject": "Licence", "description": "Which one?"}
    body, content_type = _multipart(fields, disposition, PDF)
    assert client.generic("POST", "/api/v1/cases/", body, content_type=content_type).status_code == 201
    attachment = CaseAttachment.objects.get()
    assert attachment.original_name == shown
    stored = attachment.file.name
    assert stored.startswith("cases/")
    assert ".." not in stored
    assert "\\" not in stored
    with default_storage.open(stored) as kept:
        assert kept.read() == PDF
    if not settings.S3_BUCKET:  # on the local disk, nothing was written outside the media root
        root = Path(settings.MEDIA_ROOT)
        assert [path for path in tmp_path.rglob("*") if path.is_file()] == [root / stored]
    client.force_login(enterprise_user)
    download = client.get(f"/coordination/attachments/{attachment.pk}/")
    assert download["Content-Disposition"] == f'attachment; filename="{shown}"'


def test_downloads_are_for_those_who_see_the_file_only(world, officer_sh):
    """Another enterprise's user, or an officer of another customs, is told the file does not exist."""
    downloads = {
        f"/enterprises/statement-attachments/{world.attachment.pk}/": world.enterprise_user,
        f"/coordination/attachments/{world.case_attachment.pk}/": world.enterprise_user,
        f"/certification/evidence/{world.audit_evidence.pk}/": world.officer,
        f"/api/v1/applications/{world.audited.pk}/evidence/{world.audit_evidence.pk}/": world.officer,
    }
    outsiders = [world.readers[APPLICANT], world.readers[DISHONEST], officer_sh]
    answers = {}
    for url, reader in downloads.items():
        for user in [reader, *outsiders]:
            client = Client()
            client.force_login(user)
            response = client.get(url)
            answers[url, user.username] = response.status_code
            if response.streaming:
                b"".join(response.streaming_content)
        anonymous = Client().get(url)
        answers[url, "anonymous"] = anonymous.status_code
    expected = {}
    for url, reader in downloads.items():
        expected[url, reader.username] = 200
        expected.update({(url, user.username): 404 for user in outsiders})
        expected[url, "anonymous"] = 401 if url.startswith("/api/") else 302
    assert answers == expected
