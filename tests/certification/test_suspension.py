"""AEO measures suspended on a filed case, not on a conviction (Order 251: a criminal case filed
suspends them, an administrative case may), and resumed when the case closes without liability."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from certification import certificates
from certification.models import Certificate
from certification.suspension import suspend_on_filed_cases
from core.errors import InvalidState
from enterprises.case_filings import case_filing_close, case_filing_record, case_filing_suspend_measures
from notifications.models import Notification
from tests.factories.enterprises import (
    CaseFilingFactory,
    CoordinatorAssignmentFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    PenaltyFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_passwords")]

DAY = datetime.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def holder(travel, offices, business_types):
    """On 2026-11-02 an advanced certified enterprise of Xihai Customs, its certificate, a user and a
    coordinator."""
    travel(DAY(2026, 11, 2))
    enterprise = EnterpriseFactory(customs_office=offices["9703"], credit_grade="advanced_certified")
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    coordinator = CoordinatorAssignmentFactory(
        enterprise=enterprise, coordinator__office=offices["9700"]
    ).coordinator
    certificate = certificates.certificate_take_over(
        actor=None, enterprise=enterprise, issued_on=DAY(2026, 4, 1)
    )
    Certificate.objects.filter(pk=certificate.pk).update(number=f"CN-AEO-{uuid.uuid4().hex[:12]}")
    certificate.refresh_from_db()
    return SimpleNamespace(enterprise=enterprise, user=user, coordinator=coordinator, certificate=certificate)


FILED_ON = DAY(2026, 11, 2)


def record(officer, enterprise, kind, number, filed_on=FILED_ON):
    return case_filing_record(
        actor=officer,
        enterprise=enterprise,
        kind=kind,
        case_number=number,
        filing_authority="西宁海关缉私局",
        filed_on=filed_on,
        description="涉嫌走私普通货物",
    )


def status_of(holder):
    certificate = Certificate.objects.get(pk=holder.certificate.pk)
    return certificate.status, certificate.suspended_on_filing_id


def test_a_criminal_case_filed_suspends_the_measures_at_once(holder, officer, settings):
    filing = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕12号")
    assert status_of(holder) == ("suspended", filing.pk)
    certificate = Certificate.objects.get(pk=holder.certificate.pk)
    assert "西关缉刑立字〔2026〕12号" in certificate.status_reason
    for person in (holder.user, holder.coordinator):
        assert (
            Notification.objects.filter(recipient=person, subject__contains=certificate.number).count() == 1
        )
    if settings.REDIS_URL:
        answer = Client().get(f"/api/v1/public/certificates/{certificate.number}/").json()
        assert answer["status"] == "suspended"


def test_an_administrative_case_suspends_them_only_when_the_officer_decides(holder, officer):
    filing = record(officer, holder.enterprise, "administrative", "西关缉违立字〔2026〕30号")
    assert filing.suspends_measures is False
    assert status_of(holder) == ("active", None)
    case_filing_suspend_measures(
        actor=officer, filing=filing, reason="Goods of high value under investigation."
    )
    assert status_of(holder) == ("suspended", filing.pk)


def test_a_case_closed_without_liability_restores_the_measures(holder, officer, travel):
    filing = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕13号")
    travel(DAY(2026, 12, 1))
    case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 11, 30), outcome="no_liability")
    assert status_of(holder) == ("active", None)
    certificate = Certificate.objects.get(pk=holder.certificate.pk)
    assert "西关缉刑立字〔2026〕13号" in certificate.status_reason
    assert (
        Notification.objects.filter(recipient=holder.user, subject__contains=certificate.number).count() == 2
    )


def test_a_case_closed_with_liability_leaves_them_suspended_for_the_criteria(holder, officer, travel):
    filing = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕14号")
    travel(DAY(2026, 12, 1))
    judgment = PenaltyFactory(
        enterprise=holder.enterprise, kind="criminal_smuggling", decided_on=DAY(2026, 11, 30)
    )
    case_filing_close(
        actor=officer, filing=filing, closed_on=DAY(2026, 11, 30), outcome="liability", penalty=judgment
    )
    assert status_of(holder) == ("suspended", filing.pk)
    with pytest.raises(InvalidState):  # closed already, with another outcome
        case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 11, 30), outcome="no_liability")


def test_the_measures_resume_only_when_the_last_suspending_case_closes(holder, officer, travel):
    criminal = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕15号")
    administrative = record(officer, holder.enterprise, "administrative", "西关缉违立字〔2026〕31号")
    case_filing_suspend_measures(actor=officer, filing=administrative, reason="Same consignment.")
    travel(DAY(2026, 12, 1))
    case_filing_close(actor=officer, filing=criminal, closed_on=DAY(2026, 11, 30), outcome="no_liability")
    assert status_of(holder) == ("suspended", administrative.pk)
    case_filing_close(
        actor=officer, filing=administrative, closed_on=DAY(2026, 12, 1), outcome="no_liability"
    )
    assert status_of(holder) == ("active", None)


def test_no_reinstatement_by_hand_while_a_criminal_case_is_open(holder, officer, english):
    filing = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕16号")
    with pytest.raises(InvalidState, match="西关缉刑立字〔2026〕16号"):
        certificates.certificate_reinstate(
            actor=officer, certificate=holder.certificate, reason="Looked at it."
        )
    assert status_of(holder) == ("suspended", filing.pk)


def test_a_certificate_suspended_by_hand_is_left_to_the_officer(holder, officer, travel):
    certificates.certificate_suspend(actor=officer, certificate=holder.certificate, reason="Premises moved.")
    filing = record(officer, holder.enterprise, "criminal", "西关缉刑立字〔2026〕17号")
    travel(DAY(2026, 12, 1))
    case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 11, 30), outcome="no_liability")
    assert status_of(holder) == ("suspended", None)


def test_a_conviction_alone_no_longer_suspends(holder):
    """The job used to wait for a criminal penalty; the filing is what suspends now."""
    PenaltyFactory(enterprise=holder.enterprise, kind="criminal_smuggling", decided_on=DAY(2026, 11, 2))
    assert suspend_on_filed_cases(as_of=DAY(2026, 11, 2)) == {"created": 0}
    assert status_of(holder) == ("active", None)


def test_the_job_catches_up_certificates_of_enterprises_with_an_open_criminal_case(holder, offices):
    """A filing that reached the database without the service (an import, a certificate issued while
    the case was open) is caught up on the first night on or after its filing date, once."""
    filing = CaseFilingFactory(enterprise=holder.enterprise, kind="criminal", filed_on=DAY(2026, 11, 3))
    other = EnterpriseFactory(customs_office=offices["9703"], credit_grade="advanced_certified")
    certificates.certificate_take_over(actor=None, enterprise=other, issued_on=DAY(2026, 4, 1))
    CaseFilingFactory(
        enterprise=other,
        kind="criminal",
        filed_on=DAY(2026, 10, 1),
        closed_on=DAY(2026, 10, 30),
        outcome="no_liability",
    )
    assert suspend_on_filed_cases(as_of=DAY(2026, 11, 2)) == {"created": 0}  # the day before it was filed
    assert suspend_on_filed_cases(as_of=DAY(2026, 11, 3)) == {"created": 1}
    assert status_of(holder) == ("suspended", filing.pk)
    assert suspend_on_filed_cases(as_of=DAY(2026, 11, 4)) == {"created": 0}
    assert Certificate.objects.get(enterprise=other).status == "active"
    assert holder.certificate.history.filter(status="suspended").exists()
