"""Bulk import of the enterprise register and of credit records from CSV or XLSX files.

Registers arrive as files of up to two million rows, so an import:
- upserts by each kind's key and compares before writing, so re-importing a file changes nothing;
- runs in one transaction and writes nothing when a row is wrong, unless `partial` asks to apply
  the valid rows; every bad row is reported with its row number in the file, column and reason;
- runs one at a time per kind: a second import waits for the first to commit and then finds its
  rows unchanged, never writing an enterprise, history row or ledger entry twice;
- keeps field history and opens the credit ledger of new enterprises in bulk.
The register streams its rows as read into a temporary table; SQL accepts the rows whose cells it
can vouch for (`register_checks`), Python parses the others, and the file is checked and
written with a fixed number of set-based statements (`register_staging`), so its memory
does not grow with the file. Credit records go in batches with a fixed number of queries each (one lookup of
the existing rows, then bulk inserts and updates).
The grade is never imported: it moves only through the credit ledger.
An administrator's upload on the import page is stored and imported by a worker (`import_queue`,
then `import_operation`), which reports the rows read on the operation's progress bar; the import
commands call `bulk_import` directly, with a terminal progress bar.

The package, one module per concern: `files` reads a CSV or XLSX file, `columns` reads and checks
cells, `importer` is what every importer shares, `register` and `records` are the importers,
`register_checks`, `staging` and `register_staging` the register's set-based path, `bulk` writes
in bulk; this module holds the entry points.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import Role
from background.models import Operation
from background.services import Outcome, operation_queue
from core.errors import NotPermitted
from core.locks import wait_for_lock
from core.uploads import local_copy
from enterprises.imports.files import check_readable, count_data_rows, open_rows, source_file_name
from enterprises.imports.importer import BATCH_SIZE, ERRORS_SHOWN, ImportResult, NothingApplied
from enterprises.imports.records import ArrearImporter, DocumentCountImporter, PenaltyImporter
from enterprises.imports.register import RegisterImporter

IMPORTERS = {
    importer.kind: importer
    for importer in (RegisterImporter, PenaltyImporter, ArrearImporter, DocumentCountImporter)
}
KIND_CHOICES = [(kind, importer.label) for kind, importer in IMPORTERS.items()]
CREDIT_RECORD_KINDS = ("penalties", "arrears", "document_counts")


def bulk_import(*, actor, source, kind, partial=False, progress=None, batch_size=BATCH_SIZE, file_name=None):
    """Import one file of `kind` rows; an ImportResult with the counts and every bad row.

    `actor` None is the command line; otherwise only administrators import. Without `partial`
    nothing is written when any row is wrong; with it the valid rows are written. A file that
    cannot be read at all raises ValidationError. `progress` is told the rows read (`update(n)`, as
    a tqdm bar is); `file_name` names the file in the result and the history when `source` is a
    stored copy.
    """
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators import the register and credit records."))
    if kind not in IMPORTERS:
        raise ValidationError({"kind": _("Unknown kind of import: %(kind)s.") % {"kind": kind}})
    importer_class = IMPORTERS[kind]
    result = ImportResult(kind=kind, file_name=file_name or source_file_name(source))
    try:
        with transaction.atomic(), open_rows(source) as rows:
            # One import of a kind at a time: a second one (the same file uploaded twice, the page and
            # the command) waits for the first to commit, then compares against what it wrote.
            wait_for_lock(f"import:{kind}")
            importer = importer_class(actor=actor, partial=partial, result=result)
            importer.run(rows, batch_size=batch_size, progress=progress)
            if result.error_count and not partial:
                raise NothingApplied
            result.applied = True
            record_activity(
                actor=actor,
                verb=f"import.{kind}",
                target=ContentType.objects.get_for_model(importer_class.model),
                changes=result.summary(),
                note=_("Imported %(file)s") % {"file": result.file_name},
            )
    except NothingApplied:
        result.created = result.updated = result.unchanged = 0
    return result


def import_queue(*, actor, upload, kind, partial=False):
    """Check an uploaded file while the administrator waits, then import it in a worker.

    A refused user, an unknown kind or a file that cannot be read raise here, and nothing is stored;
    the rows are checked by the import itself, whose result (or error) the operation's page shows.
    """
    if actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators import the register and credit records."))
    if kind not in IMPORTERS:
        raise ValidationError({"kind": _("Unknown kind of import: %(kind)s.") % {"kind": kind}})
    check_readable(upload)
    return operation_queue(
        kind=Operation.Kind.IMPORT,
        actor=actor,
        subject=source_file_name(upload),
        params={"kind": kind, "partial": partial},
        source=upload,
    )


def import_operation(*, operation, progress):
    """The worker's part of `import_queue`: the stored file imported as its uploader, row errors kept."""
    with local_copy(operation.source) as path:
        progress.set_total(count_data_rows(path))
        result = bulk_import(
            actor=operation.requested_by,
            source=path,
            kind=operation.params["kind"],
            partial=operation.params.get("partial", False),
            progress=progress,
            file_name=operation.subject,
        )
    return Outcome(
        result={
            **result.summary(),
            "kind_label": str(IMPORTERS[result.kind].label),
            "applied": result.applied,
            "error_count": result.error_count,
            "errors": [
                {"row": error.row, "column": error.column, "reason": error.reason}
                for error in result.errors[:ERRORS_SHOWN]
            ],
        }
    )
