import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import InvariantViolation
from enterprises.ledger import ledger_inconsistencies, ledger_record
from enterprises.models import Enterprise, LedgerEntry
from enterprises.services import enterprise_create
from rulebooks.models import CreditGrade
from tests.factories.enterprises import valid_uscc

pytestmark = pytest.mark.django_db


def test_registering_an_enterprise_opens_its_ledger_at_regular(officer, offices):
    enterprise = enterprise_create(
        actor=officer,
        uscc=valid_uscc(990001),
        customs_code="9700990001",
        name="新登记公司",
        customs_office=offices["9700"],
    )
    (entry,) = enterprise.ledger_entries.all()
    assert (entry.previous_grade, entry.grade, entry.cause) == ("", "regular", "registration")
    assert entry.decided_by == officer


def test_the_grade_cannot_be_changed_outside_the_ledger(enterprise_b):
    enterprise_b.credit_grade = CreditGrade.ADVANCED_CERTIFIED
    with pytest.raises(InvariantViolation):
        enterprise_b.save()
    assert Enterprise.objects.get(pk=enterprise_b.pk).credit_grade == CreditGrade.REGULAR


def test_a_new_enterprise_cannot_start_with_a_grade(offices):
    with pytest.raises(InvariantViolation):
        Enterprise.objects.create(
            uscc=valid_uscc(990002),
            customs_code="9700990002",
            name="x",
            customs_office=offices["9700"],
            credit_grade=CreditGrade.ADVANCED_CERTIFIED,
        )


def test_a_ledger_entry_moves_the_grade_and_keeps_the_previous_one(enterprise_b, officer):
    entry = ledger_record(
        actor=officer,
        enterprise=enterprise_b,
        grade=CreditGrade.DISHONEST,
        cause=LedgerEntry.Cause.DETERMINATION,
        reason="test",
        decision_number="西宁关信〔2026〕1号",
    )
    enterprise_b.refresh_from_db()
    assert enterprise_b.credit_grade == CreditGrade.DISHONEST
    assert entry.previous_grade == CreditGrade.REGULAR
    assert not ledger_inconsistencies().exists()


def test_entries_are_append_only(enterprise_b):
    entry = enterprise_b.ledger_entries.get()
    with pytest.raises(InvariantViolation):
        entry.save()
    with pytest.raises(InvariantViolation):
        entry.delete()


def test_a_grade_the_rulebook_does_not_know_is_refused(enterprise_b, time_machine):
    time_machine.move_to(datetime.date(2025, 6, 1))  # Order 251 has no "certified" grade
    with pytest.raises(ValidationError) as error:
        ledger_record(
            actor=None,
            enterprise=enterprise_b,
            grade=CreditGrade.CERTIFIED,
            cause=LedgerEntry.Cause.CERTIFICATION,
            reason="x",
        )
    assert "grade" in error.value.message_dict
    assert enterprise_b.ledger_entries.count() == 1


def _determine(enterprise, effective_from):
    return ledger_record(
        actor=None,
        enterprise=enterprise,
        grade=CreditGrade.DISHONEST,
        cause=LedgerEntry.Cause.DETERMINATION,
        reason="x",
        effective_from=effective_from,
    )


def test_an_entry_cannot_take_effect_in_the_future(enterprise_b):
    with pytest.raises(ValidationError) as error:
        _determine(enterprise_b, datetime.date.today() + datetime.timedelta(days=1))
    assert "effective_from" in error.value.message_dict


def test_an_entry_cannot_take_effect_before_the_latest_one(enterprise_b):
    _determine(enterprise_b, datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        _determine(enterprise_b, datetime.date(2024, 12, 31))
    assert "effective_from" in error.value.message_dict
    assert enterprise_b.ledger_entries.count() == 2


def test_the_consistency_check_finds_a_grade_written_behind_the_ledgers_back(enterprise_b):
    Enterprise.objects.filter(pk=enterprise_b.pk).update(credit_grade=CreditGrade.DISHONEST)
    assert list(ledger_inconsistencies()) == [enterprise_b]
