"""The lead time of every reminder, at the day before, the day of and the day after its edge.

Each scheduled reminder job is run as of written-out days, and once for every day of a stretch, to
see the day each notice goes out: re-reviews 180, 90 and 30 days ahead (then overdue), the
certification clock 15 days ahead (then overdue), rectification 3 days ahead, the end of a
statement period, the day repair becomes possible, the end of a publication period, the end of the
one-year bar, cultivation milestones a week ahead (then overdue) and cases past their service
deadline.
"""

import datetime

import pytest

from certification import applications, review
from certification.certificates import certificate_take_over
from certification.models import Application, Result
from certification.reminders import (
    application_bar_reminders,
    certification_clock_reminders,
    re_review_reminders,
    rectification_reminders,
)
from coordination.cases import case_open, escalate_overdue_cases
from coordination.models import Case
from cultivation import plans
from cultivation.models import Milestone
from cultivation.reminders import milestone_reminders
from enterprises.determination import proposal_notify
from enterprises.ledger import ledger_record
from enterprises.reminders import (
    publication_end_reminders,
    repair_eligibility_reminders,
    statement_period_reminders,
)
from notifications.models import Notification, Reminder
from rulebooks.selectors import rulebook_in_force
from tests.certification.conftest import assess_all, find_all
from tests.factories.certification import ApplicationFactory
from tests.factories.enterprises import (
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    determined_proposal,
)

# Many users per test; hashing their passwords is not under test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_passwords")]

date = datetime.date


@pytest.fixture
def run_daily(travel):
    """Run `job` as of every day from `first` to `last`: {day: kinds of the reminders sent that day}."""

    def run(job, first, last):
        sent, day = {}, first
        while day <= last:
            travel(day)
            known = set(Reminder.objects.values_list("pk", flat=True))
            job(as_of=day)
            kinds = sorted(Reminder.objects.exclude(pk__in=known).values_list("kind", flat=True))
            if kinds:
                sent[day] = kinds
            day += datetime.timedelta(days=1)
        return sent

    return run


def sent_on(job, day):
    """The kinds of reminder `job` sends when run as of `day`, on its own."""
    job(as_of=day)
    return sorted(Reminder.objects.values_list("kind", flat=True))


# --- re-review: 180, 90 and 30 days ahead -----------------------------------------------------------


@pytest.fixture
def re_review_due_3_june_2031(travel, enterprise_a, enterprise_user, administrator):
    """Enterprise A's certificate, issued on 2026-06-03: its periodic re-review is due 2031-06-03."""
    travel(date(2026, 6, 3))
    certificate = certificate_take_over(
        actor=administrator, enterprise=enterprise_a, issued_on=date(2026, 6, 3)
    )
    assert certificate.re_review_due == date(2031, 6, 3)
    return certificate


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2030, 12, 4), []),  # 181 days ahead
        (date(2030, 12, 5), ["re-review-180"]),
        (date(2030, 12, 6), ["re-review-180"]),
        (date(2031, 3, 4), ["re-review-180"]),  # 91 days ahead
        (date(2031, 3, 5), ["re-review-90"]),
        (date(2031, 3, 6), ["re-review-90"]),
        (date(2031, 5, 3), ["re-review-90"]),  # 31 days ahead
        (date(2031, 5, 4), ["re-review-30"]),
        (date(2031, 5, 5), ["re-review-30"]),
        (date(2031, 6, 2), ["re-review-30"]),
        (date(2031, 6, 3), []),  # due: the periodic re-review job opens it instead
    ],
)
def test_re_review_notice_by_days_ahead(travel, re_review_due_3_june_2031, as_of, kinds):
    travel(as_of)
    assert sent_on(re_review_reminders, as_of) == kinds


