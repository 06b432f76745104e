"""Who may apply for certification (domain brief, section 5): the one-year bar, each event that starts
it in its own words, and the grades open to each grade.

Days are written out; the bar is the rulebook's 12 months, counted as the Civil Code counts a period in
months (the same day of the month a year later).
"""

import datetime

import pytest

from certification.eligibility import (
    application_bar,
    application_refusal,
    bar_if_withdrawn,
    bars_started_between,
    grade_refusal,
    grades_open_to,
    latest_bar_end,
)
from certification.models import Application
from enterprises.ledger import ledger_record
from rulebooks.models import Rulebook
from tests.factories.certification import ApplicationFactory
from tests.factories.enterprises import EnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.date
CHINA = datetime.timezone(datetime.timedelta(hours=8))
Status = Application.Status


@pytest.fixture
def order_282(offices):
    return Rulebook.objects.get(code="order-282")


def closed(enterprise, status, day, *, received=True, kind=Application.Kind.CERTIFICATION):
    """An application of `enterprise` ended with `status` at 15:00 China time on `day`."""
    return ApplicationFactory(
        enterprise=enterprise,
        kind=kind,
        rulebook=Rulebook.objects.get(code="order-282"),
        target_grade="advanced_certified",
        status=status,
        receipt_number=f"RCPT-{enterprise.pk}-{day:%Y%m%d}-{status}" if received else None,
        decided_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=CHINA),
    )


def regraded(travel, enterprise, grade, day, officer):
    travel(day)
    return ledger_record(actor=officer, enterprise=enterprise, grade=grade, cause="repair", reason="Test.")


# --- the events that start a bar, each in its own words --------------------------------------------


def test_a_refusal_bars_until_the_same_day_a_year_later_and_says_so(enterprise_b, offices):
    closed(enterprise_b, Status.REFUSED, DAY(2026, 3, 31))
    bar = application_bar(enterprise_b, DAY(2027, 3, 30))
    assert bar.until == DAY(2027, 3, 31)
    assert bar.reason == (
        "The enterprise may apply again from 31 Mar 2027: certification was refused on 31 Mar 2026 "
        "(one-year bar)."
    )
    assert application_bar(enterprise_b, DAY(2027, 3, 31)) is None


def test_a_withdrawal_after_customs_received_the_application_bars_and_says_so(enterprise_b, offices):
    closed(enterprise_b, Status.WITHDRAWN, DAY(2026, 2, 28))
    bar = application_bar(enterprise_b, DAY(2026, 3, 1))
    assert bar.until == DAY(2027, 2, 28)
    assert "an application was withdrawn on 28 Feb 2026" in bar.reason


def test_a_draft_withdrawn_before_customs_received_it_starts_no_bar(enterprise_b, offices):
    closed(enterprise_b, Status.WITHDRAWN, DAY(2026, 2, 28), received=False)
    assert application_bar(enterprise_b, DAY(2026, 3, 1)) is None
    assert latest_bar_end(enterprise_b) is None


@pytest.mark.parametrize("status", [Status.CERTIFIED, Status.TERMINATED])
def test_other_endings_start_no_bar(enterprise_b, offices, status):
    closed(enterprise_b, status, DAY(2026, 2, 28))
    assert application_bar(enterprise_b, DAY(2026, 3, 1)) is None


def test_an_ended_re_review_starts_no_bar(enterprise_a, offices):
    closed(enterprise_a, Status.REFUSED, DAY(2026, 2, 28), kind=Application.Kind.RE_REVIEW)
    assert application_bar(enterprise_a, DAY(2026, 3, 1)) is None


def test_a_grade_down_from_certified_bars_and_says_so(travel, enterprise_a, officer):
    regraded(travel, enterprise_a, "regular", DAY(2026, 5, 20), officer)
    bar = application_bar(enterprise_a, DAY(2027, 5, 19))
    assert bar.until == DAY(2027, 5, 20)
    assert "the grade changed down from certified on 20 May 2026" in bar.reason


def test_a_grade_up_from_dishonest_bars_and_says_so(travel, offices, officer):
    repaired = EnterpriseFactory(customs_office=offices["9700"], credit_grade="dishonest")
    regraded(travel, repaired, "regular", DAY(2026, 5, 20), officer)
    bar = application_bar(repaired, DAY(2027, 5, 19))
    assert bar.until == DAY(2027, 5, 20)
    assert "the grade changed up from dishonest on 20 May 2026" in bar.reason


def test_a_change_between_aeo_grades_or_between_dishonest_grades_starts_no_bar(travel, offices, officer):
    aeo = EnterpriseFactory(customs_office=offices["9700"], credit_grade="advanced_certified")
    regraded(travel, aeo, "certified", DAY(2026, 5, 20), officer)
    dishonest = EnterpriseFactory(customs_office=offices["9700"], credit_grade="dishonest")
    regraded(travel, dishonest, "seriously_dishonest", DAY(2026, 5, 20), officer)
    assert application_bar(aeo, DAY(2026, 5, 21)) is None
    assert application_bar(dishonest, DAY(2026, 5, 21)) is None


def test_the_latest_event_sets_the_bar_and_an_ended_bar_is_still_known(travel, enterprise_a, officer):
    closed(enterprise_a, Status.REFUSED, DAY(2026, 1, 10))
    regraded(travel, enterprise_a, "regular", DAY(2026, 4, 1), officer)
    closed(enterprise_a, Status.WITHDRAWN, DAY(2026, 2, 15))
    assert application_bar(enterprise_a, DAY(2027, 3, 31)).until == DAY(2027, 4, 1)
    assert "down from certified" in application_bar(enterprise_a, DAY(2027, 3, 31)).reason
    assert latest_bar_end(enterprise_a) == DAY(2027, 4, 1)
    assert application_bar(enterprise_a, DAY(2028, 1, 1)) is None


