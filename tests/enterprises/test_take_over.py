import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import NotPermitted
from enterprises.determination import determination_take_over
from rulebooks.models import Rulebook

pytestmark = pytest.mark.django_db


def _take_over(enterprise, actor=None, decided_on=datetime.date(2026, 10, 8)):
    return determination_take_over(
        actor=actor,
        enterprise=enterprise,
        criterion=Rulebook.objects.get(code="order-282").criteria.get(code="art22-4"),
        decided_on=decided_on,
        decision_number="西宁关失〔2026〕2号",
        grounds="Tax unpaid.",
        evidence_date=datetime.date(2025, 5, 20),
    )


def test_a_determination_from_an_earlier_system_keeps_its_date_and_publication(enterprise_b):
    record = _take_over(enterprise_b)
    enterprise_b.refresh_from_db()
    assert enterprise_b.credit_grade == "dishonest"
    assert record.ledger_entry.effective_from == datetime.date(2026, 10, 8)
    assert record.ledger_entry.cause == "migration"
    assert record.published_until == datetime.date(2027, 1, 8)  # minor level: 3 months under Order 282
    assert _take_over(enterprise_b) == record, "taking over twice records it once"
    assert enterprise_b.ledger_entries.count() == 2


def test_the_criterion_must_belong_to_the_rulebook_in_force_that_day(enterprise_b):
    with pytest.raises(ValidationError):
        _take_over(enterprise_b, decided_on=datetime.date(2025, 10, 8))
    assert not enterprise_b.proposals.exists()


def test_only_administrators_take_over_determinations(officer, enterprise_b):
    with pytest.raises(NotPermitted):
        _take_over(enterprise_b, actor=officer)
