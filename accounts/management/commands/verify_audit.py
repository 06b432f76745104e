"""Walk the activity log's hash chain; exit non-zero naming the first entry that was tampered with."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.chain import ChainBroken, verify
from accounts.models import ActivityEntry

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(value):
    match = _ANCHOR.match(value)
    if not match:
        raise CommandError(_("An anchor is SEQUENCE:HASH (64 hex digits), not %(value)r.") % {"value": value})
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = "Verify the activity log's hash chain from its first entry to its last."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="A head recorded earlier (verify_audit output, backup manifest); repeatable.",
        )

    def handle(self, *args, anchor, **options):
        try:
            result = verify(ActivityEntry, anchors=dict(_anchor(value) for value in anchor))
        except ChainBroken as broken:
            raise CommandError(_("Audit trail broken at %(where)s") % {"where": broken}) from broken
        self.stdout.write(
            _("Audit trail intact: %(count)d entries verified; head %(sequence)d:%(hash)s")
            % {"count": result.count, "sequence": result.head_sequence, "hash": result.head_hash}
        )
