"""Every credit deadline at the day before, the day of and the day after its edge.

Statement periods over the State Council's working-day calendar, the repair waiting periods of each
criterion, automatic repair after 2 clean years, the objection re-check and repair answer periods,
and the publication periods of dishonesty records and penalties. Expected dates are written out,
never computed by the code under test nor by the same arithmetic, so a deadline moved by one day or
a period changed in the rulebook data fails here.
"""

import datetime

import pytest
from django.utils import translation

from core.deadlines import deadline_state
from core.errors import InvalidState
from enterprises.determination import (
    add_working_days,
    determination_take_over,
    proposal_decide,
    proposal_notify,
    statement_submit,
)
from enterprises.disclosure import published_determinations, published_penalties
from enterprises.models import DishonestProposal, RepairApplication
from enterprises.objections import objection_file
from enterprises.repair import repair_apply, repair_automatically, repair_eligibility
from rulebooks.models import Rulebook
from rulebooks.working_days import is_working_day, read_calendar
from tests.factories.enterprises import (
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    PenaltyFactory,
    determined_proposal,
)

# Many users per test; hashing their passwords is not under test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_passwords", "working_calendar")]

date = datetime.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the working-day calendar and the statement period --------------------------------------------


@pytest.mark.parametrize(
    ("sent", "count", "due"),
    [
        # The brief's example: National Day and Mid-Autumn off 1-8 October 2025, Saturday 11 worked.
        (date(2025, 9, 29), 5, date(2025, 10, 13)),
        (date(2025, 9, 26), 5, date(2025, 10, 10)),  # Sunday 28 September 2025 is worked
        (date(2025, 1, 24), 5, date(2025, 2, 7)),  # Spring Festival 2025, Sunday 26 January worked
        (date(2025, 4, 25), 5, date(2025, 5, 6)),  # Labour Day 2025, Sunday 27 April worked
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # New Year 2026 off 1-3 January, Sunday 4 worked
        (date(2026, 2, 12), 5, date(2026, 2, 26)),  # Spring Festival 2026 off 15-23 February
        (date(2026, 2, 26), 2, date(2026, 2, 28)),  # Saturday 28 February 2026 is worked
        (date(2026, 4, 30), 5, date(2026, 5, 11)),  # Labour Day 2026, Saturday 9 May worked
        (date(2026, 6, 3), 5, date(2026, 6, 10)),  # an ordinary week
        (date(2026, 6, 18), 1, date(2026, 6, 22)),  # Dragon Boat Friday 19 June 2026 off
        (date(2026, 9, 18), 5, date(2026, 9, 24)),  # Sunday 20 September 2026 is worked
        (date(2026, 9, 24), 5, date(2026, 10, 9)),  # Mid-Autumn 25-27 September, National Day 1-7 October
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # Saturday 10 October 2026 is worked
    ],
)
def test_working_days_follow_the_state_councils_calendar(sent, count, due):
    assert add_working_days(sent, count) == due


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 10, 8), False),  # the last day of the 2025 National Day holiday
        (date(2025, 10, 11), True),  # a Saturday worked
        (date(2025, 10, 12), False),  # an ordinary Sunday
        (date(2026, 2, 14), True),  # a Saturday worked
        (date(2026, 2, 23), False),  # a Monday of the Spring Festival holiday
        (date(2026, 6, 19), False),  # a Friday of the Dragon Boat holiday
        (date(2026, 6, 22), True),
    ],
)
def test_holidays_are_not_working_days_and_make_up_days_are(day, working):
    assert is_working_day(day) is working


def test_the_calendar_data_is_consistent():
    calendar = read_calendar()
    assert {2025, 2026} <= calendar.years
    assert all(day.weekday() >= 5 for day in calendar.make_up_working_days)
    assert not calendar.holidays & calendar.make_up_working_days
    assert len(calendar.holidays) == 28 + 33  # 2025: 1+8+3+5+3+8 days; 2026: 3+9+3+5+3+3+7 days


@pytest.fixture
def notified_29_september_2025(travel, enterprise_b, enterprise_user_b, officer):
    """A pre-notice sent on Monday 2025-09-29, under Order 251."""
    travel(date(2025, 9, 29))
    proposal = DishonestProposalFactory(enterprise=enterprise_b, grounds="Smuggling case XN-2025-9.")
    return proposal_notify(actor=officer, proposal=proposal)


def test_a_pre_notice_sent_on_29_september_2025_is_answered_by_13_october(notified_29_september_2025):
    assert notified_29_september_2025.rulebook.code == "order-251"
    assert notified_29_september_2025.statement_due == date(2025, 10, 13)


def test_a_pre_notice_sent_on_30_september_2026_is_answered_by_13_october(travel, enterprise_b, officer):
    travel(date(2026, 9, 30))
    proposal = DishonestProposalFactory(enterprise=enterprise_b, grounds="Smuggling case XN-2026-9.")
    assert proposal_notify(actor=officer, proposal=proposal).statement_due == date(2026, 10, 13)


