import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.scale import NotEmpty, generate


class Command(BaseCommand):
    help = (
        "Generate a national-scale data set for benchmarks (PostgreSQL, empty migrated database): "
        "enterprises with valid codes, credit records, ledger, determinations, certificates, coordinators."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=50_000, help="Size of the register.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data.")
        parser.add_argument(
            "--as-of", type=datetime.date.fromisoformat, default=None, help="The day the data is as of."
        )

    def handle(self, *args, enterprises, seed, as_of, **options):
        if enterprises < 1:
            raise CommandError("--enterprises must be at least 1.")
        started = time.perf_counter()

        def progress(label, counts):
            self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {label}")

        try:
            counts = generate(
                enterprises=enterprises, seed=seed, as_of=as_of or timezone.localdate(), progress=progress
            )
        except (NotEmpty, NotImplementedError) as error:
            raise CommandError(str(error)) from error
        for kind, count in counts.items():
            self.stdout.write(f"{count:>12,}  {kind}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s."))
