"""The certification API: the public verification contract and the application workflow."""

import datetime

import pytest

from certification import review
from certification.models import Application, Certificate
from enterprises.models import ConflictOfInterest
from tests.certification.conftest import HEALTHY_YEAR, assess_all, find_all
from tests.security.oracle import assert_refused_alike


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.select_related("enterprise", "rulebook").get()


def test_public_certificate_verification_follows_the_contract(api_client, certificate, today):
    response = api_client.get(f"/api/v1/public/certificates/{certificate.number}/")
    assert response.status_code == 200
    assert response.json() == {
        "number": certificate.number,
        "status": "active",
        "credit_grade": "advanced_certified",
        "enterprise_name": certificate.enterprise.name,
        "uscc": certificate.enterprise.uscc,
        "aeo_code": f"AEOCN{certificate.enterprise.customs_code}",
        "issued_on": today.isoformat(),
        "rulebook": "order-282",
    }
    assert api_client.get("/api/v1/public/certificates/CN-AEO-1999-000404/").status_code == 404


def test_public_enterprise_lookup_lists_the_certificates(api_client, certificate, today):
    response = api_client.get("/api/v1/public/enterprises/", {"q": certificate.enterprise.uscc})
    assert response.json()["results"][0]["certificates"] == [
        {"number": certificate.number, "status": "active", "issued_on": today.isoformat()}
    ]