@pytest.mark.parametrize(
    ("first", "last", "found"),
    [
        (DAY(2026, 5, 21), DAY(2026, 5, 31), False),
        (DAY(2026, 5, 20), DAY(2026, 5, 20), True),
        (DAY(2026, 5, 1), DAY(2026, 5, 19), False),
    ],
)
def test_the_enterprises_whose_bar_started_in_a_span_of_days(travel, offices, officer, first, last, found):
    downgraded = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    regraded(travel, downgraded, "regular", DAY(2026, 5, 20), officer)
    refused = EnterpriseFactory(customs_office=offices["9700"])
    closed(refused, Status.REFUSED, DAY(2026, 5, 20))
    draft = EnterpriseFactory(customs_office=offices["9700"])
    closed(draft, Status.WITHDRAWN, DAY(2026, 5, 20), received=False)
    expected = {downgraded.pk, refused.pk} if found else set()
    assert bars_started_between(first, last) == expected


# --- what withdrawing would cost ----------------------------------------------------------------------


def test_withdrawing_a_received_application_would_bar_a_year_from_the_day(enterprise_b, offices):
    received = closed(enterprise_b, Status.UNDER_AUDIT, DAY(2026, 3, 1))
    assert bar_if_withdrawn(received, DAY(2026, 8, 31)) == DAY(2027, 8, 31)
    received.receipt_number = None
    assert bar_if_withdrawn(received, DAY(2026, 8, 31)) is None


# --- the grades open to each grade ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "open_to"),
    [
        ("regular", ["advanced_certified", "certified"]),
        ("certified", ["advanced_certified"]),
        ("advanced_certified", []),
        ("dishonest", []),
        ("seriously_dishonest", []),
    ],
)
def test_an_enterprise_may_apply_only_for_a_better_aeo_grade(order_282, offices, grade, open_to):
    enterprise = EnterpriseFactory(customs_office=offices["9700"], credit_grade=grade)
    assert [g.grade for g in grades_open_to(enterprise, order_282)] == open_to


def test_a_grade_the_rulebook_does_not_know_may_apply_for_every_aeo_grade(offices):
    order_251 = Rulebook.objects.get(code="order-251")
    enterprise = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    assert [g.grade for g in grades_open_to(enterprise, order_251)] == ["advanced_certified"]
    regular = EnterpriseFactory(customs_office=offices["9700"], credit_grade="regular")
    assert [g.grade for g in grades_open_to(regular, order_251)] == ["advanced_certified"]


@pytest.mark.parametrize(
    ("grade", "refusal"),
    [
        (
            "dishonest",
            "A dishonest enterprise cannot apply for certification; its credit must be repaired first.",
        ),
        (
            "seriously_dishonest",
            "A dishonest enterprise cannot apply for certification; its credit must be repaired first.",
        ),
        ("advanced_certified", "Your enterprise already holds the highest grade; its re-reviews keep it."),
        ("certified", None),
        ("regular", None),
    ],
)
def test_which_grades_may_apply_at_all(offices, grade, refusal):
    enterprise = EnterpriseFactory(customs_office=offices["9700"], credit_grade=grade)
    assert application_refusal(enterprise) == refusal


def test_applying_for_a_grade_not_open_says_which_rule_stops_it(order_282, offices):
    certified = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    assert grade_refusal(certified, order_282, "advanced_certified") is None
    assert grade_refusal(certified, order_282, "certified") == (
        f"{order_282.display_title} does not allow an enterprise of grade Certified enterprise to apply "
        "for Certified enterprise."
    )
    assert grade_refusal(certified, order_282, "gold") == (
        f"{order_282.display_title} does not allow an enterprise of grade Certified enterprise to apply "
        "for gold."
    )
    dishonest = EnterpriseFactory(customs_office=offices["9700"], credit_grade="dishonest")
    assert grade_refusal(dishonest, order_282, "certified").startswith("A dishonest enterprise cannot apply")


def test_the_bar_lasts_as_long_as_the_rulebook_in_force_on_the_day_it_started_says(enterprise_b, offices):
    """Both shipped rulebooks bar for 12 months; a different figure for Order 251 (test data) shows whose
    figure counts: the rulebook of the refusal's day, not of the day the bar is read."""
    Rulebook.objects.filter(code="order-251").update(application_bar_months=6)
    closed(enterprise_b, Status.REFUSED, DAY(2025, 12, 15))
    assert latest_bar_end(enterprise_b) == DAY(2026, 6, 15)
    assert application_bar(enterprise_b, DAY(2026, 6, 14)).until == DAY(2026, 6, 15)
    assert application_bar(enterprise_b, DAY(2026, 6, 15)) is None


def test_what_withdrawing_would_cost_follows_the_rulebook_of_the_day(enterprise_b, offices):
    Rulebook.objects.filter(code="order-251").update(application_bar_months=6)  # test data, as above
    received = closed(enterprise_b, Status.UNDER_AUDIT, DAY(2026, 1, 5))
    assert bar_if_withdrawn(received, DAY(2026, 3, 31)) == DAY(2026, 9, 30)
    assert bar_if_withdrawn(received, DAY(2026, 4, 1)) == DAY(2027, 4, 1)
