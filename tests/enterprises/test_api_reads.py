"""What a read of the integration API costs: its queries, and fields copied rather than rebuilt."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.api.serializers import EnterpriseSerializer, MeasuresSerializer
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db


def read(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.json(), [query["sql"] for query in captured]


@pytest.mark.parametrize("reader", ["officer", "gac_officer", "administrator"])
def test_the_token_brings_its_user_and_office_in_one_query(request, api_client_for, reader, enterprise_b):
    """The token, the user and the office; the enterprise; its business types."""
    client = api_client_for(request.getfixturevalue(reader))
    body, queries = read(client, f"/api/v1/enterprises/{enterprise_b.pk}/")
    assert body["id"] == enterprise_b.pk
    assert len(queries) == 3


def test_the_general_administration_reads_the_register_unfiltered(api_client_for, gac_officer, enterprise_sh):
    body, queries = read(api_client_for(gac_officer), "/api/v1/enterprises/", {"search": enterprise_sh.uscc})
    assert [row["id"] for row in body["results"]] == [enterprise_sh.pk]
    assert not any("IN (SELECT" in sql for sql in queries)


def test_a_short_page_gives_the_count_without_counting(api_client_for, officer, enterprise_a, enterprise_b):
    body, queries = read(api_client_for(officer), "/api/v1/enterprises/")
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert not any("COUNT(" in sql for sql in queries)


def test_a_full_page_counts_and_the_last_page_does_not(api_client_for, officer, offices):
    for _ in range(5):
        EnterpriseFactory(customs_office=offices["9700"])
    client = api_client_for(officer)
    first, first_queries = read(client, "/api/v1/enterprises/", {"page_size": 2})
    last, last_queries = read(client, "/api/v1/enterprises/", {"page_size": 2, "page": 3})
    assert (first["count"], len(first["results"]), first["previous"]) == (5, 2, None)
    assert first["next"].endswith("?page=2&page_size=2")
    assert (last["count"], len(last["results"]), last["next"]) == (5, 1, None)
    assert last["previous"].endswith("?page=2&page_size=2")
    assert [any("COUNT(" in sql for sql in queries) for queries in (first_queries, last_queries)] == [
        True,
        False,
    ]


@pytest.mark.parametrize("page", ["4", "0", "x", "last"])
def test_pages_past_the_end_or_not_numbers_answer_as_before(api_client_for, officer, offices, page):
    for _ in range(5):
        EnterpriseFactory(customs_office=offices["9700"])
    response = api_client_for(officer).get("/api/v1/enterprises/", {"page_size": 2, "page": page})
    if page == "last":
        assert response.status_code == 200
        assert (response.json()["count"], len(response.json()["results"])) == (5, 1)
    else:
        assert response.status_code == 404


def test_each_serializer_binds_its_own_copies_of_the_fields():
    first, second = EnterpriseSerializer(), EnterpriseSerializer()
    business_types = first.fields["business_types"]
    assert business_types is not second.fields["business_types"]
    assert business_types.parent is first
    assert business_types.child_relation is not second.fields["business_types"].child_relation
    assert business_types.child_relation.parent is business_types
    measures = MeasuresSerializer().fields["measures"]
    assert measures.child.parent is measures
    assert measures.child is not MeasuresSerializer().fields["measures"].child