def test_re_review_notices_go_out_on_exactly_three_days(
    run_daily, re_review_due_3_june_2031, enterprise_user
):
    assert run_daily(re_review_reminders, date(2030, 12, 1), date(2031, 6, 3)) == {
        date(2030, 12, 5): ["re-review-180"],
        date(2031, 3, 5): ["re-review-90"],
        date(2031, 5, 4): ["re-review-30"],
    }
    assert Notification.objects.filter(recipient=enterprise_user).count() == 3


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2031, 6, 2), ["re-review-30"]),
        (date(2031, 6, 3), ["re-review-overdue"]),
        (date(2031, 6, 4), ["re-review-overdue"]),
    ],
)
def test_a_re_review_that_cannot_open_on_its_due_day_goes_to_the_officers(
    travel, re_review_due_3_june_2031, enterprise_a, officer, as_of, kinds
):
    ApplicationFactory(
        enterprise=enterprise_a,
        rulebook=rulebook_in_force(date(2026, 6, 3)),
        target_grade="advanced_certified",
        status=Application.Status.UNDER_AUDIT,
    )
    travel(as_of)
    assert sent_on(re_review_reminders, as_of) == kinds
    assert Notification.objects.filter(recipient=officer).exists() is (kinds == ["re-review-overdue"])


# --- the certification clock: 15 days ahead, then late ----------------------------------------------


@pytest.fixture
def submitted_3_june(travel, catalogue, enterprise_b, enterprise_user_b, business_types):
    """Enterprise B's application submitted on 2026-06-03: the decision is due 2026-09-01."""
    travel(date(2026, 6, 3))
    draft = applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )
    assess_all(draft, enterprise_user_b)
    return applications.application_submit(actor=enterprise_user_b, application=draft)


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2026, 8, 16), []),  # 16 days left
        (date(2026, 8, 17), ["clock-warning"]),  # 15 days left
        (date(2026, 8, 18), ["clock-warning"]),
        (date(2026, 8, 31), ["clock-warning"]),
        (date(2026, 9, 1), ["clock-warning"]),  # due today: not late yet
        (date(2026, 9, 2), ["clock-overdue"]),
    ],
)
def test_the_clock_warning_comes_15_days_before_the_decision_is_due(
    travel, submitted_3_june, officer, as_of, kinds
):
    travel(as_of)
    assert sent_on(certification_clock_reminders, as_of) == kinds
    assert Notification.objects.filter(recipient=officer).count() == len(kinds)


def test_the_clock_warns_once_and_tells_once_when_late(run_daily, submitted_3_june):
    assert run_daily(certification_clock_reminders, date(2026, 8, 1), date(2026, 9, 10)) == {
        date(2026, 8, 17): ["clock-warning"],
        date(2026, 9, 2): ["clock-overdue"],
    }


# --- rectification: 3 days ahead -------------------------------------------------------------------


@pytest.fixture
def rectification_due_15_july(travel, submitted_3_june, officer, second_officer):
    application = review.application_accept(actor=officer, application=submitted_3_june)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer, application=application, visit_on=date(2026, 6, 10), place="Site", agenda="Seals."
    )
    find_all(application, officer, **{"A-G-54": Result.FAILS})
    travel(date(2026, 7, 1))
    row = application.items.get(item__code="A-G-54")
    review.rectification_request(
        actor=officer, application=application, requests={row.pk: "Seals."}, due=date(2026, 7, 15)
    )
    return row


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2026, 7, 11), []),
        (date(2026, 7, 12), ["rectification-due"]),  # 3 days ahead
        (date(2026, 7, 13), ["rectification-due"]),
        (date(2026, 7, 15), ["rectification-due"]),  # the last day
        (date(2026, 7, 16), []),
    ],
)
def test_rectification_is_reminded_3_days_before_its_deadline(
    travel, rectification_due_15_july, as_of, kinds
):
    travel(as_of)
    assert sent_on(rectification_reminders, as_of) == kinds


def test_rectification_is_reminded_once(run_daily, rectification_due_15_july, enterprise_user_b):
    assert run_daily(rectification_reminders, date(2026, 7, 1), date(2026, 7, 20)) == {
        date(2026, 7, 12): ["rectification-due"]
    }


