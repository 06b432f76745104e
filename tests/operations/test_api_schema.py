import pytest

pytestmark = pytest.mark.django_db

CONTRACT_PATHS = ["/api/v1/auth/token/", "/api/v1/enterprises/", "/api/v1/enterprises/{id}/"]


def test_openapi3_schema_lists_the_contract_paths(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in CONTRACT_PATHS:
        assert path in schema["paths"], path


def test_interactive_docs_are_served_from_local_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr" not in page
    assert "unpkg.com" not in page


def test_schema_generation_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", "/dev/null")
