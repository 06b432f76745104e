"""The partner-customs verification API: clients made by administrators, batches of AEO codes, signed
answers a partner can check with the published key, the log, and the limits."""

import base64
import datetime
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from certification import certificates, partner_verification, signing
from certification.api.partner import PartnerRateThrottle
from certification.models import MutualRecognitionPartner, PartnerVerification
from core.errors import InvalidState, NotPermitted
from tests.certification.test_mutual_recognition import holder

URL = "/api/v1/partner/verifications/"
DAY = datetime.date


@pytest.fixture
def singapore_client(administrator):
    client, key = partner_verification.partner_client_create(
        actor=administrator,
        partner=MutualRecognitionPartner.objects.get(economy_en="Singapore"),
        name="Singapore Customs AEO office",
    )
    return client, key


def partner_api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Partner {key}")
    return api


def verify(key, codes):
    return partner_api(key).post(URL, {"aeo_codes": codes}, format="json", HTTP_ACCEPT_LANGUAGE="en")


def signature_holds(answer, public_key_pem):
    """Checked as a partner would: the published key, the payload as canonical JSON."""
    public_key = serialization.load_pem_public_key(public_key_pem.encode())
    body = json.dumps(answer["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        public_key.verify(base64.b64decode(answer["signature"]["value"]), body)
    except Exception:
        return False
    return True


@pytest.mark.django_db
def test_a_partner_verifies_a_batch_and_checks_the_signature(
    singapore_client, officer, offices, business_types, api_client
):
    _, key = singapore_client
    active = holder(offices, DAY(2026, 4, 1))
    suspended = holder(offices, DAY(2026, 4, 1))
    certificates.certificate_suspend(
        actor=officer, certificate=suspended, reason="Case XN-8.", criminal_case=True
    )
    revoked = holder(offices, DAY(2026, 4, 1))
    certificates.certificate_revoke(
        actor=officer, certificate=revoked, reason="Determined dishonest.", decision_number="XN-R-1"
    )
    codes = [
        active.aeo_code.lower(),
        suspended.aeo_code,
        revoked.aeo_code,
        "AEOCN0000000000",
        "CN-AEO-2026-1",
    ]

    response = verify(key, codes)

    assert response.status_code == 200
    answer = response.json()
    assert answer["payload"]["partner"] == "Singapore"
    assert [(row["aeo_code"], row["status"]) for row in answer["payload"]["results"]] == [
        (active.aeo_code, "in_force"),
        (suspended.aeo_code, "suspended"),
        (revoked.aeo_code, "revoked"),
        ("AEOCN0000000000", "unknown"),
        ("CN-AEO-2026-1", "unknown"),
    ]
    first = answer["payload"]["results"][0]
    assert (first["credit_grade"], first["certificate_number"]) == ("advanced_certified", active.number)
    published = api_client.get("/api/v1/partner/signing-key/").json()
    assert published["algorithm"] == "Ed25519"
    assert answer["signature"]["key_id"] == published["key_id"]
    assert signature_holds(answer, published["public_key"])
    tampered = {**answer, "payload": {**answer["payload"], "results": answer["payload"]["results"][1:]}}
    assert not signature_holds(tampered, published["public_key"])

    logged = PartnerVerification.objects.get()
    assert (logged.codes, logged.in_force, logged.unknown) == (5, 1, 2)
    canonical = json.dumps(answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert logged.answer_digest == hashlib.sha256(canonical).hexdigest()


@pytest.mark.django_db
def test_the_answers_are_signed_with_the_configured_key(settings, singapore_client):
    private = Ed25519PrivateKey.generate()
    settings.PARTNER_SIGNING_KEY = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    answer = verify(singapore_client[1], ["AEOCN0000000000"]).json()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert signature_holds(answer, public_pem.decode())


@pytest.mark.django_db
def test_a_batch_of_up_to_1000_codes_costs_the_same_few_queries(singapore_client, offices, business_types):
    certificate = holder(offices, DAY(2026, 4, 1))
    codes = [certificate.aeo_code] + [f"AEOCN9{n:09d}" for n in range(999)]
    with CaptureQueriesContext(connection) as one_thousand:
        response = verify(singapore_client[1], codes)
    assert response.status_code == 200
    assert len(response.json()["payload"]["results"]) == 1000
    with CaptureQueriesContext(connection) as one:
        verify(singapore_client[1], codes[:1])
    # The client by its key, the certificates of the batch, the log entry.
    assert len(one_thousand) == len(one) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"aeo_codes": [f"AEOCN9{n:09d}" for n in range(1001)]},
        {"aeo_codes": []},
        {"aeo_codes": "AEOCN0000000000"},
        {"aeo_codes": ["x" * 31]},
        {},
    ],
    ids=["1001 codes", "none", "not a list", "too long", "missing"],
)
def test_a_bad_batch_gets_a_clear_error_and_logs_nothing(singapore_client, body):
    response = partner_api(singapore_client[1]).post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "aeo_codes" in response.json()
    assert not PartnerVerification.objects.exists()