# --- the end of a statement period ------------------------------------------------------------------


@pytest.fixture
def statement_due_13_october_2025(travel, enterprise_b, officer):
    travel(date(2025, 9, 29))
    proposal = DishonestProposalFactory(enterprise=enterprise_b, grounds="Smuggling case XN-2025-9.")
    notified = proposal_notify(actor=officer, proposal=proposal)
    assert notified.statement_due == date(2025, 10, 13)
    return notified


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2025, 10, 13), []),
        (date(2025, 10, 14), ["statement-period-ended"]),
        (date(2025, 10, 15), ["statement-period-ended"]),
    ],
)
def test_the_officer_hears_the_day_after_the_statement_period(
    travel, statement_due_13_october_2025, officer, as_of, kinds
):
    travel(as_of)
    assert sent_on(statement_period_reminders, as_of) == kinds


def test_the_end_of_the_statement_period_is_told_once(run_daily, statement_due_13_october_2025):
    assert run_daily(statement_period_reminders, date(2025, 9, 29), date(2025, 10, 31)) == {
        date(2025, 10, 14): ["statement-period-ended"]
    }


# --- repair possible, publication ended ------------------------------------------------------------


@pytest.fixture
def tax_arrears_determined_15_april(travel, offices):
    """Determined dishonest on 2026-04-15 under Art. 22(4): repair possible from 2026-07-15."""
    travel(date(2026, 4, 15))
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    EnterpriseMembershipFactory(enterprise=enterprise)
    return determined_proposal(
        enterprise, code="art22-4", on=date(2026, 4, 15), published_until=date(2026, 7, 15)
    )


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2026, 7, 14), []),
        (date(2026, 7, 15), ["repair-eligible"]),
        (date(2026, 7, 16), ["repair-eligible"]),
        (date(2026, 8, 14), ["repair-eligible"]),  # 30 days later: the look-back still reaches it
        (date(2026, 8, 15), []),
    ],
)
def test_the_enterprise_hears_on_the_day_repair_becomes_possible(
    travel, tax_arrears_determined_15_april, as_of, kinds
):
    travel(as_of)
    assert sent_on(repair_eligibility_reminders, as_of) == kinds


def test_repair_possible_is_told_once(run_daily, tax_arrears_determined_15_april):
    assert run_daily(repair_eligibility_reminders, date(2026, 7, 1), date(2026, 8, 31)) == {
        date(2026, 7, 15): ["repair-eligible"]
    }


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2026, 7, 15), []),  # the last day of publication
        (date(2026, 7, 16), ["publication-ended"]),
        (date(2026, 7, 17), ["publication-ended"]),
        (date(2026, 8, 14), ["publication-ended"]),
        (date(2026, 8, 15), []),  # beyond the 30 days' look-back
    ],
)
def test_the_enterprise_hears_the_day_after_publication_ends(
    travel, tax_arrears_determined_15_april, as_of, kinds
):
    travel(as_of)
    assert sent_on(publication_end_reminders, as_of) == kinds


def test_the_end_of_publication_is_told_once(run_daily, tax_arrears_determined_15_april):
    assert run_daily(publication_end_reminders, date(2026, 7, 1), date(2026, 8, 31)) == {
        date(2026, 7, 16): ["publication-ended"]
    }


# --- the one-year bar -------------------------------------------------------------------------------


@pytest.fixture
def downgraded_3_june(travel, enterprise_a, enterprise_user, officer):
    """Enterprise A left the AEO grades on 2026-06-03: it may apply again from 2027-06-03."""
    travel(date(2026, 6, 3))
    ledger_record(
        actor=officer,
        enterprise=enterprise_a,
        grade="regular",
        cause="certificate_change",
        reason="Given up.",
    )
    return enterprise_a


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2027, 6, 2), []),
        (date(2027, 6, 3), ["application-bar-ended"]),
        (date(2027, 6, 4), ["application-bar-ended"]),
        (date(2027, 7, 3), ["application-bar-ended"]),  # 30 days later
        (date(2027, 7, 4), []),
    ],
)
def test_the_enterprise_hears_on_the_day_its_bar_ends(travel, downgraded_3_june, as_of, kinds):
    travel(as_of)
    assert sent_on(application_bar_reminders, as_of) == kinds


