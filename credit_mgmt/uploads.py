"""Checking uploaded documents before they are stored: type by content, size, count, scanning.

Every upload (statements, evidence, rectification answers) goes through `validate_uploads`, so the
rules are the same everywhere: the extension must be one we accept and the bytes must agree with
it, office documents must be genuine zip packages of bounded size, and the configured scanner
(`UPLOAD_SCANNER`, a dotted path to a callable raising ValidationError) sees every file.
"""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# An office document unpacks to at most this much, so a zip bomb is refused before it is stored.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
OFFICE_SUFFIXES = (".docx", ".xlsx")
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _genuine_office_document(upload):
    """A real docx/xlsx: a zip with a content-types part that does not unpack to a bomb."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and unpacked <= MAX_UNPACKED_BYTES


def _problem(upload):
    suffix = Path(upload.name).suffix.lower()
    if upload.size > MAX_BYTES:
        return _("%(name)s is larger than %(mb)d MB.") % {
            "name": upload.name,
            "mb": MAX_BYTES // (1024 * 1024),
        }
    if suffix not in SIGNATURES:
        return _("%(name)s: only PDF, JPG, PNG, DOCX and XLSX files are accepted.") % {"name": upload.name}
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    genuine = head.startswith(SIGNATURES[suffix])
    if genuine and suffix in OFFICE_SUFFIXES:
        genuine = _genuine_office_document(upload)
    if not genuine:
        return _("%(name)s is not really a %(type)s file.") % {
            "name": upload.name,
            "type": suffix[1:].upper(),
        }
    return None


def validate_uploads(files, *, field="files", max_files=5):
    """The files, checked; a ValidationError on `field` listing every problem otherwise."""
    files = list(files or ())
    errors = []
    if len(files) > max_files:
        errors.append(_("Attach at most %(count)d files.") % {"count": max_files})
    errors.extend(problem for problem in map(_problem, files) if problem)
    if not errors and settings.UPLOAD_SCANNER:
        scan = import_string(settings.UPLOAD_SCANNER)
        for upload in files:
            try:
                scan(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            finally:
                upload.seek(0)
    if errors:
        raise ValidationError({field: errors})
    return files


def stored_name(upload):
    """The name shown for a stored file: the base name only, never a client's path."""
    return Path(upload.name.replace("\\", "/")).name[:255]