@pytest.mark.parametrize(
    ("today", "accepted"),
    [(date(2025, 10, 12), True), (date(2025, 10, 13), True), (date(2025, 10, 14), False)],
)
def test_the_enterprise_states_its_case_until_the_due_day(
    travel, notified_29_september_2025, enterprise_user_b, today, accepted
):
    travel(today)
    if accepted:
        statement_submit(actor=enterprise_user_b, proposal=notified_29_september_2025, text="Declared.")
    else:
        with pytest.raises(InvalidState, match="statement period ended"):
            statement_submit(actor=enterprise_user_b, proposal=notified_29_september_2025, text="Late.")


@pytest.mark.parametrize(
    ("today", "decided"),
    [(date(2025, 10, 12), False), (date(2025, 10, 13), False), (date(2025, 10, 14), True)],
)
def test_the_officer_decides_only_after_the_statement_period(
    travel, notified_29_september_2025, officer, today, decided
):
    travel(today)
    if decided:
        determination = proposal_decide(
            actor=officer, proposal=notified_29_september_2025, decision_number="XN-D-1"
        )
        assert determination.status == DishonestProposal.Status.DETERMINED
    else:
        with pytest.raises(InvalidState, match="may state its case until"):
            proposal_decide(actor=officer, proposal=notified_29_september_2025, decision_number="XN-D-1")


# --- credit repair ----------------------------------------------------------------------------------


@pytest.fixture
def determined(travel, offices):
    """An enterprise determined dishonest under criterion `code` on `on`."""

    def make(code, on):
        travel(on)
        enterprise = EnterpriseFactory(customs_office=offices["9700"])
        return enterprise, determined_proposal(enterprise, code=code, on=on)

    return make


@pytest.mark.parametrize(
    ("code", "on", "before", "earliest", "after"),
    [
        # criteria 2 and 6: 1 year
        ("art22-2", date(2026, 4, 15), date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)),
        ("art22-6", date(2026, 4, 15), date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)),
        ("art22-6", date(2028, 2, 29), date(2029, 2, 27), date(2029, 2, 28), date(2029, 3, 1)),
        # criterion 3: 6 months
        ("art22-3", date(2026, 4, 15), date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16)),
        ("art22-3", date(2026, 5, 31), date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)),
        ("art22-3", date(2026, 8, 31), date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)),
        # criteria 4 and 5: 3 months
        ("art22-4", date(2026, 4, 15), date(2026, 7, 14), date(2026, 7, 15), date(2026, 7, 16)),
        ("art22-5", date(2026, 4, 15), date(2026, 7, 14), date(2026, 7, 15), date(2026, 7, 16)),
        ("art22-4", date(2026, 5, 31), date(2026, 8, 30), date(2026, 8, 31), date(2026, 9, 1)),
        ("art22-5", date(2026, 11, 30), date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)),
    ],
)
def test_repair_waiting_periods(determined, code, on, before, earliest, after):
    enterprise, _ = determined(code, on)
    too_early = repair_eligibility(enterprise, before)
    assert (too_early.eligible, too_early.earliest) == (False, earliest)
    assert repair_eligibility(enterprise, earliest).eligible
    assert repair_eligibility(enterprise, after).eligible


def test_the_latest_waiting_period_of_several_determinations_binds(determined):
    enterprise, _ = determined("art22-4", date(2026, 4, 15))  # 3 months: 15 July
    determined_proposal(enterprise, code="art22-3", on=date(2026, 4, 15))  # 6 months: 15 October
    assert not repair_eligibility(enterprise, date(2026, 10, 14)).eligible
    assert repair_eligibility(enterprise, date(2026, 10, 14)).earliest == date(2026, 10, 15)
    assert repair_eligibility(enterprise, date(2026, 10, 15)).eligible


@pytest.mark.parametrize(
    ("today", "answer_due"),
    [(date(2026, 7, 14), None), (date(2026, 7, 15), date(2026, 8, 4)), (date(2026, 7, 16), date(2026, 8, 5))],
)
def test_an_application_for_repair_is_answered_within_20_days(determined, travel, today, answer_due):
    enterprise, _ = determined("art22-4", date(2026, 4, 15))
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    travel(today)
    if answer_due is None:
        with pytest.raises(InvalidState, match="15 Jul 2026"):
            repair_apply(actor=user, enterprise=enterprise, corrective_actions="The tax was paid.")
        assert not RepairApplication.objects.exists()
    else:
        application = repair_apply(actor=user, enterprise=enterprise, corrective_actions="The tax was paid.")
        assert application.answer_due == answer_due


@pytest.mark.parametrize(
    ("as_of", "restored"), [(date(2028, 4, 14), 0), (date(2028, 4, 15), 1), (date(2028, 4, 16), 1)]
)
def test_credit_is_restored_automatically_after_2_clean_years(determined, travel, as_of, restored):
    enterprise, _ = determined("art22-2", date(2026, 4, 15))
    travel(as_of)
    assert repair_automatically(as_of=as_of)["created"] == restored
    enterprise.refresh_from_db()
    assert enterprise.credit_grade == ("regular" if restored else "dishonest")
    if restored:
        assert enterprise.ledger_entries.order_by("-id").first().effective_from == as_of


# --- objections and the public record --------------------------------------------------------------


