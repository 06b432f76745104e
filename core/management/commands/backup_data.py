"""Back up the whole database to one file and print its manifest (also saved as FILE.manifest.json)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backups import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or a copy of the SQLite file) with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The backup file to write.")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(settings.DATABASES["default"], output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(manifest, indent=2, ensure_ascii=False))
        self.stderr.write(
            _("Backup written to %(file)s, its manifest to %(manifest)s.")
            % {"file": output, "manifest": manifest_path(output)}
        )
