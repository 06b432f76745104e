"""Certificates: numbers under concurrency, the signed QR code, status changes through the ledger,
re-review, the PDF and public verification."""

import io
import threading

import pytest
from django.db import connection, transaction
from django.utils import translation
from pypdf import PdfReader

from certification import certificate_document, certificates, qr_codes, re_review, review
from certification.certificates import next_certificate_number
from certification.eligibility import application_bar
from certification.models import Application, Certificate, CertificateNumberCounter, Result
from certification.qr_codes import qr_token, verify_token
from core.errors import InvalidState, NotPermitted
from tests.certification.conftest import find_all
from tests.factories.accounts import UserFactory


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.select_related("enterprise").get()


def test_numbers_are_sequential_per_year_and_never_reused(db):
    assert next_certificate_number(2026) == "CN-AEO-2026-000001"
    assert next_certificate_number(2026) == "CN-AEO-2026-000002"
    assert next_certificate_number(2027) == "CN-AEO-2027-000001"
    CertificateNumberCounter.objects.filter(year=2026).update(last=41)
    assert next_certificate_number(2026) == "CN-AEO-2026-000042"


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_never_shares_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are tested on PostgreSQL; CI runs on PostgreSQL")
    threads, start, numbers, errors = 8, threading.Barrier(8), [], []

    def issue():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(next_certificate_number(2030))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=issue) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(numbers) == [f"CN-AEO-2030-{n:06d}" for n in range(1, 41)]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_officers_certifying_at_once_issue_one_certificate(under_audit, officer, offices):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are tested on PostgreSQL; CI runs on PostgreSQL")
    find_all(under_audit, officer)
    colleague = UserFactory(role="officer", office=offices["9700"], certification_qualified=True)
    start, outcomes = threading.Barrier(2), []

    def certify(actor):
        try:
            start.wait()
            review.application_certify(actor=actor, application=under_audit, decision_number="D-1")
            outcomes.append("certified")
        except InvalidState:
            outcomes.append("refused")
        finally:
            connection.close()

    workers = [threading.Thread(target=certify, args=(actor,)) for actor in (officer, colleague)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["certified", "refused"]
    assert Certificate.objects.count() == 1
    assert under_audit.enterprise.ledger_entries.filter(cause="certification").count() == 1


def test_the_qr_code_verifies_only_the_genuine_certificate(certificate):
    token = qr_token(certificate)
    assert verify_token(token).genuine
    assert verify_token(token).certificate == certificate
    assert not verify_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]).genuine
    assert not verify_token("").genuine
    assert not verify_token("not-a-token").genuine


def test_a_qr_code_signed_for_other_details_is_not_genuine(certificate):
    """A genuine signature over details that no longer match the record (forged, or re-used)."""
    from django.core import signing

    forged = signing.dumps(
        {**qr_codes.qr_payload(certificate), "g": "certified"}, salt="wrong-salt", compress=True
    )
    assert not verify_token(forged).genuine
    stale = signing.dumps(
        {**qr_codes.qr_payload(certificate), "u": "91350100M000100Y43"},
        salt=qr_codes.QR_SALT,
        compress=True,
    )
    assert not verify_token(stale).genuine


