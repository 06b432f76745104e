"""`manage.py import_enterprises FILE`: load or update the enterprise register in bulk."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from core.errors import InvalidState
from core.exports import csv_writer
from enterprises.imports import bulk_import
from enterprises.imports.files import count_data_rows

ERRORS_PRINTED = 20


class Command(BaseCommand):
    help = (
        "Import or update the enterprise register from a CSV (UTF-8) or XLSX file. Nothing is written "
        "when any row has an error, unless --partial is given."
    )
    kind = "register"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, with or without BOM) or XLSX file, header in row 1")
        parser.add_argument(
            "--partial", action="store_true", help="write the valid rows even when other rows have errors"
        )
        parser.add_argument("--report", metavar="CSV", help="write every error (row, column, reason) here")

    def handle(self, *args, file, partial, report, verbosity, **options):
        kind = options.get("kind") or self.kind
        # On a terminal only (tqdm's `disable=None`), so logs of scheduled runs stay clean.
        with tqdm(
            total=count_data_rows(file), unit=_("rows"), file=sys.stderr, disable=None if verbosity else True
        ) as progress:
            try:
                result = bulk_import(actor=None, source=file, kind=kind, partial=partial, progress=progress)
            except (ValidationError, InvalidState) as error:
                raise CommandError(
                    _("Cannot import %(file)s: %(error)s")
                    % {"file": file, "error": " ".join(_messages(error))}
                ) from error
        self.stdout.write(
            _(
                "%(file)s (%(kind)s): %(rows)d rows, %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(rejected)d rejected"
            )
            % result.summary()
        )
        if report:
            self.write_report(report, result)
        if not result.error_count:
            return
        self.print_errors(result)
        if result.applied:
            message = ngettext(
                "%(rows)d row has errors and was not imported; the valid rows were imported.",
                "%(rows)d rows have errors and were not imported; the valid rows were imported.",
                result.rejected,
            )
        else:
            message = ngettext(
                "%(rows)d row has errors; nothing was imported.",
                "%(rows)d rows have errors; nothing was imported.",
                result.rejected,
            )
        raise CommandError(message % {"rows": result.rejected})

    def print_errors(self, result):
        self.stdout.write(_("row\tcolumn\treason"))
        for error in result.errors[:ERRORS_PRINTED]:
            self.stdout.write(f"{error.row}\t{error.column}\t{error.reason}")
        if result.error_count > ERRORS_PRINTED:
            self.stdout.write(
                _("... and %(more)d more errors (use --report FILE to write them all).")
                % {"more": result.error_count - ERRORS_PRINTED}
            )

    def write_report(self, path, result):
        """Every reported error as CSV, with a BOM so spreadsheet programs read the Chinese text; a column
        name or value from the file cannot become a formula there."""
        try:
            with open(path, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv_writer(handle)
                writer.writerow(["row", "column", "reason"])
                writer.writerows((error.row, error.column, error.reason) for error in result.errors)
        except OSError as error:
            raise CommandError(
                _("Cannot write the report %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from error
        if result.errors_truncated:
            self.stderr.write(
                _("The report holds the first %(n)d of %(total)d errors.")
                % {"n": len(result.errors), "total": result.error_count}
            )


def _messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]
