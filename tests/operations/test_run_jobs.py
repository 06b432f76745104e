"""`manage.py run_jobs` per the contract, the advisory lock, and a real worker running a beat task."""

import datetime
import io
import json
import zlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from core.jobs import job_names, run_job, run_scheduled_job
from enterprises.models import DishonestProposal
from tests.conftest import wait_for
from tests.factories.enterprises import EnterpriseFactory, PenaltyFactory

AS_OF = datetime.date(2026, 11, 20)


def run_jobs(*args):
    out = io.StringIO()
    call_command("run_jobs", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def smuggler(offices):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=AS_OF)
    return enterprise


@pytest.mark.django_db
def test_every_job_prints_one_json_object_with_created(smuggler):
    first = run_jobs("--as-of", AS_OF.isoformat())
    second = run_jobs("--as-of", AS_OF.isoformat())

    assert [line["job"] for line in first] == job_names()
    assert job_names().index("automatic_repair") == job_names().index("dishonest_evaluation") + 1
    assert all("created" in line for line in first)
    assert {line["job"]: line["created"] for line in first}["dishonest_evaluation"] == 1
    assert [line["created"] for line in second] == [0] * len(job_names())
    assert DishonestProposal.objects.filter(enterprise=smuggler).count() == 1


@pytest.mark.django_db
def test_one_job_and_bad_dates(smuggler):
    assert [line["job"] for line in run_jobs("--job", "automatic_repair")] == ["automatic_repair"]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run_jobs("--as-of", "20-11-2026")


@pytest.mark.direct_database  # holds a session-level advisory lock
@pytest.mark.django_db(transaction=True)
def test_a_job_running_elsewhere_is_skipped_not_run_twice(smuggler):
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are a PostgreSQL feature; CI runs on PostgreSQL")
    other = connections.create_connection("default")
    key = zlib.crc32(b"dishonest_evaluation")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        assert run_job("dishonest_evaluation", AS_OF) == {
            "job": "dishonest_evaluation",
            "created": 0,
            "skipped": "running elsewhere",
        }
        assert not DishonestProposal.objects.exists()
        # Released explicitly: closing the connection returns before the server ends its backend.
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        other.close()
    assert run_job("dishonest_evaluation", AS_OF)["created"] == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_scheduled_evaluation(worker_queue, smuggler):
    run_scheduled_job.apply_async(args=["dishonest_evaluation", AS_OF.isoformat()], queue=worker_queue)

    assert wait_for(lambda: DishonestProposal.objects.filter(enterprise=smuggler).exists()), (
        "the worker did not run the evaluation within 60 s"
    )
    proposal = DishonestProposal.objects.get(enterprise=smuggler)
    assert (proposal.criterion.code, proposal.evaluated_on) == ("art22-2", AS_OF)
