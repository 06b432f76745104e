import pytest

from enterprises.models import Enterprise
from tests.factories.enterprises import EnterpriseFactory, valid_uscc

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {
    "id",
    "uscc",
    "customs_code",
    "name",
    "name_en",
    "business_types",
    "customs_office",
    "credit_grade",
    "aeo_code",
}


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_list_is_paginated_and_limited_to_the_jurisdiction(
    api_client_for, officer, enterprise_a, enterprise_b, enterprise_sh
):
    body = api_client_for(officer).get("/api/v1/enterprises/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {enterprise_a.pk, enterprise_b.pk}


def test_detail_has_the_contract_fields(api_client_for, officer, enterprise_a):
    body = api_client_for(officer).get(f"/api/v1/enterprises/{enterprise_a.pk}/").json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["credit_grade"] == "advanced_certified"
    assert body["aeo_code"] == f"AEOCN{enterprise_a.customs_code}"
    assert body["customs_office"] == "9703"
    assert body["business_types"] == ["consignee_consignor"]


def test_aeo_code_is_null_for_non_aeo_grades(api_client_for, officer, enterprise_b):
    assert api_client_for(officer).get(f"/api/v1/enterprises/{enterprise_b.pk}/").json()["aeo_code"] is None


@pytest.mark.parametrize("role_fixture", ["officer_sh", "enterprise_user_b", "coordinator"])
def test_enterprise_outside_visibility_is_404(
    request, api_client_for, enterprise_a, enterprise_b, role_fixture
):
    user = request.getfixturevalue(role_fixture)
    hidden = enterprise_b if role_fixture == "coordinator" else enterprise_a
    response = api_client_for(user).get(f"/api/v1/enterprises/{hidden.pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_enterprise_user_lists_exactly_their_own(api_client_for, enterprise_user, enterprise_a, enterprise_b):
    assert ids(api_client_for(enterprise_user).get("/api/v1/enterprises/")) == {enterprise_a.pk}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "甲"}, {"a"}),
        ({"search": "qinghai b"}, {"b"}),
        ({"credit_grade": "advanced_certified"}, {"a"}),
        ({"customs_office": "9700"}, {"b"}),
        ({"business_type": "customs_broker"}, {"b"}),
    ],
)
def test_filters(api_client_for, officer, enterprise_a, enterprise_b, params, expected):
    by_key = {"a": enterprise_a.pk, "b": enterprise_b.pk}
    response = api_client_for(officer).get("/api/v1/enterprises/", params)
    assert ids(response) == {by_key[key] for key in expected}


def test_search_by_exact_uscc_and_customs_code(api_client_for, officer, enterprise_a, enterprise_b):
    client = api_client_for(officer)
    assert ids(client.get("/api/v1/enterprises/", {"search": enterprise_a.uscc})) == {enterprise_a.pk}
    assert ids(client.get("/api/v1/enterprises/", {"search": enterprise_b.customs_code})) == {enterprise_b.pk}


def test_a_search_shaped_like_a_code_looks_up_codes_and_a_word_looks_up_names(
    api_client_for, officer, offices
):
    """Codes are found exactly (lower case too); a ten-letter English word is still a name fragment."""
    electronic = EnterpriseFactory(customs_office=offices["9703"], name_en="Qinghai Electronic Co., Ltd.")
    coded = EnterpriseFactory(customs_office=offices["9703"], customs_code="9703ELECT1")
    client = api_client_for(officer)
    assert ids(client.get("/api/v1/enterprises/", {"search": "Electronic"})) == {electronic.pk}
    assert ids(client.get("/api/v1/enterprises/", {"search": "9703elect1"})) == {coded.pk}
    assert ids(client.get("/api/v1/enterprises/", {"search": coded.uscc.lower()})) == {coded.pk}


def test_unknown_grade_filter_is_a_400(api_client_for, officer):
    response = api_client_for(officer).get("/api/v1/enterprises/", {"credit_grade": "excellent"})
    assert response.status_code == 400
    assert "credit_grade" in response.json()


def new_enterprise(**overrides):
    payload = {
        "uscc": valid_uscc(9_000_001),
        "customs_code": "9703000999",
        "name": "青海新注册有限公司",
        "name_en": "Qinghai Newly Registered Co., Ltd.",
        "customs_office": "9703",
        "business_types": ["consignee_consignor", "customs_broker"],
    }
    payload.update(overrides)
    return payload


def test_officer_registers_an_enterprise(api_client_for, officer, business_types):
    response = api_client_for(officer).post("/api/v1/enterprises/", new_enterprise(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["credit_grade"] == "regular"
    assert sorted(body["business_types"]) == ["consignee_consignor", "customs_broker"]
    enterprise = Enterprise.objects.get(pk=body["id"])
    assert enterprise.history.first().history_user == officer


@pytest.mark.parametrize(
    "uscc",
    ["91350100M000100Y4", "91350100I000100Y43", "91350100M000100Y44", ""],
    ids=["length", "alphabet", "check-character", "empty"],
)
def test_invalid_uscc_is_a_400_on_uscc_and_creates_nothing(api_client_for, officer, business_types, uscc):
    response = api_client_for(officer).post("/api/v1/enterprises/", new_enterprise(uscc=uscc), format="json")
    assert response.status_code == 400
    assert "uscc" in response.json()
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("field", ["uscc", "customs_code"])
def test_duplicate_identity_code_is_a_400(api_client_for, officer, enterprise_a, business_types, field):
    payload = new_enterprise(**{field: getattr(enterprise_a, field)})
    response = api_client_for(officer).post("/api/v1/enterprises/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Enterprise.objects.count() == 1


def test_officer_cannot_register_outside_the_jurisdiction(api_client_for, officer, business_types):
    response = api_client_for(officer).post(
        "/api/v1/enterprises/", new_enterprise(customs_office="2200"), format="json"
    )
    assert response.status_code == 400
    assert "customs_office" in response.json()
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("role_fixture", ["enterprise_user", "coordinator"])
def test_only_officers_register_enterprises(request, api_client_for, business_types, role_fixture):
    user = request.getfixturevalue(role_fixture)
    before = Enterprise.objects.count()
    response = api_client_for(user).post("/api/v1/enterprises/", new_enterprise(), format="json")
    assert response.status_code == 403
    assert Enterprise.objects.count() == before


def test_officer_updates_profile_but_not_identity_codes(api_client_for, officer, enterprise_a):
    response = api_client_for(officer).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/",
        {"legal_representative": "新代表", "uscc": valid_uscc(9_000_002)},
        format="json",
    )
    assert response.status_code == 200
    enterprise_a.refresh_from_db()
    assert enterprise_a.legal_representative == "新代表"
    assert response.json()["uscc"] == enterprise_a.uscc != valid_uscc(9_000_002)


def test_malformed_json_is_a_400_not_a_500(api_client_for, officer):
    response = api_client_for(officer).generic(
        "POST", "/api/v1/enterprises/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_unknown_api_path_is_a_json_404(api_client_for, officer):
    response = api_client_for(officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_the_page(
    api_client_for, officer, offices, business_types, django_assert_max_num_queries, page_size
):
    for _ in range(page_size):
        EnterpriseFactory(customs_office=offices["9700"], business_types=[business_types["customs_broker"]])
    client = api_client_for(officer)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/enterprises/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
