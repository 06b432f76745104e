"""Restore a backup_data file into an empty database and check it against the backup's manifest."""

import json

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backups import BackupError, differences, manifest_path, restore


class Command(BaseCommand):
    help = "Restore a backup into a database (default: this deployment's) and compare the manifests."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by backup_data.")
        parser.add_argument("--database-url", help="The database to restore into; default DATABASE_URL.")
        parser.add_argument("--force", action="store_true", help="Replace the tables of a database in use.")

    def handle(self, *args, backup, database_url=None, force=False, **options):
        target = environ.Env.db_url_config(database_url) if database_url else settings.DATABASES["default"]
        try:
            restored = restore(backup, target, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(restored, indent=2, ensure_ascii=False))
        saved = manifest_path(backup)
        if not saved.exists():
            self.stderr.write(_("No manifest %(manifest)s to compare with.") % {"manifest": saved})
            return
        differing = differences(json.loads(saved.read_text()), restored)
        if differing:
            raise CommandError(
                _("The restored database differs from the backup's manifest in: %(tables)s")
                % {"tables": ", ".join(differing)}
            )
        self.stderr.write(_("Restored: every table matches %(manifest)s.") % {"manifest": saved})
