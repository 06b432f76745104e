"""Time the scheduled dishonest-criteria evaluation against one hand-written SQL statement.

    DEBUG=1 .venv/bin/python benchmarks/evaluation.py --enterprises 50000

PostgreSQL only. Seeds N enterprises with credit records in realistic shares (most clean, a few
percent with supervision-rule penalties, some with arrears, document counts for all), then, in
one process:
- runs `evaluate_dishonest_criteria` (first run: proposals created),
- runs it again on the same day (every proposal refreshed, none created),
- runs the baseline: one hand-written SQL statement computing the same (enterprise, criterion)
  pairs, and checks that both find exactly the same pairs.
Everything runs in one transaction that is rolled back at the end.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_mgmt.settings")

import django  # noqa: E402

django.setup()

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import CustomsOffice  # noqa: E402
from benchmarks.import_register import uscc  # noqa: E402
from enterprises.evaluation import evaluate_dishonest_criteria  # noqa: E402
from enterprises.models import Arrear, DishonestProposal, DocumentCount, Enterprise, Penalty  # noqa: E402
from rulebooks.models import BusinessType  # noqa: E402
from rulebooks.selectors import rulebook_in_force  # noqa: E402

AS_OF = datetime.date(2026, 11, 20)
BATCH = 5000
PROJECTED = 2_000_000
KINDS = ["supervision_violation"] * 20 + ["administrative_smuggling", "obstruction"]

BASELINE_SQL = """
WITH counted AS (
    SELECT enterprise_id, kind, subject, amount, is_intentional FROM enterprises_penalty
    WHERE decided_on > %(start)s AND decided_on <= %(as_of)s AND publication_withdrawn_at IS NULL
), brokers AS (
    SELECT link.enterprise_id FROM enterprises_enterprise_business_types link
    JOIN rulebooks_businesstype type ON type.id = link.businesstype_id WHERE type.code = 'customs_broker'
), violations AS (
    SELECT c.enterprise_id, count(*) AS n, sum(c.amount) AS total,
           bool_or(b.enterprise_id IS NOT NULL) AS broker
    FROM counted c LEFT JOIN brokers b ON b.enterprise_id = c.enterprise_id
    WHERE c.kind = 'supervision_violation' AND (c.is_intentional OR b.enterprise_id IS NOT NULL)
    GROUP BY c.enterprise_id
    HAVING sum(c.amount) > %(fine_broker)s
)
SELECT v.enterprise_id, 'art22-3' FROM violations v
LEFT JOIN enterprises_documentcount d ON d.enterprise_id = v.enterprise_id AND d.year = %(last_year)s
WHERE v.total > CASE WHEN v.broker THEN %(fine_broker)s ELSE %(fine)s END
  AND (d.id IS NULL OR v.n * 1000 > CASE WHEN v.broker THEN %(ratio_broker)s ELSE %(ratio)s END
       * (d.declarations + d.filing_lists + d.manifests))
UNION SELECT enterprise_id, 'art22-1' FROM counted WHERE kind = 'criminal_smuggling'
UNION SELECT enterprise_id, 'art22-2' FROM counted WHERE kind = 'administrative_smuggling'
UNION SELECT enterprise_id, 'art22-6' FROM counted WHERE kind = 'obstruction'
UNION SELECT enterprise_id, 'art22-7' FROM counted WHERE kind = 'bribery'
UNION SELECT enterprise_id, 'serious-1' FROM counted
      WHERE kind = 'criminal_smuggling' AND subject IN ('food', 'cosmetics', 'solid_waste')
UNION SELECT enterprise_id, 'serious-2' FROM counted
      WHERE kind IN ('administrative_smuggling', 'supervision_violation') AND subject = 'solid_waste'
        AND amount > %(solid_waste)s
UNION SELECT enterprise_id, 'art22-4' FROM enterprises_arrear
      WHERE kind = 'tax' AND due_on < %(tax_cutoff)s AND (paid_on IS NULL OR paid_on > %(as_of)s)
UNION SELECT enterprise_id, 'art22-5' FROM enterprises_arrear
      WHERE kind = 'fine' AND due_on < %(fine_cutoff)s AND (paid_on IS NULL OR paid_on > %(as_of)s)
      GROUP BY enterprise_id HAVING sum(amount) > %(fine_arrears)s
