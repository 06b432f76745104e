"""The public endpoints read from a real streaming replica, and from the primary when it is down or
behind; /healthz says which. .ci/run makes the replica with pg_basebackup (REPLICA_URL)."""

import os

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.replica import REPLICA, forget_replica_status
from tests.conftest import REQUIRE_SERVICES, database_url, wait_for
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "副本公示示例有限公司"


def replica_url():
    url = os.environ.get("REPLICA_URL", "")
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but REPLICA_URL (the streaming replica) is not set")
        pytest.skip("needs a streaming replica (REPLICA_URL; .ci/run makes one)")
    return f"{url.rstrip('/')}/{database_url().rsplit('/', 1)[1]}"


@pytest.fixture
def replica(monkeypatch):
    """The test database on the replica, as the `replica` alias DATABASE_REPLICA_URL makes."""
    url = replica_url()
    host, port = url.split("@", 1)[1].split("/", 1)[0].split(":")
    config = {**connection.settings_dict, "HOST": host, "PORT": port}
    monkeypatch.setattr(settings, "DATABASE_REPLICA_URL", url)
    connections[REPLICA] = type(connections["default"])(config, alias=REPLICA)
    forget_replica_status()
    yield url
    connections[REPLICA].close()
    del connections[REPLICA]
    forget_replica_status()


def on_the_replica(url, name):
    with psycopg.connect(url, autocommit=True) as reader:
        found = reader.execute("SELECT count(*) FROM enterprises_enterprise WHERE name = %s", [name])
        return found.fetchone()[0]


def enterprise_reads(queries):
    return [query["sql"] for query in queries if '"enterprises_enterprise"' in query["sql"]]


def test_the_public_lookup_reads_from_the_replica_and_officers_from_the_primary(
    client, replica, offices, officer
):
    EnterpriseFactory(name=NAME, customs_office=offices["9700"])
    assert wait_for(lambda: on_the_replica(replica, NAME) == 1, timeout=30), "the replica did not catch up"

    replica_queries, primary_queries = (
        CaptureQueriesContext(connections[REPLICA]),
        CaptureQueriesContext(connection),
    )
    with replica_queries as on_replica, primary_queries as on_primary:
        page = client.get("/public/", {"q": "副本公示"})
    assert NAME in page.content.decode()
    assert enterprise_reads(on_replica)
    assert not enterprise_reads(on_primary)
    assert client.get("/healthz").json()["replica"] == "ok"

    client.force_login(officer)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        listing = client.get("/enterprises/", {"q": "副本公示"})
    assert NAME in listing.content.decode()
    assert not enterprise_reads(on_replica), "an officer reads the primary, and their own writes"


def test_a_replica_down_or_behind_leaves_the_public_to_the_primary(client, replica, offices, monkeypatch):
    EnterpriseFactory(name=NAME, customs_office=offices["9700"])
    monkeypatch.setattr(settings, "REPLICA_MAX_LAG_SECONDS", -1)  # even one caught up counts as behind
    forget_replica_status()
    with CaptureQueriesContext(connection) as on_primary:
        page = client.get("/public/", {"q": "副本公示"})
    assert NAME in page.content.decode()
    assert enterprise_reads(on_primary)
    health = client.get("/healthz").json()
    assert (health["status"], health["replica"]) == ("degraded", "lagging")

    monkeypatch.setattr(settings, "REPLICA_MAX_LAG_SECONDS", 30)
    connections[REPLICA].close()
    connections[REPLICA].settings_dict["PORT"] = "1"  # nothing listens there
    forget_replica_status()
    assert NAME in client.get("/public/", {"q": "副本公示"}).content.decode()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["replica"] == "down"
