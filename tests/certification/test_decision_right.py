"""Who decides a certification: a certification-qualified officer of the directly-under customs
(Order 251/282 practice: the directly-under customs' enterprise-management division decides; officers of
a subordinate customs serve on the team and audit). The certificate is issued in its name."""

import io

import pytest
from pypdf import PdfReader

from accounts.models import Role
from certification import certificate_document, qr_codes, review, workflow
from certification.models import Certificate
from core.errors import NotPermitted
from tests.certification.conftest import find_all
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

DECIDE = {"outcome": "certify", "decision_number": "XN-AEO-7", "reason": ""}


@pytest.fixture
def found(under_audit, officer, offices):
    """An application with every finding recorded, of an enterprise Xihai Customs supervises."""
    find_all(under_audit, officer)
    under_audit.enterprise.customs_office = offices["9703"]
    under_audit.enterprise.save()
    return under_audit


def test_a_subordinate_customs_officer_on_the_team_audits_but_cannot_decide(
    found, second_officer, client, api_client_for
):
    second_officer.certification_qualified = True  # qualified, but of Xihai Customs, below Xining
    second_officer.save()
    assert "certify" not in workflow.allowed_actions(second_officer, found)
    with pytest.raises(NotPermitted, match="directly-under customs"):
        review.application_certify(actor=second_officer, application=found, decision_number="XH-1")
    client.force_login(second_officer)
    assert client.get(f"/certification/{found.pk}/decide/").status_code == 403
    assert client.post(f"/certification/{found.pk}/decide/", DECIDE).status_code == 403
    api = api_client_for(second_officer).post(
        f"/api/v1/applications/{found.pk}/decide/", DECIDE, format="json"
    )
    assert api.status_code == 403
    assert not Certificate.objects.exists()


def test_an_officer_of_the_directly_under_customs_decides_only_when_qualified(found, offices, officer):
    unqualified = UserFactory(role=Role.OFFICER, office=offices["9700"])
    assert "certify" not in workflow.allowed_actions(unqualified, found)
    assert "refuse" not in workflow.allowed_actions(unqualified, found)
    with pytest.raises(NotPermitted):
        review.application_refuse(actor=unqualified, application=found, decision_number="XN-1", reason="No.")
    assert {"certify", "refuse"} <= set(workflow.allowed_actions(officer, found))
    review.application_certify(actor=officer, application=found, decision_number="XN-AEO-7")
    assert Certificate.objects.get().enterprise == found.enterprise


def test_an_administrator_of_the_general_administration_does_not_decide(found, administrator):
    administrator.certification_qualified = True
    administrator.save()
    assert "certify" not in workflow.allowed_actions(administrator, found)


def test_the_certificate_is_issued_in_the_name_of_the_directly_under_customs(found, officer, rf):
    review.application_certify(actor=officer, application=found, decision_number="XN-AEO-7")
    certificate = Certificate.objects.select_related("enterprise__customs_office", "rulebook").get()
    assert certificate.enterprise.customs_office.code == "9703"  # supervised by Xihai Customs
    content = certificate_document.certificate_pdf(
        certificate, qr_codes.verification_url(rf.get("/"), certificate)
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "发证海关 Issued by 西宁海关" in text
    assert "西海海关" not in text


def test_the_administrator_grants_the_qualification_in_the_admin(client, administrator, offices):
    officer = UserFactory(role=Role.OFFICER, office=offices["9700"])
    client.force_login(administrator)
    page = client.get(f"/admin/accounts/user/{officer.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert "certification qualified" in page.content.decode().lower()
