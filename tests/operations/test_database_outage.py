"""PostgreSQL lost mid-run: the request answers 503 with Retry-After (a page, or JSON under /api/),
writes nothing, and the next request succeeds.

The test ends its own database session with pg_terminate_backend, from a second connection, as a
restart of the server ends every session; nothing else on the server is touched.
"""

import contextlib

import pytest
from django.db import close_old_connections, connection, connections

from accounts.models import ActivityEntry
from enterprises.models import Enterprise, LedgerEntry
from tests.concurrency import require_postgresql
from tests.factories.enterprises import valid_uscc

# The tests end the request's server session: behind a pooler the client's connection would survive it.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.direct_database]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REGISTER = 'INSERT INTO "enterprises_enterprise"'


@pytest.fixture(autouse=True)
def _postgresql():
    require_postgresql()


def end_own_session():
    """End this thread's database session from another connection, as a server restart would."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # returns once it has ended
    finally:
        other.close()


@contextlib.contextmanager
def database_lost_after(statement):
    """End the session once, right after the first SQL statement beginning with `statement` ran:
    the rest of that request's transaction never reaches the server."""
    cut = []

    def run(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith(statement) and not cut:
            cut.append(sql)
            end_own_session()
        return result

    with connection.execute_wrapper(run):
        yield
    assert cut, f"no statement began with {statement}"


def nothing_registered():
    return not (
        Enterprise.objects.exists()
        or Enterprise.history.exists()
        or LedgerEntry.objects.exists()
        or ActivityEntry.objects.filter(verb="enterprise.created").exists()
    )


def test_a_registration_cut_off_by_the_database_answers_503_writes_nothing_and_can_be_sent_again(
    client, api_client_for, officer, offices, business_types
):
    """A page and an API call lose the database half-way through registering an enterprise (its row
    written, its business types, history, ledger entry and activity entry not yet)."""
    client.force_login(officer)
    form = {
        "uscc": valid_uscc(8_100_001),
        "customs_code": "9700810001",
        "name": "西宁断线测试有限公司",
        "customs_office": offices["9700"].pk,
    }
    with database_lost_after(REGISTER):
        page = client.post("/enterprises/new/", form, **EN)
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "This request changed nothing" in page.content.decode()
    assert nothing_registered()

    api = api_client_for(officer)
    body = {
        "uscc": valid_uscc(8_100_002),
        "customs_code": "9703810002",
        "name": "青海断线测试有限公司",
        "customs_office": "9703",
        "business_types": ["customs_broker"],
    }
    with database_lost_after(REGISTER):
        call = api.post("/api/v1/enterprises/", body, format="json", **EN)
    assert (call.status_code, call["Retry-After"]) == (503, "30")
    assert call.json() == {"detail": "The database is unavailable for a moment. Please try again shortly."}
    assert nothing_registered()

    assert client.post("/enterprises/new/", form, **EN).status_code == 302
    assert api.post("/api/v1/enterprises/", body, format="json").status_code == 201
    assert [enterprise.ledger_entries.count() for enterprise in Enterprise.objects.all()] == [1, 1]


def test_a_session_ended_between_requests_is_replaced_or_answered_with_503(client, officer):
    """The server checks a kept connection when a request starts (CONN_HEALTH_CHECKS), so after a
    restart the first request already gets a new one. Without that check the first query is a
    middleware's reading the session: its error reaches the server-error handler, which answers 503
    the same way, and the request after succeeds."""
    client.force_login(officer)
    assert client.get("/enterprises/").status_code == 200
    end_own_session()
    close_old_connections()  # what Django does when a request starts; the test client leaves it out
    assert client.get("/enterprises/").status_code == 200

    client.raise_request_exception = False  # the answer a browser gets, not the exception
    end_own_session()
    page = client.get("/enterprises/", **EN)
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "This request changed nothing" in page.content.decode()
    end_own_session()
    api = client.get("/api/v1/enterprises/", **EN)
    assert (api.status_code, api["Retry-After"]) == (503, "30")
    assert api.json() == {"detail": "The database is unavailable for a moment. Please try again shortly."}
    assert client.get("/enterprises/").status_code == 200