@pytest.mark.django_db
def test_only_an_active_client_key_is_let_in(singapore_client, administrator, api_client_for, officer):
    client, key = singapore_client
    assert APIClient().post(URL, {"aeo_codes": ["AEOCN0000000000"]}, format="json").status_code == 401
    assert verify("not-a-key", ["AEOCN0000000000"]).status_code == 401
    # A customs officer's own token is no partner's key.
    assert (
        api_client_for(officer).post(URL, {"aeo_codes": ["AEOCN0000000000"]}, format="json").status_code
        == 401
    )
    new_key = partner_verification.partner_client_key_renew(actor=administrator, client=client)
    assert verify(key, ["AEOCN0000000000"]).status_code == 401
    assert verify(new_key, ["AEOCN0000000000"]).status_code == 200
    partner_verification.partner_client_set_active(actor=administrator, client=client, active=False)
    assert verify(new_key, ["AEOCN0000000000"]).status_code == 401
    partner_verification.partner_client_set_active(actor=administrator, client=client, active=True)
    assert verify(new_key, ["AEOCN0000000000"]).status_code == 200


@pytest.mark.django_db
def test_a_partner_verifies_only_from_the_day_its_arrangement_is_in_force(administrator, travel):
    thailand = MutualRecognitionPartner.objects.get(economy_en="Thailand")  # in force from 2025-08-01
    _, key = partner_verification.partner_client_create(
        actor=administrator, partner=thailand, name="Thai Customs"
    )
    travel(DAY(2025, 7, 31))
    refused = verify(key, ["AEOCN0000000000"])
    assert refused.status_code == 403
    assert "not in force" in refused.json()["detail"]
    travel(DAY(2025, 8, 1))
    assert verify(key, ["AEOCN0000000000"]).status_code == 200


@pytest.mark.django_db
def test_only_administrators_make_clients_and_only_for_arrangements_put_into_force(administrator, officer):
    singapore = MutualRecognitionPartner.objects.get(economy_en="Singapore")
    with pytest.raises(NotPermitted):
        partner_verification.partner_client_create(actor=officer, partner=singapore, name="x")
    russia = MutualRecognitionPartner.objects.get(economy_en="Russia")  # signed, not in force
    with pytest.raises(InvalidState):
        partner_verification.partner_client_create(actor=administrator, partner=russia, name="x")


@pytest.mark.django_db
def test_each_partner_has_its_own_rate(singapore_client, administrator, monkeypatch):
    monkeypatch.setattr(PartnerRateThrottle, "THROTTLE_RATES", {"partner": "2/minute"})
    other, other_key = partner_verification.partner_client_create(
        actor=administrator,
        partner=MutualRecognitionPartner.objects.get(economy_en="New Zealand"),
        name="New Zealand Customs",
    )
    key = singapore_client[1]
    assert [verify(key, ["AEOCN0000000000"]).status_code for _ in range(3)] == [200, 200, 429]
    assert verify(other_key, ["AEOCN0000000000"]).status_code == 200


@pytest.mark.django_db
def test_the_admin_shows_a_new_key_once(client, administrator):
    client.force_login(administrator)
    singapore = MutualRecognitionPartner.objects.get(economy_en="Singapore")
    response = client.post(
        "/admin/certification/partnerclient/add/",
        {"partner": singapore.pk, "name": "Singapore Customs"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    shown = [str(message) for message in response.context["messages"]]
    key = shown[0].rsplit(": ", 1)[1]
    assert verify(key, ["AEOCN0000000000"]).status_code == 200
    assert (
        key
        not in client.get("/admin/certification/partnerclient/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_signature_is_over_canonical_json():
    assert signing.canonical({"b": 1, "a": "高级"}) == '{"a":"高级","b":1}'.encode()


@pytest.mark.django_db
def test_the_admin_suspends_and_restores_a_clients_access(client, administrator, singapore_client):
    partner_client, key = singapore_client
    client.force_login(administrator)

    def act(action):
        return client.post(
            "/admin/certification/partnerclient/",
            {"action": action, "_selected_action": [partner_client.pk], "index": 0},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    act("deactivate")
    assert verify(key, ["AEOCN0000000000"]).status_code == 401
    act("activate")
    assert verify(key, ["AEOCN0000000000"]).status_code == 200
    again = act("activate")  # already allowed: said so, nothing changed
    assert "The client is already in that state." in again.content.decode()
