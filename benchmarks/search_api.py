"""The enterprise search of the API: a Chinese name fragment, an exact USCC, an exact customs code.

An officer of the General Administration searches the whole register (the widest visibility) with
terms taken from random enterprises; each kind is timed through the API and as its SQL alone, and
the plan of its page query is kept to show the index it uses.
"""

import random
from urllib.parse import quote

from django.db.models import Max

from benchmarks.api import ApiClient, explain, latency_results, measure
from enterprises.models import Enterprise

SAMPLE = 40
OFFICER = "scale-officer-0000"


def search_terms(seed):
    """Name fragments (trade name and industry, four characters), USCCs and customs codes."""
    rng = random.Random(seed)
    last = Enterprise.objects.aggregate(last=Max("pk"))["last"]
    rows = list(
        Enterprise.objects.filter(pk__in=rng.sample(range(1, last + 1), SAMPLE)).values_list(
            "name", "uscc", "customs_code"
        )
    )
    return {
        "name fragment": [name[2:6] for name, _, _ in rows],
        "USCC": [uscc for _, uscc, _ in rows],
        "customs code": [code for _, _, code in rows],
    }


def run(context):
    client = ApiClient(OFFICER)
    results = []
    for kind, terms in search_terms(context.seed).items():
        paths = [f"/api/v1/enterprises/?search={quote(term)}" for term in terms]
        measured = measure(client, paths)
        page_query = next(
            sql
            for sql in measured.statements[paths[0]]
            if 'FROM "enterprises_enterprise"' in sql and "ORDER BY" in sql and "LIMIT" in sql
        )
        plan = explain(page_query)
        results.extend(
            latency_results(
                f"enterprise search API, {kind}",
                measured,
                max_p95=50,
                details={"example": terms[0], "explain": plan},
            )
        )
        results[-2].passed &= not any("Seq Scan on enterprises_enterprise" in line for line in plan)
    return results
