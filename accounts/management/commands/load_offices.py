from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import CustomsOffice
from accounts.offices import OFFICE_FILE, load_office_rows, read_office_rows


class Command(BaseCommand):
    help = "Load or update the customs office tree from a CSV file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(OFFICE_FILE))

    def handle(self, *args, file, **options):
        try:
            rows = read_office_rows(file)
            with transaction.atomic():
                created, updated = load_office_rows(CustomsOffice, rows)
        except (OSError, KeyError, ValidationError) as error:
            raise CommandError(f"Cannot load offices from {file}: {error}") from error
        self.stdout.write(f"offices: {created} created, {updated} updated, {len(rows)} in file")
