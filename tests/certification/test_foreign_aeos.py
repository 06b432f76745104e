"""Inbound recognition: a Chinese enterprise's foreign trading partners certified as AEOs by partner
customs, recorded on its page or through the API and looked up by identifier."""

import pytest

from certification import foreign_aeos
from certification.models import ForeignAeo, MutualRecognitionPartner
from core.errors import InvalidState, NotPermitted

pytestmark = pytest.mark.django_db


def partner(economy_en):
    return MutualRecognitionPartner.objects.get(economy_en=economy_en)


def record(
    actor, enterprise, identifier="SG-AEO-00123", economy="Singapore", name="Lion City Trading Pte. Ltd."
):
    return foreign_aeos.foreign_aeo_record(
        actor=actor, enterprise=enterprise, name=name, partner=partner(economy), identifier=identifier
    )


def test_the_enterprise_records_a_partner_on_its_page_and_customs_finds_it(
    client, enterprise_user, enterprise_a, officer
):
    client.force_login(enterprise_user)
    form = client.get(f"/certification/foreign-aeos/new/{enterprise_a.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Russia" not in form.content.decode()  # signed, not in force: no benefits to grant
    response = client.post(
        f"/certification/foreign-aeos/new/{enterprise_a.pk}/",
        {
            "name": "Lion City Trading Pte. Ltd.",
            "partner": partner("Singapore").pk,
            "identifier": " sg-aeo-00123 ",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    page = client.get(enterprise_a.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SG-AEO-00123" in page
    assert "Lion City Trading Pte. Ltd." in page
    client.force_login(officer)
    found = client.get("/certification/foreign-aeos/", {"q": "aeo-00123"}, HTTP_ACCEPT_LANGUAGE="en")
    assert enterprise_a.display_name in found.content.decode()
    nothing = client.get("/certification/foreign-aeos/", {"q": "NZ-1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No foreign AEO matches" in nothing.content.decode()


def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(client, enterprise_user, enterprise_a):
    client.force_login(enterprise_user)
    url = f"/certification/foreign-aeos/new/{enterprise_a.pk}/"
    bad = client.post(
        url,
        {"name": "X", "partner": partner("Singapore").pk, "identifier": "<script>"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 200
    assert "Enter the AEO identifier as the partner&#x27;s customs issued it" in bad.content.decode()
    not_in_force = client.post(
        url, {"name": "X", "partner": partner("Russia").pk, "identifier": "RU-1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Select a valid choice" in not_in_force.content.decode()
    record(enterprise_user, enterprise_a)
    twice = client.post(
        url,
        {"name": "Lion City", "partner": partner("Singapore").pk, "identifier": "SG-AEO-00123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "This AEO is recorded for the enterprise already." in twice.content.decode()
    assert ForeignAeo.objects.count() == 1


def test_only_those_who_see_the_enterprise_keep_its_partners(
    client, enterprise_user_b, enterprise_a, officer, officer_sh
):
    with pytest.raises(NotPermitted):
        record(enterprise_user_b, enterprise_a)
    with pytest.raises(NotPermitted):
        record(officer_sh, enterprise_a)
    kept = record(officer, enterprise_a)
    client.force_login(enterprise_user_b)
    assert client.post(f"/certification/foreign-aeos/{kept.pk}/remove/").status_code == 404
    assert client.get(f"/certification/foreign-aeos/new/{enterprise_a.pk}/").status_code == 404
    assert kept.identifier not in client.get("/certification/foreign-aeos/", {"q": "SG"}).content.decode()


def test_a_partner_not_yet_in_force_is_refused_by_the_service(officer, enterprise_a, travel):
    import datetime

    travel(datetime.date(2025, 7, 31))  # Thailand's arrangement is in force from 2025-08-01
    with pytest.raises(InvalidState):
        record(officer, enterprise_a, "TH-AEO-1", "Thailand")
    travel(datetime.date(2025, 8, 1))
    assert record(officer, enterprise_a, "TH-AEO-1", "Thailand").identifier == "TH-AEO-1"


def test_removing_a_partner_is_recorded(client, officer, enterprise_a):
    kept = record(officer, enterprise_a)
    client.force_login(officer)
    response = client.post(
        f"/certification/foreign-aeos/{kept.pk}/remove/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Lion City Trading Pte. Ltd. is no longer recorded." in response.content.decode()
    assert not ForeignAeo.objects.exists()


def test_the_api_records_looks_up_and_removes(api_client_for, officer, enterprise_a, enterprise_b, offices):
    api = api_client_for(officer)
    created = api.post(
        "/api/v1/foreign-aeos/",
        {
            "enterprise_uscc": enterprise_a.uscc,
            "name": "Kiwi Exports Ltd",
            "partner": "New Zealand",
            "identifier": "NZ-SES-0042",
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["partner"] == "New Zealand"
    found = api.get("/api/v1/foreign-aeos/", {"q": "NZ-SES"}).json()["results"]
    assert [(row["identifier"], row["enterprise_uscc"]) for row in found] == [
        ("NZ-SES-0042", enterprise_a.uscc)
    ]
    refused = api.post(
        "/api/v1/foreign-aeos/",
        {"enterprise_uscc": enterprise_a.uscc, "name": "X", "partner": "Russia", "identifier": "RU-1"},
        format="json",
    )
    assert refused.status_code == 409
    unknown = api.post(
        "/api/v1/foreign-aeos/",
        {"enterprise_uscc": "9" * 18, "name": "X", "partner": "Singapore", "identifier": "SG-1"},
        format="json",
    )
    assert unknown.status_code == 400
    assert "enterprise_uscc" in unknown.json()
    assert api.delete(f"/api/v1/foreign-aeos/{created.json()['id']}/").status_code == 204
    assert not ForeignAeo.objects.exists()
