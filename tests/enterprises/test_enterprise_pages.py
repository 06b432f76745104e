import pytest

from enterprises.models import Enterprise
from tests.factories.enterprises import EnterpriseFactory, valid_uscc

pytestmark = pytest.mark.django_db


def test_list_shows_the_jurisdiction_with_filters(client, officer, enterprise_a, enterprise_b, enterprise_sh):
    client.force_login(officer)
    page = client.get("/enterprises/").content.decode()
    assert enterprise_a.name in page
    assert enterprise_b.name in page
    assert enterprise_sh.name not in page
    filtered = client.get("/enterprises/", {"credit_grade": "advanced_certified"}).content.decode()
    assert enterprise_a.name in filtered
    assert enterprise_b.name not in filtered


def test_list_empty_state(client, officer, offices):
    client.force_login(officer)
    response = client.get("/enterprises/", {"q": "没有这家企业"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No enterprise matches these filters." in response.content.decode()


def test_list_is_paginated_with_filters_kept(client, officer, offices):
    for _ in range(30):
        EnterpriseFactory(customs_office=offices["9700"])
    client.force_login(officer)
    page = client.get("/enterprises/", {"q": "测试", "page": 2}).content.decode()
    assert "q=%E6%B5%8B%E8%AF%95&amp;page=1" in page
    assert client.get("/enterprises/", {"page": 99}).status_code == 200


def test_list_query_count_is_constant(
    client, officer, offices, business_types, django_assert_max_num_queries
):
    for _ in range(25):
        EnterpriseFactory(customs_office=offices["9700"], business_types=[business_types["customs_broker"]])
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        client.get("/enterprises/")


def test_my_enterprise_opens_the_enterprise_users_own_page(client, enterprise_user_b, enterprise_b):
    client.force_login(enterprise_user_b)
    response = client.get("/enterprises/")
    assert response.status_code == 302
    assert response.url == f"/enterprises/{enterprise_b.pk}/"
    searched = client.get("/enterprises/", {"q": enterprise_b.uscc})  # a search still lists
    assert searched.status_code == 200
    assert enterprise_b.name in searched.content.decode()


@pytest.mark.parametrize("role_fixture", ["officer_sh", "enterprise_user_b"])
def test_detail_outside_visibility_is_404(client, request, enterprise_a, enterprise_b, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(f"/enterprises/{enterprise_a.pk}/").status_code == 404
    assert client.get(f"/enterprises/{enterprise_a.pk}/edit/").status_code == 404


def form_data(offices, **overrides):
    data = {
        "uscc": valid_uscc(8_000_001),
        "customs_code": "9700800001",
        "name": "西宁新企业有限公司",
        "name_en": "",
        "address": "",
        "legal_representative": "",
        "customs_office": offices["9700"].pk,
    }
    data.update(overrides)
    return data


def test_officer_registers_an_enterprise_in_the_web_ui(client, officer, offices):
    client.force_login(officer)
    response = client.post("/enterprises/new/", form_data(offices))
    enterprise = Enterprise.objects.get(customs_code="9700800001")
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"


def test_invalid_uscc_shows_an_inline_error_and_saves_nothing(client, officer, offices):
    client.force_login(officer)
    response = client.post(
        "/enterprises/new/", form_data(offices, uscc="91350100M000100Y44"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "The check character is wrong" in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_office_outside_the_jurisdiction_is_not_offered(client, officer, offices):
    client.force_login(officer)
    response = client.post("/enterprises/new/", form_data(offices, customs_office=offices["2200"].pk))
    assert response.status_code == 200
    assert "customs_office" in response.context["form"].errors
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("role_fixture", ["enterprise_user", "coordinator"])
def test_only_officers_open_the_registration_form(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get("/enterprises/new/").status_code == 403


def test_edit_keeps_identity_codes(client, officer, enterprise_b, offices):
    client.force_login(officer)
    original_uscc = enterprise_b.uscc
    client.post(
        f"/enterprises/{enterprise_b.pk}/edit/",
        form_data(offices, uscc=valid_uscc(8_000_009), name="改名后的公司"),
    )
    enterprise_b.refresh_from_db()
    assert enterprise_b.name == "改名后的公司"
    assert enterprise_b.uscc == original_uscc
