"""The benchmark suite keeps working: at the tiny scale its measurements are right, never its timings.

Timings are not asserted here (they belong to `make bench`); what is asserted is what makes the
figures meaningful: the evaluation finds exactly the baseline's pairs, the jobs do nothing on a
second run, the detail API's query count does not depend on the enterprise, the search shows its plan.
"""

import json
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_the_benchmark_suite_measures_what_it_claims(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL; CI runs on PostgreSQL")
    output = tmp_path / "tiny.json"
    completed = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--scale=tiny",
            "--only=evaluation,search_api,detail_api,jobs",
            f"--output={output}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert output.exists(), completed.stdout[-2000:] + completed.stderr[-4000:]
    report = json.loads(output.read_text())
    results = {row["name"]: row for row in report["results"]}
    assert report["environment"]["postgresql"]
    assert all(row["value"] > 0 and row["scale"] == "tiny" for row in results.values())
    evaluation = results["dishonest evaluation (nightly job)"]["details"]
    assert evaluation["matches_baseline"]
    assert evaluation["pairs"] > 0
    for job in ("re-review reminder scan", "coordinator assignment"):
        assert results[f"{job}, first run"]["details"]["created"] > 0
        assert results[f"{job}, second run"]["details"]["created"] == 0
    for endpoint in ("enterprise detail API", "credit history API", "measures API"):
        assert len(results[f"{endpoint} p50"]["details"]["queries_per_request"]) == 1
    for kind in ("name fragment", "USCC", "customs code"):
        # Which plan is right depends on the size (5,000 rows are scanned); the plan is reported.
        plan = "\n".join(results[f"enterprise search API, {kind} p50"]["details"]["explain"])
        assert "enterprises_enterprise" in plan