def test_the_pdf_is_bilingual_with_the_partners(certificate, rf):
    request = rf.get("/")
    content = certificate_document.certificate_pdf(
        certificate, qr_codes.verification_url(request, certificate)
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert certificate.number in text
    assert "青海乙公司" in text
    assert "Authorized Economic Operator" in text
    assert "European Union" in text
    assert "高级认证企业" in text


def test_suspension_keeps_the_grade_and_reinstatement_restores_the_status(certificate, officer, enterprise_b):
    certificates.certificate_suspend(
        actor=officer, certificate=certificate, reason="Case XN-9.", criminal_case=True
    )
    certificate.refresh_from_db()
    enterprise_b.refresh_from_db()
    assert certificate.status == "suspended"
    assert "XN-9" in certificate.status_reason
    assert enterprise_b.credit_grade == "advanced_certified"
    with pytest.raises(InvalidState):
        certificates.certificate_suspend(actor=officer, certificate=certificate, reason="Again.")
    certificates.certificate_reinstate(actor=officer, certificate=certificate, reason="Case closed.")
    certificate.refresh_from_db()
    assert certificate.status == "active"


def test_revocation_sets_the_grade_back_through_the_ledger_and_starts_the_bar(
    certificate, officer, enterprise_b
):
    certificates.certificate_revoke(
        actor=officer, certificate=certificate, reason="Fraud.", decision_number="RV-1"
    )
    enterprise_b.refresh_from_db()
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert enterprise_b.credit_grade == "regular"
    entry = enterprise_b.ledger_entries.latest("id")
    assert (entry.cause, entry.previous_grade, entry.decision_number) == (
        "certificate_change",
        "advanced_certified",
        "RV-1",
    )
    assert application_bar(enterprise_b) is not None


def test_only_the_enterprise_surrenders_and_only_officers_revoke(certificate, officer, enterprise_user_b):
    with pytest.raises(NotPermitted):
        certificates.certificate_surrender(actor=officer, certificate=certificate, reason="No.")
    with pytest.raises(NotPermitted):
        certificates.certificate_revoke(
            actor=enterprise_user_b, certificate=certificate, reason="No.", decision_number="X"
        )
    certificates.certificate_surrender(
        actor=enterprise_user_b, certificate=certificate, reason="Business closed."
    )
    certificate.refresh_from_db()
    assert certificate.status == "surrendered"
    assert certificate.enterprise.credit_grade == "regular"


def _re_review(certificate, officer, second_officer, today, **findings):
    application = re_review.re_review_start(
        actor=officer, certificate=certificate, trigger="change_event", reason="Legal representative changed."
    )
    assert (application.kind, application.status) == (Application.Kind.RE_REVIEW, Application.Status.ACCEPTED)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer, application=application, visit_on=today, place="Premises", agenda="All items."
    )
    find_all(application, officer, **findings)
    return application


def test_a_passed_re_review_keeps_the_certificate(certificate, officer, second_officer, today):
    certificate.re_review_due = today
    certificate.save()
    application = _re_review(certificate, officer, second_officer, today)
    with pytest.raises(InvalidState):
        re_review.re_review_start(
            actor=officer, certificate=certificate, trigger="risk_alert", reason="Another."
        )
    review.application_certify(actor=officer, application=application, decision_number="RR-1")
    certificate.refresh_from_db()
    assert certificate.status == "active"
    assert certificate.re_review_due.year == today.year + 5
    assert Certificate.objects.count() == 1


def test_a_failed_re_review_revokes_and_sets_the_grade_back(
    certificate, officer, second_officer, enterprise_b, today
):
    application = _re_review(certificate, officer, second_officer, today, **{"A-G-22": Result.FAILS})
    review.application_refuse(
        actor=officer, application=application, decision_number="RR-2", reason="Unpaid duties."
    )
    certificate.refresh_from_db()
    enterprise_b.refresh_from_db()
    assert certificate.status == "revoked"
    assert enterprise_b.credit_grade == "regular"
    assert enterprise_b.ledger_entries.latest("id").cause == "re_review"
    with translation.override("en"):
        assert "changed down from certified" in application_bar(enterprise_b).reason


def test_re_reviews_due_finds_certificates_by_their_due_date(certificate, today):
    assert certificate not in re_review.re_reviews_due(today)
    assert certificate in re_review.re_reviews_due(certificate.re_review_due)


def test_the_periodic_re_review_opens_when_due_and_only_once(certificate, today):
    assert re_review.open_due_re_reviews(as_of=today) == {"created": 0}
    due = certificate.re_review_due
    assert re_review.open_due_re_reviews(as_of=due) == {"created": 1}
    assert re_review.open_due_re_reviews(as_of=due) == {"created": 0}
    application = Application.objects.get(kind="re_review")
    assert (application.trigger, application.clock_started_on, application.certificate) == (
        "periodic",
        due,
        certificate,
    )