"""


def seed(count, rng):
    """N enterprises, a tenth of them brokers, with records in realistic shares."""
    office = CustomsOffice.objects.get(code="9700")
    broker = BusinessType.objects.get(code="customs_broker")
    link = Enterprise.business_types.through
    for start in range(0, count, BATCH):
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(
                uscc=uscc(n),
                customs_code=f"99{n:08d}",
                name=f"基准企业{n}",
                customs_office=office,
            )
            for n in range(start, min(start + BATCH, count))
        )
        link.objects.bulk_create(
            link(enterprise_id=e.pk, businesstype_id=broker.pk) for e in enterprises if e.pk % 10 == 0
        )
        DocumentCount.objects.bulk_create(
            DocumentCount(enterprise=e, year=AS_OF.year - 1, declarations=rng.randint(100, 20000))
            for e in enterprises
        )
        Penalty.objects.bulk_create(_penalties(enterprises, rng))
        Arrear.objects.bulk_create(_arrears(enterprises, rng))


def _penalties(enterprises, rng):
    for e in enterprises:
        if rng.random() < 0.05:
            for _ in range(rng.randint(1, 30)):
                yield Penalty(
                    enterprise=e,
                    case_number=f"B-{e.pk}-{rng.random():.12f}",
                    kind=rng.choice(
                        ["supervision_violation"] * 20 + ["administrative_smuggling", "obstruction"]
                    ),
                    subject=rng.choice(["general"] * 30 + ["solid_waste"]),
                    decided_on=AS_OF - datetime.timedelta(days=rng.randint(0, 700)),
                    amount=Decimal(rng.randint(1000, 3_000_000)),
                    is_intentional=rng.random() < 0.8,
                )


def _arrears(enterprises, rng):
    for e in enterprises:
        if rng.random() < 0.01:
            yield Arrear(
                enterprise=e,
                reference=f"B-A-{e.pk}",
                kind=rng.choice(["tax", "fine"]),
                amount=Decimal(rng.randint(100, 50000)),
                due_on=AS_OF - datetime.timedelta(days=rng.randint(0, 400)),
                paid_on=None if rng.random() < 0.6 else AS_OF - datetime.timedelta(days=1),
            )


def baseline():
    criteria = {c.code: c for c in rulebook_in_force(AS_OF).criteria.all()}
    supervision = criteria["art22-3"]
    params = {
        "as_of": AS_OF,
        "start": AS_OF - relativedelta(months=supervision.window_months),
        "last_year": AS_OF.year - 1,
        "fine": supervision.fine_threshold,
        "fine_broker": supervision.fine_threshold_broker,
        "ratio": supervision.ratio_per_thousand,
        "ratio_broker": supervision.ratio_per_thousand_broker,
        "solid_waste": criteria["serious-2"].amount_threshold,
        "tax_cutoff": AS_OF - relativedelta(months=criteria["art22-4"].overdue_months),
        "fine_cutoff": AS_OF - relativedelta(months=criteria["art22-5"].overdue_months),
        "fine_arrears": criteria["art22-5"].amount_threshold,
    }
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, params)
        return set(cursor.fetchall())


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The baseline is PostgreSQL SQL: point DATABASE_URL at a scratch PostgreSQL database.")
    with transaction.atomic():
        seconds, _ = timed(lambda: seed(options.enterprises, random.Random(options.seed)))
        records = Penalty.objects.count() + Arrear.objects.count()
        print(f"seeded {options.enterprises:,} enterprises, {records:,} records in {seconds:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        first, result = timed(lambda: evaluate_dishonest_criteria(as_of=AS_OF))
        again, rerun = timed(lambda: evaluate_dishonest_criteria(as_of=AS_OF))
        plain, expected = timed(baseline)
        found = set(
            DishonestProposal.objects.filter(status="proposed").values_list(
                "enterprise_id", "criterion__code"
            )
        )
        print(f"{'evaluation (proposals created)':<34} {first:8.2f} s  created {result['created']:,}")
        print(f"{'evaluation again (same records)':<34} {again:8.2f} s  unchanged {rerun['unchanged']:,}")
        print(f"{'baseline: one SQL statement':<34} {plain:8.2f} s  pairs {len(expected):,}")
        print(f"results match the baseline exactly: {found == expected}")
        print(f"ratio evaluation/baseline: {first / plain:.1f}x (first run), {again / plain:.1f}x (rerun)")
        scale = PROJECTED / options.enterprises
        print(f"projected for {PROJECTED:,} enterprises (linear): {first * scale:.0f} s first run,")
        print(f"{again * scale:.0f} s rerun")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
