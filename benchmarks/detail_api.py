"""An enterprise's page of the integration API: its record, its credit history, its measures.

Other customs systems (risk, inspection, guarantees) read these for one enterprise at a time. The
sample mixes grades so that histories of one to three ledger entries are read; the number of
queries per request must not depend on the enterprise.
"""

import random

from benchmarks.api import ApiClient, latency_results, measure
from enterprises.models import Enterprise
from rulebooks.models import CreditGrade

PER_GRADE = 10
OFFICER = "scale-officer-0000"
ENDPOINTS = {"enterprise detail": "", "credit history": "credit-history/", "measures": "measures/"}


def sample(seed):
    rng = random.Random(seed)
    ids = []
    for grade in CreditGrade.values:
        candidates = list(Enterprise.objects.filter(credit_grade=grade).values_list("pk", flat=True)[:1000])
        ids.extend(rng.sample(candidates, min(PER_GRADE, len(candidates))))
    return ids


def run(context):
    client = ApiClient(OFFICER)
    ids = sample(context.seed)
    results = []
    for name, suffix in ENDPOINTS.items():
        measured = measure(client, [f"/api/v1/enterprises/{pk}/{suffix}" for pk in ids])
        rows = latency_results(f"{name} API", measured, details={"enterprises": len(ids)})
        rows[0].sound = len(set(measured.queries)) == 1
        results.extend(rows)
    return results
