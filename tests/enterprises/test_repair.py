"""Credit repair: eligibility by criterion and waiting period, the officer's decision through the
ledger, and automatic repair after the clean period."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import translation

from core.display import format_date
from core.errors import InvalidState, NotPermitted
from enterprises.models import DishonestProposal, LedgerEntry, RepairApplication
from enterprises.repair import repair_apply, repair_automatically, repair_decide, repair_eligibility
from notifications.models import Notification
from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    determined_proposal,
)


@pytest.fixture
def dishonest(offices, today):
    def make(code, months_ago, days_ago=0):
        enterprise = EnterpriseFactory(customs_office=offices["9700"])
        on = today - relativedelta(months=months_ago, days=days_ago)
        return enterprise, determined_proposal(enterprise, code=code, on=on)

    return make


@pytest.mark.parametrize(
    ("code", "months"), [("art22-2", 12), ("art22-3", 6), ("art22-4", 3), ("art22-5", 3), ("art22-6", 12)]
)
def test_repair_is_possible_once_the_criterions_waiting_period_has_passed(dishonest, code, months):
    enterprise, determination = dishonest(code, months_ago=1)
    decided = determination.ledger_entry.effective_from
    earliest = decided + relativedelta(months=months)

    assert repair_eligibility(enterprise, earliest - datetime.timedelta(days=1)).earliest == earliest
    assert not repair_eligibility(enterprise, earliest - datetime.timedelta(days=1)).eligible
    assert repair_eligibility(enterprise, earliest).eligible


@pytest.mark.parametrize("code", ["art22-1", "art22-7", "serious-1", "serious-2"])
def test_serious_list_and_criteria_without_a_waiting_period_are_never_repaired_on_application(
    dishonest, code, today
):
    enterprise, _ = dishonest(code, months_ago=30)
    eligibility = repair_eligibility(enterprise, today + relativedelta(years=5))
    assert not eligibility.eligible
    assert eligibility.earliest is None


def test_an_early_application_is_refused_with_the_date_it_becomes_possible(dishonest):
    enterprise, determination = dishonest("art22-3", months_ago=5)
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    earliest = determination.ledger_entry.effective_from + relativedelta(months=6)

    with translation.override("en"):
        with pytest.raises(InvalidState) as refused:
            repair_apply(actor=user, enterprise=enterprise, corrective_actions="Internal controls rebuilt.")
        assert format_date(earliest) in str(refused.value)
    assert "6 months" in str(refused.value)
    assert not RepairApplication.objects.exists()


def test_approved_repair_restores_the_regular_grade_through_the_ledger(dishonest, officer, today):
    enterprise, determination = dishonest("art22-4", months_ago=4)
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    application = repair_apply(
        actor=user, enterprise=enterprise, corrective_actions="The tax was paid in full."
    )
    assert application.answer_due == today + datetime.timedelta(days=application.rulebook.repair_answer_days)

    with pytest.raises(InvalidState):
        repair_apply(actor=user, enterprise=enterprise, corrective_actions="Again.")
    with pytest.raises(ValidationError):
        repair_decide(actor=officer, application=application, approve=True, decision_number=" ")

    repair_decide(actor=officer, application=application, approve=True, decision_number="西宁关修〔2026〕1号")

    enterprise.refresh_from_db()
    determination.refresh_from_db()
    application.refresh_from_db()
    entry = enterprise.ledger_entries.order_by("-id").first()
    assert enterprise.credit_grade == "regular"
    assert (entry.cause, entry.previous_grade, entry.decision_number) == (
        LedgerEntry.Cause.REPAIR,
        "dishonest",
        "西宁关修〔2026〕1号",
    )
    assert determination.repaired_by == entry == application.ledger_entry
    assert application.status == RepairApplication.Status.APPROVED
    assert Notification.objects.filter(recipient=user).exists()
    with pytest.raises(InvalidState):
        repair_decide(actor=officer, application=application, approve=False, note="Too late.")


def test_refusal_needs_a_reason_and_leaves_the_grade(dishonest, officer):
    enterprise, _ = dishonest("art22-4", months_ago=4)
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    application = repair_apply(actor=user, enterprise=enterprise, corrective_actions="Paid.")
    with pytest.raises(ValidationError):
        repair_decide(actor=officer, application=application, approve=False, note="")

    repair_decide(actor=officer, application=application, approve=False, note="The tax is still unpaid.")

    enterprise.refresh_from_db()
    assert enterprise.credit_grade == "dishonest"
    application.refresh_from_db()
    assert application.status == RepairApplication.Status.REFUSED


def test_only_the_enterprise_applies_and_only_its_officers_decide(dishonest, officer_sh, enterprise_user):
    enterprise, _ = dishonest("art22-4", months_ago=4)
    with pytest.raises(NotPermitted):
        repair_apply(actor=enterprise_user, enterprise=enterprise, corrective_actions="Paid.")
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    application = repair_apply(actor=user, enterprise=enterprise, corrective_actions="Paid.")
    with pytest.raises(NotPermitted):
        repair_decide(actor=officer_sh, application=application, approve=True, decision_number="X")
    with pytest.raises(NotPermitted):
        repair_decide(actor=user, application=application, approve=True, decision_number="X")


# --- automatic repair ---------------------------------------------------------------------------------


@pytest.fixture
def determined_long_ago(offices):
    """Determined under Art. 22(2) on 2024-06-03 (Order 251): clean 24 months later, 2026-06-03."""
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    determined_proposal(enterprise, code="art22-2", on=datetime.date(2024, 6, 3))
    return enterprise


def test_automatic_repair_after_twenty_four_clean_months(determined_long_ago):
    assert repair_automatically(as_of=datetime.date(2026, 6, 2))["created"] == 0

    result = repair_automatically(as_of=datetime.date(2026, 6, 3))

    assert result["created"] == 1
    determined_long_ago.refresh_from_db()
    assert determined_long_ago.credit_grade == "regular"
    entry = determined_long_ago.ledger_entries.order_by("-id").first()
    assert (entry.cause, entry.effective_from) == (
        LedgerEntry.Cause.AUTOMATIC_REPAIR,
        datetime.date(2026, 6, 3),
    )
    assert repair_automatically(as_of=datetime.date(2026, 6, 4))["created"] == 0  # already restored


def test_no_automatic_repair_while_a_criterion_is_still_met(determined_long_ago):
    ArrearFactory(enterprise=determined_long_ago, kind="tax", due_on=datetime.date(2024, 5, 1))

    result = repair_automatically(as_of=datetime.date(2026, 7, 1))

    assert (result["created"], result["candidates"]) == (0, 1)
    determined_long_ago.refresh_from_db()
    assert determined_long_ago.credit_grade == "dishonest"


def test_no_automatic_repair_after_a_newer_determination(determined_long_ago):
    determined_proposal(determined_long_ago, code="art22-6", on=datetime.date(2025, 1, 10))
    assert repair_automatically(as_of=datetime.date(2026, 7, 1))["created"] == 0


def test_the_officers_are_told_of_an_application_with_its_answer_due_date(offices, officer, travel):
    """Applied on 2026-11-02 under Order 282: customs answers within 20 days, by 2026-11-22."""
    travel(datetime.date(2026, 5, 4))
    enterprise = EnterpriseFactory(customs_office=offices["9700"], name="青海丙公司", name_en="Qinghai C Co.")
    determined_proposal(enterprise, code="art22-4", on=datetime.date(2026, 5, 4))
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    travel(datetime.date(2026, 11, 2))
    application = repair_apply(actor=user, enterprise=enterprise, corrective_actions="The tax was paid.")
    notice = Notification.objects.get(recipient=officer)
    subject, body = notice.translations["en"]
    assert subject == "Credit repair application from Qinghai C Co."
    assert "answer by 22 Nov 2026" in body
    assert "The tax was paid." in body
    assert notice.link == f"/enterprises/repairs/{application.pk}/"


def test_an_application_without_corrective_actions_is_refused(dishonest):
    enterprise, _determination = dishonest("art22-4", months_ago=4)
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    for missing in (None, "", "   "):
        with pytest.raises(ValidationError):
            repair_apply(actor=user, enterprise=enterprise, corrective_actions=missing)
    assert not RepairApplication.objects.exists()


def test_an_automatic_repair_carries_no_decision_number_and_tells_the_enterprise(determined_long_ago):
    user = EnterpriseMembershipFactory(enterprise=determined_long_ago).user
    repair_automatically(as_of=datetime.date(2026, 6, 3))
    entry = determined_long_ago.ledger_entries.order_by("-id").first()
    assert entry.decision_number == ""
    subject, body = Notification.objects.get(recipient=user).translations["en"]
    assert subject == "Credit repair: automatic credit repair"
    assert "for 24 months" in body
    assert "from 3 Jun 2026" in body


def test_a_determination_outside_the_ledger_dates_from_its_decision_in_china(offices, travel):
    """Decided at 2026-05-04 23:30 China time (15:30 UTC); asked about half a year later."""
    from enterprises.repair import determined_on

    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    determination = determined_proposal(enterprise, code="art22-4", on=datetime.date(2026, 5, 4))
    china = datetime.timezone(datetime.timedelta(hours=8))
    DishonestProposal.objects.filter(pk=determination.pk).update(
        ledger_entry=None, decided_at=datetime.datetime(2026, 5, 4, 23, 30, tzinfo=china)
    )
    travel(datetime.date(2026, 11, 2))
    assert determined_on(DishonestProposal.objects.get(pk=determination.pk)) == datetime.date(2026, 5, 4)


def test_a_repair_ends_only_this_enterprises_unrepaired_determinations(offices, officer, travel):
    """Repaired on 2026-11-02: its determination of 2026-05-04 is marked repaired; a proposal that was
    dropped, a determination repaired in 2024 and another enterprise's determination are not."""
    travel(datetime.date(2026, 11, 2))
    enterprise, other = (
        EnterpriseFactory(customs_office=offices["9700"]),
        EnterpriseFactory(customs_office=offices["9700"]),
    )
    earlier = determined_proposal(enterprise, code="art22-4", on=datetime.date(2024, 3, 1))
    first_repair = LedgerEntry.objects.create(
        enterprise=enterprise,
        grade="regular",
        previous_grade="dishonest",
        cause=LedgerEntry.Cause.REPAIR,
        effective_from=datetime.date(2024, 7, 1),
        rulebook=earlier.rulebook,
        decision_number="西宁关修〔2024〕1号",
    )
    DishonestProposal.objects.filter(pk=earlier.pk).update(repaired_by=first_repair)
    current = determined_proposal(enterprise, code="art22-4", on=datetime.date(2026, 5, 4))
    dropped = DishonestProposalFactory(enterprise=enterprise, status=DishonestProposal.Status.DROPPED)
    elsewhere = determined_proposal(other, code="art22-4", on=datetime.date(2026, 5, 4))
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    application = repair_apply(actor=user, enterprise=enterprise, corrective_actions="The tax was paid.")
    repair_decide(actor=officer, application=application, approve=True, decision_number="西宁关修〔2026〕2号")
    application.refresh_from_db()
    repaired = {p.pk: p.repaired_by_id for p in DishonestProposal.objects.all()}
    assert repaired[current.pk] == application.ledger_entry_id
    assert repaired[earlier.pk] == first_repair.pk
    assert repaired[dropped.pk] is None
    assert repaired[elsewhere.pk] is None