def test_the_end_of_the_bar_is_told_once(run_daily, downgraded_3_june):
    assert run_daily(application_bar_reminders, date(2027, 5, 20), date(2027, 7, 10)) == {
        date(2027, 6, 3): ["application-bar-ended"]
    }


# --- cultivation milestones and coordination cases -------------------------------------------------


@pytest.fixture
def milestone_due_15_july(travel, catalogue, enterprise_b, enterprise_user_b, officer, business_types):
    travel(date(2026, 6, 1))
    plan = plans.plan_open(
        actor=officer,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
        starts_on=date(2026, 6, 1),
        target_on=date(2027, 6, 1),
        officers=[officer],
    )
    milestone = plan.milestones.order_by("due_on").first()
    Milestone.objects.filter(pk=milestone.pk).update(due_on=date(2026, 7, 15))
    plan.milestones.exclude(pk=milestone.pk).update(completed_on=date(2026, 6, 1))
    return milestone


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [
        (date(2026, 7, 7), []),  # 8 days ahead
        (date(2026, 7, 8), ["milestone-ahead"]),  # a week ahead
        (date(2026, 7, 9), ["milestone-ahead"]),
        (date(2026, 7, 15), ["milestone-ahead"]),  # due today
        (date(2026, 7, 16), ["milestone-overdue"]),
    ],
)
def test_a_milestone_is_reminded_a_week_ahead_and_when_overdue(travel, milestone_due_15_july, as_of, kinds):
    travel(as_of)
    assert sent_on(milestone_reminders, as_of) == kinds


def test_a_milestone_is_reminded_once_ahead_and_once_overdue(run_daily, milestone_due_15_july):
    assert run_daily(milestone_reminders, date(2026, 7, 1), date(2026, 7, 31)) == {
        date(2026, 7, 8): ["milestone-ahead"],
        date(2026, 7, 16): ["milestone-overdue"],
    }


@pytest.mark.parametrize(
    ("category", "due"),
    [
        (Case.Category.POLICY_CONSULTATION, date(2026, 6, 8)),
        (Case.Category.DIFFICULT_MATTER, date(2026, 6, 13)),
        (Case.Category.RECTIFICATION_GUIDANCE, date(2026, 6, 13)),
        (Case.Category.COMPLAINT, date(2026, 6, 18)),
    ],
)
def test_a_case_is_served_within_its_categorys_days(
    travel, coordinator, enterprise_a, enterprise_user, category, due
):
    travel(date(2026, 6, 3))
    case = case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category=category,
        subject="Tariff code",
        description="Which?",
    )
    assert case.due_on == due


@pytest.fixture
def case_due_8_june(travel, coordinator, enterprise_a, enterprise_user):
    travel(date(2026, 6, 3))
    return case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category=Case.Category.POLICY_CONSULTATION,
        subject="Tariff code",
        description="Which heading applies?",
    )


@pytest.mark.parametrize(
    ("as_of", "kinds"),
    [(date(2026, 6, 8), []), (date(2026, 6, 9), ["case-overdue"]), (date(2026, 6, 10), ["case-overdue"])],
)
def test_a_case_escalates_the_day_after_its_deadline(travel, case_due_8_june, as_of, kinds):
    travel(as_of)
    assert sent_on(escalate_overdue_cases, as_of) == kinds


def test_a_case_escalates_once(run_daily, case_due_8_june):
    assert run_daily(escalate_overdue_cases, date(2026, 6, 3), date(2026, 6, 20)) == {
        date(2026, 6, 9): ["case-overdue"]
    }