def test_an_enterprise_applies_and_submits_through_the_api(
    api_client_for, catalogue, enterprise_b, enterprise_user_b
):
    client = api_client_for(enterprise_user_b)
    created = client.post(
        "/api/v1/applications/",
        {"target_grade": "advanced_certified", "business_types": ["customs_broker"]},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["allowed_actions"] == ["edit", "submit", "withdraw"]
    pk = body["id"]
    refused = client.post(f"/api/v1/applications/{pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "not self-assessed" in " ".join(refused.json()["non_field_errors"])

    assert (body["standard"]["name"], body["standard"]["announcement"]) == (
        "海关高级认证企业标准",
        "海关总署公告2026年第34号",
    )
    bad = client.post(
        f"/api/v1/applications/{pk}/assess/", {"item": "XX-99", "result": "meets"}, format="json"
    )
    assert bad.status_code == 400
    computed = client.post(f"/api/v1/applications/{pk}/assess/", {"item": "A-G-13"}, format="json")
    assert computed.status_code == 400  # no figures yet: nothing to compute from
    negative = client.post(
        f"/api/v1/applications/{pk}/financial-years/", HEALTHY_YEAR | {"total_assets": "-1"}, format="json"
    )
    assert (negative.status_code, list(negative.json())) == (400, ["total_assets"])
    figures = client.post(f"/api/v1/applications/{pk}/financial-years/", HEALTHY_YEAR, format="json")
    assert figures.status_code == 200
    assert [year["year"] for year in figures.json()["financial_years"]] == [2025]
    assessed = {row["code"]: row["self_assessment"] for row in figures.json()["items"]}
    assert (assessed["A-G-13"], assessed["A-G-14"]) == ("meets", "meets")
    # The endpoint for a plain item and the two computed ones; the other plain items set in bulk.
    walked = ["A-G-01", "A-G-13", "A-G-14"]
    Application.objects.get(pk=pk).items.exclude(item__code__in=walked).update(self_assessment="meets")
    for code in walked:
        answer = client.post(
            f"/api/v1/applications/{pk}/assess/", {"item": code, "result": "meets"}, format="json"
        )
        assert answer.status_code == 200
    submitted = client.post(f"/api/v1/applications/{pk}/submit/").json()
    assert submitted["status"] == "submitted"
    assert submitted["receipt_number"]
    assert submitted["clock"]["days_left"] == 90
    assert client.post(f"/api/v1/applications/{pk}/accept/").status_code == 403


def test_officers_drive_the_review_and_get_409_on_a_wrong_state(
    api_client_for, submitted, officer, second_officer, today
):
    client = api_client_for(officer)
    base = f"/api/v1/applications/{submitted.pk}"
    decide = {"outcome": "certify", "decision_number": "D"}
    assert client.post(f"{base}/decide/", decide, format="json").status_code == 409
    assert client.post(f"{base}/accept/").json()["status"] == "accepted"
    assert client.post(f"{base}/accept/").status_code == 409
    team = client.post(
        f"{base}/team/",
        {"officers": [officer.username, second_officer.username], "leader": officer.username},
        format="json",
    )
    assert team.json()["team"] == [officer.username, second_officer.username]
    audit = client.post(
        f"{base}/audit/", {"visit_on": today.isoformat(), "place": "Site", "agenda": "All."}, format="json"
    )
    assert audit.json()["status"] == "under_audit"
    codes = [row["code"] for row in audit.json()["items"]]
    # The team corrects the figures it found in the audit report: the solvency item is computed from them.
    weaker = HEALTHY_YEAR | {"monetary_funds": "100", "operating_cash_flow": "100", "current_assets": "1000"}
    assert client.post(f"{base}/financial-years/", weaker, format="json").status_code == 200
    assert len(codes) > 60
    # The endpoint for a plain item, the computed one and a failing one; the others set in bulk.
    find_all(submitted, officer)
    for code in ["A-G-01", "A-G-13", "A-G-54"]:
        finding = "fails" if code == "A-G-54" else "meets"
        answer = client.post(
            f"{base}/finding/", {"item": code, "finding": finding, "notes": "Seen."}, format="json"
        )
        assert answer.status_code == 200
    findings = {row["code"]: row["finding"] for row in client.get(f"{base}/").json()["items"]}
    assert findings["A-G-13"] == "basically_meets"  # only the debt ratio of 50% is within its threshold
    result = client.get(f"{base}/").json()["result"]
    assert result["passed"] is False
    assert result["failing"] == ["A-G-54"]
    due = (today + datetime.timedelta(days=10)).isoformat()
    rectification = client.post(
        f"{base}/rectification/", {"due": due, "requests": {"A-G-54": "Seals."}}, format="json"
    )
    assert rectification.json()["status"] == "rectification"
    assert (
        client.post(
            f"{base}/decide/", {"outcome": "certify", "decision_number": "D"}, format="json"
        ).status_code
        == 409
    )


def test_a_team_member_who_may_not_serve_is_answered_as_a_name_no_user_has(
    api_client_for, submitted, officer, second_officer, officer_sh, enterprise_user_b
):
    """An officer of another customs, an enterprise user or a conflicted officer: as unknown as no one."""
    ConflictOfInterest.objects.create(
        officer=second_officer, enterprise=submitted.enterprise, description="Kin."
    )
    client = api_client_for(officer)
    url = f"/api/v1/applications/{submitted.pk}"
    client.post(f"{url}/accept/")
    outsiders = [officer_sh.username, enterprise_user_b.username, second_officer.username]
    assert_refused_alike(
        lambda name: client.post(
            f"{url}/team/", {"officers": [officer.username, name], "leader": officer.username}, format="json"
        ),
        outsiders,
    )
    assert_refused_alike(
        lambda name: client.post(
            f"{url}/team/", {"officers": [officer.username, officer.username], "leader": name}, format="json"
        ),
        outsiders,
    )
    assert not Application.objects.get().team.exists()


def test_applications_and_certificates_outside_visibility_are_404(
    api_client_for, submitted, certificate, officer_sh, enterprise_user
):
    for user in (officer_sh, enterprise_user):
        client = api_client_for(user)
        assert client.get(f"/api/v1/applications/{submitted.pk}/").status_code == 404
        assert client.get(f"/api/v1/certificates/{certificate.pk}/").status_code == 404
        assert (
            client.post(f"/api/v1/applications/{submitted.pk}/withdraw/", {"reason": "x"}).status_code == 404
        )


def test_certificate_actions_through_the_api(api_client_for, certificate, officer, enterprise_user_b):
    officer_client = api_client_for(officer)
    url = f"/api/v1/certificates/{certificate.pk}"
    assert officer_client.post(f"{url}/suspend/", {"reason": ""}, format="json").status_code == 400
    suspended = officer_client.post(
        f"{url}/suspend/", {"reason": "Case.", "criminal_case": True}, format="json"
    )
    assert suspended.json()["status"] == "suspended"
    assert officer_client.post(f"{url}/surrender/", {"reason": "x"}, format="json").status_code == 403
    surrendered = api_client_for(enterprise_user_b).post(
        f"{url}/surrender/", {"reason": "Closing."}, format="json"
    )
    assert surrendered.json()["status"] == "surrendered"
    assert (
        officer_client.post(
            f"{url}/revoke/", {"reason": "x", "decision_number": "R"}, format="json"
        ).status_code
        == 409
    )


def test_a_re_review_is_opened_through_the_api(api_client_for, certificate, officer):
    response = api_client_for(officer).post(
        f"/api/v1/certificates/{certificate.pk}/re-review/",
        {"reason": "Risk alert 7.", "trigger": "risk_alert"},
        format="json",
    )
    assert response.status_code == 200
    re_review = Application.objects.get(kind="re_review")
    assert (re_review.status, re_review.certificate, re_review.trigger) == (
        "accepted",
        certificate,
        "risk_alert",
    )


def test_list_endpoints_cost_the_same_queries_for_many_rows(
    api_client_for, catalogue, offices, business_types, officer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification import applications
    from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory

    def add_application():
        enterprise = EnterpriseFactory(
            customs_office=offices["9700"], business_types=[business_types["customs_broker"]]
        )
        user = EnterpriseMembershipFactory(enterprise=enterprise).user
        application = applications.application_create(
            actor=user,
            enterprise=enterprise,
            target_grade="certified",
            business_types=[business_types["customs_broker"]],
        )
        assess_all(application, user)
        applications.application_submit(actor=user, application=application)

    client = api_client_for(officer)
    add_application()
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/applications/").json()["count"] == 1
    for _ in range(4):
        add_application()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/api/v1/applications/").json()["count"] == 5


def test_evidence_uploaded_through_the_api_is_listed_with_its_download(
    api_client_for, draft, enterprise_user_b
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client_for(enterprise_user_b)
    upload = SimpleUploadedFile("seal-register.pdf", b"%PDF-1.4 seals", content_type="application/pdf")
    response = client.post(
        f"/api/v1/applications/{draft.pk}/assess/",
        {"item": "A-G-54", "result": "meets", "files": [upload]},
        format="multipart",
    )
    assert response.status_code == 200
    row = next(item for item in response.json()["items"] if item["code"] == "A-G-54")
    assert [evidence["original_name"] for evidence in row["evidence"]] == ["seal-register.pdf"]
    assert client.get(row["evidence"][0]["download_url"]).status_code == 200
    fake = SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")
    refused = client.post(
        f"/api/v1/applications/{draft.pk}/assess/",
        {"item": "A-G-54", "result": "meets", "files": [fake]},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "files" in refused.json()
