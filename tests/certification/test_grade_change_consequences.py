"""A grade that leaves the AEO grades reaches the certificate, the coordinator and the application bar.

Each path that lowers a grade (a dishonest determination, a failed re-review, a determination taken
over from an earlier system, a revocation) ends the certificate with the decision as its reason,
ends the coordinator assignment, tells the enterprise and the coordinator, opens the one-year bar,
and the public verification (page and API, the API answered from Redis) says "not in force" at once.
The dates are written out: the clock is set to them.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from certification import re_review, review
from certification.certificates import certificate_revoke, certificate_take_over
from certification.eligibility import application_bar
from certification.models import Certificate, Result
from enterprises import ledger
from enterprises.case_filings import case_filing_handlers
from enterprises.determination import (
    determination_take_over,
    proposal_create,
    proposal_decide,
    proposal_notify,
    statement_submit,
)
from enterprises.ledger import ledger_record
from enterprises.models import DishonestProposal, LedgerEntry
from notifications.models import Notification
from rulebooks.models import Rulebook
from tests.certification.conftest import find_all
from tests.factories.enterprises import (
    CoordinatorAssignmentFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_passwords")]

DAY = datetime.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # with REDIS_URL, verification answers live in the cache's Redis database
    yield
    cache.clear()


@pytest.fixture
def redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("the verification cache needs REDIS_URL")


@pytest.fixture
def holder(travel, offices, business_types, catalogue):
    """On Monday 2026-11-02: an advanced certified enterprise of Xihai Customs with its certificate
    (issued 2026-04-01), a user, and a coordinator of Xining Customs assigned to it."""
    travel(DAY(2026, 11, 2))
    enterprise = EnterpriseFactory(
        customs_office=offices["9703"],
        credit_grade="advanced_certified",
        business_types=[business_types["consignee_consignor"]],
    )
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    assignment = CoordinatorAssignmentFactory(enterprise=enterprise, coordinator__office=offices["9700"])
    certificate = certificate_take_over(actor=None, enterprise=enterprise, issued_on=DAY(2026, 4, 1))
    # Verifications are cached in Redis by number: a number no other test uses.
    Certificate.objects.filter(pk=certificate.pk).update(number=f"CN-AEO-{uuid.uuid4().hex[:12]}")
    certificate.refresh_from_db()
    return SimpleNamespace(
        enterprise=enterprise,
        user=user,
        coordinator=assignment.coordinator,
        assignment=assignment,
        certificate=certificate,
    )


def verify_api(number):
    return Client().get(f"/api/v1/public/certificates/{number}/").json()["status"]


def verify_page(number):
    response = Client().get(reverse("public-certificate", args=[number]), HTTP_ACCEPT_LANGUAGE="en")
    return response.content.decode()


def assert_ended(holder, decision_number):
    """Revoked with the decision as its reason, verification says so, the coordinator is gone and both
    the enterprise and the coordinator have the notice."""
    certificate = Certificate.objects.get(pk=holder.certificate.pk)
    assert certificate.status == "revoked"
    assert decision_number in certificate.status_reason
    assert verify_api(certificate.number) == "revoked"
    page = verify_page(certificate.number)
    assert "This certificate is not in force" in page
    holder.assignment.refresh_from_db()
    assert holder.assignment.is_active is False
    assert holder.assignment.ended_at is not None
    for person in (holder.user, holder.coordinator):
        notice = Notification.objects.filter(recipient=person, subject__contains=certificate.number).get()
        assert decision_number in notice.body


def test_the_consequences_are_registered_in_layer_order():
    def names(handlers):
        return [f"{handler.__module__}.{handler.__qualname__}" for handler in handlers]

    assert names(ledger.grade_change_handlers) == [
        "certification.certificates.certificates_end_on_grade_change",
        "coordination.consequences.assignment_follow_grade_change",
    ]
    assert names(case_filing_handlers) == ["certification.suspension.certificate_follow_case_filing"]


def test_a_dishonest_determination_ends_the_certificate(redis, holder, officer, travel):
    assert verify_api(holder.certificate.number) == "active"  # now cached in Redis
    criterion = Rulebook.objects.get(code="order-282").criteria.get(code="art22-2")
    proposal = proposal_create(
        actor=officer, enterprise=holder.enterprise, criterion=criterion, grounds="Smuggling, case XN-9."
    )
    proposal_notify(actor=officer, proposal=proposal)
    statement_submit(actor=holder.user, proposal=proposal, text="We contest the valuation.", final=True)
    travel(DAY(2026, 11, 10))
    proposal_decide(actor=officer, proposal=proposal, decision_number="西宁关失〔2026〕9号")

    assert_ended(holder, "西宁关失〔2026〕9号")
    holder.enterprise.refresh_from_db()
    assert holder.enterprise.credit_grade == "dishonest"
    # The one-year bar runs from the decision, 2026-11-10: barred on 2027-11-09, free from 2027-11-10.
    assert application_bar(holder.enterprise, DAY(2027, 11, 9)).until == DAY(2027, 11, 10)
    assert application_bar(holder.enterprise, DAY(2027, 11, 10)) is None
    assert application_bar(holder.enterprise, DAY(2027, 11, 11)) is None


def test_a_failed_re_review_ends_the_certificate(redis, holder, officer, second_officer, travel):
    from certification import applications

    assert verify_api(holder.certificate.number) == "active"
    application = re_review.re_review_start(
        actor=officer, certificate=holder.certificate, trigger="risk_alert", reason="Risk alert."
    )
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer, application=application, visit_on=DAY(2026, 11, 2), place="Premises", agenda="All."
    )
    find_all(application, officer)
    application.items.filter(pk=application.items.order_by("pk").first().pk).update(finding=Result.FAILS)
    travel(DAY(2026, 11, 10))
    review.application_refuse(
        actor=officer,
        application=application,
        decision_number="西宁关复〔2026〕4号",
        reason="Seals not kept.",
    )

    assert_ended(holder, "Seals not kept.")
    holder.enterprise.refresh_from_db()
    assert holder.enterprise.credit_grade == "regular"
    # A regular enterprise may apply again, but only from 2027-11-10.
    draft = applications.application_create(
        actor=holder.user,
        enterprise=holder.enterprise,
        target_grade="advanced_certified",
        business_types=list(holder.enterprise.business_types.all()),
    )
    draft.items.update(self_assessment=Result.MEETS, explanation="See evidence.")

    def barred(day):
        return any("one-year bar" in problem for problem in applications.submission_problems(draft, day))

    assert barred(DAY(2027, 11, 9))
    assert not barred(DAY(2027, 11, 10))
    assert not barred(DAY(2027, 11, 11))


def test_a_determination_taken_over_from_another_system_ends_the_certificate(
    redis, holder, administrator, travel
):
    assert verify_api(holder.certificate.number) == "active"
    travel(DAY(2026, 11, 10))
    determination_take_over(
        actor=administrator,
        enterprise=holder.enterprise,
        criterion=Rulebook.objects.get(code="order-282").criteria.get(code="art22-4"),
        decided_on=DAY(2026, 10, 20),
        decision_number="西宁关失〔2026〕7号",
        grounds="Tax unpaid since 2026-05-20.",
        evidence_date=DAY(2026, 5, 20),
    )

    assert_ended(holder, "西宁关失〔2026〕7号")
    # The bar runs from the decision's own date, 2026-10-20, not from the day it was taken over.
    assert application_bar(holder.enterprise, DAY(2027, 10, 19)).until == DAY(2027, 10, 20)
    assert application_bar(holder.enterprise, DAY(2027, 10, 20)) is None
    assert application_bar(holder.enterprise, DAY(2027, 10, 21)) is None


def test_a_revocation_ends_the_coordination_and_tells_both(redis, holder, officer, travel):
    assert verify_api(holder.certificate.number) == "active"
    travel(DAY(2026, 11, 10))
    certificate_revoke(
        actor=officer,
        certificate=holder.certificate,
        reason="Forged documents.",
        decision_number="西宁关撤〔2026〕1号",
    )

    assert_ended(holder, "Forged documents.")
    assert application_bar(holder.enterprise, DAY(2027, 11, 9)).until == DAY(2027, 11, 10)
    assert application_bar(holder.enterprise, DAY(2027, 11, 10)) is None


@pytest.mark.parametrize(
    "cause", [cause for cause in LedgerEntry.Cause if cause != LedgerEntry.Cause.CERTIFICATION]
)
def test_every_grade_decision_leaving_the_aeo_grades_ends_the_certificate(holder, cause):
    """Whatever writes the ledger (a repair reversed, a correction, a decision imported), the same
    consequences follow: they hang on the ledger, not on the service that decided."""
    ledger_record(
        actor=None,
        enterprise=holder.enterprise,
        grade="regular",
        cause=cause,
        reason="Set back.",
        decision_number="D-1",
    )
    holder.certificate.refresh_from_db()
    holder.assignment.refresh_from_db()
    assert (holder.certificate.status, holder.assignment.is_active) == ("revoked", False)


def test_a_grade_staying_in_the_aeo_grades_keeps_both(holder):
    ledger_record(
        actor=None,
        enterprise=holder.enterprise,
        grade="advanced_certified",
        cause="migration",
        reason="Confirmed.",
    )
    holder.certificate.refresh_from_db()
    holder.assignment.refresh_from_db()
    assert (holder.certificate.status, holder.assignment.is_active) == ("active", True)


def test_a_failing_consequence_rolls_the_determination_back(holder, officer, travel, monkeypatch):
    def broken(entry):
        raise RuntimeError("the inspection system is down")

    monkeypatch.setattr(ledger, "grade_change_handlers", [*ledger.grade_change_handlers, broken])
    criterion = Rulebook.objects.get(code="order-282").criteria.get(code="art22-2")
    proposal = proposal_create(
        actor=officer, enterprise=holder.enterprise, criterion=criterion, grounds="Case."
    )
    proposal_notify(actor=officer, proposal=proposal)
    statement_submit(actor=holder.user, proposal=proposal, text="Nothing to add.", final=True)
    with pytest.raises(RuntimeError):
        proposal_decide(actor=officer, proposal=proposal, decision_number="X-1")
    proposal.refresh_from_db()
    holder.enterprise.refresh_from_db()
    holder.certificate.refresh_from_db()
    holder.assignment.refresh_from_db()
    assert proposal.status == DishonestProposal.Status.NOTIFIED
    assert holder.enterprise.credit_grade == "advanced_certified"
    assert holder.enterprise.ledger_entries.count() == 2  # registration and the grade taken over
    assert (holder.certificate.status, holder.assignment.is_active) == ("active", True)
    assert not Notification.objects.filter(subject__contains=holder.certificate.number).exists()
