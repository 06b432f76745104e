"""`manage.py import_credit_records FILE --kind KIND`: penalties, arrears or document counts in bulk."""

from enterprises.imports import CREDIT_RECORD_KINDS
from enterprises.management.commands import import_enterprises


class Command(import_enterprises.Command):
    help = (
        "Import or update credit records (penalties, arrears or yearly document counts) from a CSV "
        "(UTF-8) or XLSX file. Nothing is written when any row has an error, unless --partial is given."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", required=True, choices=CREDIT_RECORD_KINDS)
