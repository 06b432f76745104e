"""Checking uploaded documents before they are stored: type by content, size, count, scanning.

Every upload (statements, evidence, rectification answers) goes through `validate_uploads`, so the
rules are the same everywhere: the extension must be one we accept and the bytes must agree with
it, office documents must be genuine zip packages that really unpack to a bounded size (an archive
inside one is unpacked too, one level deep at most), and the configured scanner (`UPLOAD_SCANNER`,
a dotted path to a callable raising ValidationError) sees every file.
"""

import io
import shutil
import tempfile
import unicodedata
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# An office document unpacks to at most this much, so a zip bomb is refused before it is stored.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Parts of a package, and archives within archives: a document embeds a workbook, not a zip of zips.
MAX_PACKAGE_PARTS = 2_000
MAX_NESTING = 1
ZIP_SIGNATURE = b"PK\x03\x04"
CHUNK = 64 * 1024
OFFICE_SUFFIXES = (".docx", ".xlsx")
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


class _Bomb(Exception):
    """A package that unpacks to too much, has too many parts or nests archives too deep."""


def _unpacked_bytes(package, budget, depth=0):
    """What `package` really unpacks to (its directory may lie), read until it passes `budget`."""
    parts = package.infolist()
    if len(parts) > MAX_PACKAGE_PARTS:
        raise _Bomb
    total = 0
    for part in parts:
        with package.open(part) as member:
            chunk = member.read(CHUNK)
            inner = bytearray() if chunk.startswith(ZIP_SIGNATURE) else None  # an archive in the package
            while chunk:
                total += len(chunk)
                if total > budget:
                    raise _Bomb
                if inner is not None:
                    inner += chunk
                chunk = member.read(CHUNK)
        if inner is not None:
            if depth >= MAX_NESTING:
                raise _Bomb
            with zipfile.ZipFile(io.BytesIO(inner)) as archive:
                total += _unpacked_bytes(archive, budget - total, depth + 1)
    return total


def _genuine_office_document(upload):
    """A real docx/xlsx: a zip with a content-types part that does not unpack to a bomb."""
    try:
        with zipfile.ZipFile(upload) as package:
            _unpacked_bytes(package, MAX_UNPACKED_BYTES)
            return "[Content_Types].xml" in package.namelist()
    except (_Bomb, zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        # Also a part that fails its checksum, is encrypted or uses an unknown compression.
        return False
    finally:
        upload.seek(0)


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
    """The name shown for a stored file: the base name only, never a client's path, and without
    control or format characters (a NUL, a line break, a right-to-left override that shows the
    name `report<RLO>fdp.exe` as `reportexe.pdf`)."""
    name = Path(upload.name.replace("\\", "/")).name
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")[:255]


@contextmanager
def local_copy(stored):
    """A stored file (a FieldFile) as a temporary file on this host, for readers that need a path.

    The store may be an object store written by another host, where a stored file has no path here;
    the copy lives as long as the `with` block.
    """
    with tempfile.NamedTemporaryFile(suffix=Path(stored.name).suffix) as copy:
        with stored.open("rb") as source:
            shutil.copyfileobj(source, copy, 1 << 20)
        copy.flush()
        yield copy.name