def test_an_objection_is_re_checked_within_20_days(travel, enterprise_a, enterprise_user):
    penalty = PenaltyFactory(enterprise=enterprise_a, decided_on=date(2026, 6, 1))
    travel(date(2026, 6, 3))
    objection = objection_file(actor=enterprise_user, record=penalty, reason="Another company's case.")
    assert objection.recheck_due == date(2026, 6, 23)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 6, 19), ("later", 4)),
        (date(2026, 6, 20), ("soon", 3)),
        (date(2026, 6, 22), ("soon", 1)),
        (date(2026, 6, 23), ("soon", 0)),  # the re-check is due today, not late
        (date(2026, 6, 24), ("overdue", 1)),
    ],
)
def test_a_deadline_is_overdue_from_the_day_after_it(today, state):
    shown = deadline_state(date(2026, 6, 23), today, soon_days=3)
    assert (shown.urgency, shown.days) == state


@pytest.mark.parametrize(
    ("code", "level", "until"),
    [
        ("art22-4", "minor", date(2026, 9, 3)),  # at most 3 months
        ("art22-5", "minor", date(2026, 9, 3)),
        ("art22-2", "general", date(2027, 6, 3)),  # 3 to 12 months: the rulebook publishes 12
        ("art22-3", "general", date(2027, 6, 3)),
        ("art22-1", "serious", date(2029, 6, 3)),  # 1 to 3 years: the rulebook publishes 3
        ("serious-1", "serious", date(2029, 6, 3)),
    ],
)
def test_a_determination_is_published_for_its_levels_period(
    travel, enterprise_b, officer, code, level, until
):
    travel(date(2026, 6, 3))
    criterion = Rulebook.objects.get(code="order-282").criteria.get(code=code)
    proposal = DishonestProposalFactory(
        enterprise=enterprise_b,
        criterion=criterion,
        grounds="Grounds.",
        status=DishonestProposal.Status.NOTIFIED,
        statement_due=date(2026, 6, 2),
    )
    decided = proposal_decide(actor=officer, proposal=proposal, decision_number="XN-D-9")
    assert (decided.publication_level, decided.published_until) == (level, until)


@pytest.mark.parametrize(
    ("code", "until"),
    [
        # Order 251 grades no publication periods: 24 months whatever Order 282 would call the level.
        ("art22-4", date(2027, 1, 10)),
        ("art22-2", date(2027, 1, 10)),
        ("art22-1", date(2027, 1, 10)),
    ],
)
def test_a_determination_taken_over_is_published_for_its_rulebooks_period(
    enterprise_b, administrator, code, until
):
    criterion = Rulebook.objects.get(code="order-251").criteria.get(code=code)
    record = determination_take_over(
        actor=administrator,
        enterprise=enterprise_b,
        criterion=criterion,
        decided_on=date(2025, 1, 10),
        decision_number="XN-OLD-1",
        grounds="Paper file.",
        evidence_date=date(2024, 12, 1),
    )
    assert record.published_until == until


@pytest.fixture
def published_until_3_september(travel, enterprise_a):
    travel(date(2026, 6, 3))
    return determined_proposal(
        enterprise_a, code="art22-4", on=date(2026, 6, 3), published_until=date(2026, 9, 3)
    )


@pytest.mark.parametrize(
    ("today", "public"), [(date(2026, 9, 2), True), (date(2026, 9, 3), True), (date(2026, 9, 4), False)]
)
def test_a_dishonesty_record_is_public_until_its_last_day(published_until_3_september, today, public):
    assert published_determinations(today).filter(pk=published_until_3_september.pk).exists() is public


@pytest.mark.parametrize(
    ("today", "accepted"), [(date(2026, 9, 2), True), (date(2026, 9, 3), True), (date(2026, 9, 4), False)]
)
def test_a_record_can_be_objected_to_while_it_is_public(
    travel, published_until_3_september, enterprise_user, today, accepted
):
    travel(today)
    if accepted:
        objection = objection_file(actor=enterprise_user, record=published_until_3_september, reason="Paid.")
        assert (
            objection.recheck_due
            == {
                date(2026, 9, 2): date(2026, 9, 22),
                date(2026, 9, 3): date(2026, 9, 23),
            }[today]
        )
    else:
        with pytest.raises(InvalidState, match="published"):
            objection_file(actor=enterprise_user, record=published_until_3_september, reason="Paid.")


@pytest.mark.parametrize(
    ("today", "public"),
    [
        (date(2026, 6, 2), False),  # before the decision
        (date(2026, 6, 3), True),
        (date(2027, 6, 1), True),
        # 12 months counting the day of the decision as the first: a penalty leaves the public page
        # on the day a determination decided the same day would still show (see the report of
        # issue 26: the two periods differ by this one day).
        (date(2027, 6, 2), True),
        (date(2027, 6, 3), False),
    ],
)
def test_a_penalty_is_public_for_12_months(enterprise_b, today, public):
    penalty = PenaltyFactory(enterprise=enterprise_b, decided_on=date(2026, 6, 3))
    assert published_penalties(today).filter(pk=penalty.pk).exists() is public
