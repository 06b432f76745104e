"""Every certification deadline at the day before, the day of and the day after its edge.

Expected dates are written out, never computed by the code under test nor by the same arithmetic:
a deadline moved by one day, or a period changed in the rulebook data, fails here.

Periods are counted as the Civil Code counts them (Art. 201-203): the day of the event is not
counted and a period in months ends on the corresponding day of the last month (its last day when
that month is shorter). So an application submitted on 2026-06-03 is decided in time on 2026-09-01,
day 90, and is late on 2026-09-02.
"""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from certification import applications, re_review, review
from certification.certificates import certificate_take_over, next_certificate_number
from certification.clock import Clock, clock
from certification.eligibility import application_bar
from certification.models import Application, ApplicationItem, Certificate, CertificateNumberCounter, Result
from certification.selectors import overdue_rectifications
from core.errors import InvalidState
from enterprises.ledger import ledger_record
from rulebooks.models import Rulebook
from tests.certification.conftest import assess_all, find_all
from tests.concurrency import require_postgresql, run_together, signed_in

# Many users per test; hashing their passwords is not under test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_passwords")]

CHINA = datetime.timezone(datetime.timedelta(hours=8))
Status = Application.Status


@pytest.fixture
def order_282(offices):
    return Rulebook.objects.get(code="order-282")


def application_on(rulebook, **fields):
    """An unsaved application whose clock started on Wednesday 2026-06-03 (the clock is pure)."""
    values = {"status": Status.UNDER_AUDIT, "clock_started_on": datetime.date(2026, 6, 3), **fields}
    return Application(rulebook=rulebook, **values)


# --- the 90-day decision clock (pure) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "used", "left", "overdue"),
    [
        (datetime.date(2026, 6, 3), 0, 90, False),  # the day of submission is not counted
        (datetime.date(2026, 8, 31), 89, 1, False),
        (datetime.date(2026, 9, 1), 90, 0, False),  # day 90: still in time
        (datetime.date(2026, 9, 2), 91, -1, True),
    ],
)
def test_the_decision_is_due_90_days_after_submission(order_282, today, used, left, overdue):
    state = clock(application_on(order_282), today)
    assert state.deadline == datetime.date(2026, 9, 1)
    assert (state.days_allowed, state.days_used, state.days_left, state.overdue) == (90, used, left, overdue)


@pytest.mark.parametrize(
    ("today", "used", "left", "overdue"),
    [
        (datetime.date(2026, 9, 30), 119, 1, False),
        (datetime.date(2026, 10, 1), 120, 0, False),
        (datetime.date(2026, 10, 2), 121, -1, True),
    ],
)
def test_the_extension_adds_30_days_once(order_282, today, used, left, overdue):
    state = clock(application_on(order_282, extended=True), today)
    assert state.deadline == datetime.date(2026, 10, 1)
    assert (state.days_allowed, state.days_used, state.days_left, state.overdue) == (120, used, left, overdue)


def test_a_paused_clock_stops_counting_and_moves_the_deadline_by_the_paused_days(order_282):
    paused = application_on(
        order_282,
        status=Status.PAUSED,
        paused_on=datetime.date(2026, 7, 1),
        paused_from_status=Status.UNDER_AUDIT,
    )
    for today, deadline in (
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 1)),
        (datetime.date(2026, 7, 11), datetime.date(2026, 9, 11)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 12, 1)),
    ):
        state = clock(paused, today)
        assert (state.days_used, state.days_left, state.deadline, state.overdue) == (28, 62, deadline, False)


@pytest.mark.parametrize(
    ("today", "left", "overdue"),
    [
        (datetime.date(2026, 9, 10), 1, False),
        (datetime.date(2026, 9, 11), 0, False),
        (datetime.date(2026, 9, 12), -1, True),
    ],
)
def test_after_a_resumed_pause_of_10_days_the_decision_is_due_10_days_later(order_282, today, left, overdue):
    state = clock(application_on(order_282, paused_days=10), today)
    assert state.deadline == datetime.date(2026, 9, 11)
    assert (state.days_left, state.overdue) == (left, overdue)


@pytest.mark.parametrize(
    "pause_began", [datetime.date(2026, 7, 1), datetime.date(2026, 11, 30), datetime.date(2026, 8, 31)]
)
def test_a_pause_may_last_3_months(order_282, pause_began):
    ends = {
        datetime.date(2026, 7, 1): datetime.date(2026, 10, 1),
        datetime.date(2026, 11, 30): datetime.date(2027, 2, 28),  # no 30 February: the month's last day
        datetime.date(2026, 8, 31): datetime.date(2026, 11, 30),
    }[pause_began]
    paused = application_on(order_282, status=Status.PAUSED, paused_on=pause_began)
    assert clock(paused, pause_began).pause_ends_application_on == ends


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 8, 20), datetime.date(2026, 8, 21), datetime.date(2026, 12, 1)]
)
def test_the_clock_stops_on_the_day_of_the_decision(order_282, today):
    decided = application_on(
        order_282,
        status=Status.CERTIFIED,
        decided_at=datetime.datetime(2026, 8, 20, 16, 30, tzinfo=CHINA),
    )
    state = clock(decided, today)
    assert (state.running, state.days_used, state.days_left, state.overdue) == (False, 78, 12, False)


def test_a_decision_on_day_91_stays_one_day_late_and_is_no_longer_running(order_282):
    decided = application_on(
        order_282, status=Status.REFUSED, decided_at=datetime.datetime(2026, 9, 2, 9, tzinfo=CHINA)
    )
    state = clock(decided, datetime.date(2027, 1, 1))
    assert (state.running, state.days_used, state.days_over, state.overdue) == (False, 91, 1, False)


@pytest.mark.parametrize(("extended", "allowed"), [(False, 90), (True, 120)])
def test_a_clock_not_started_has_used_nothing_and_has_no_deadline(order_282, extended, allowed):
    draft = application_on(order_282, status=Status.DRAFT, clock_started_on=None, extended=extended)
    assert clock(draft, datetime.date(2026, 6, 3)) == Clock(
        running=False, days_allowed=allowed, days_used=0, deadline=None, pause_ends_application_on=None
    )


# --- the clock through the services ---------------------------------------------------------------


@pytest.fixture
def submitted_on_3_june(travel, draft, enterprise_user_b):
    """Enterprise B's application, submitted on Wednesday 2026-06-03."""
    travel(datetime.date(2026, 6, 3))
    assess_all(draft, enterprise_user_b)
    return applications.application_submit(actor=enterprise_user_b, application=draft)


@pytest.fixture
def paused_on_1_july(travel, submitted_on_3_june, officer):
    travel(datetime.date(2026, 7, 1))
    return review.application_pause(actor=officer, application=submitted_on_3_june, reason="Case XN-7 filed.")


@pytest.mark.parametrize(
    ("as_of", "terminated"),
    [(datetime.date(2026, 9, 30), 0), (datetime.date(2026, 10, 1), 0), (datetime.date(2026, 10, 2), 1)],
)
def test_a_pause_longer_than_3_months_ends_the_application(travel, paused_on_1_july, as_of, terminated):
    travel(as_of)
    assert clock(paused_on_1_july, as_of).pause_ends_application_on == datetime.date(2026, 10, 1)
    assert review.terminate_long_pauses(as_of=as_of) == {"created": terminated}
    paused_on_1_july.refresh_from_db()
    assert paused_on_1_july.status == (Status.TERMINATED if terminated else Status.PAUSED)


def test_resuming_after_10_days_moves_the_decision_to_11_september(travel, paused_on_1_july, officer):
    travel(datetime.date(2026, 7, 11))
    review.application_resume(actor=officer, application=paused_on_1_july)
    paused_on_1_july.refresh_from_db()
    assert paused_on_1_july.paused_days == 10
    assert clock(paused_on_1_july, datetime.date(2026, 9, 11)).deadline == datetime.date(2026, 9, 11)
    assert not clock(paused_on_1_july, datetime.date(2026, 9, 11)).overdue
    assert clock(paused_on_1_july, datetime.date(2026, 9, 12)).overdue


@pytest.mark.parametrize(
    ("today", "css", "days_left"),
    [
        (datetime.date(2026, 8, 16), "", 16),
        (datetime.date(2026, 8, 17), "text-warning-emphasis fw-semibold", 15),  # 15 days left: warned
        (datetime.date(2026, 8, 18), "text-warning-emphasis fw-semibold", 14),
        (datetime.date(2026, 9, 1), "text-warning-emphasis fw-semibold", 0),
        (datetime.date(2026, 9, 2), "text-danger fw-semibold", -1),
    ],
)
def test_the_queue_marks_an_application_from_15_days_left_and_when_late(
    travel, submitted_on_3_june, officer, today, css, days_left
):
    travel(today)
    page = signed_in(officer).get(reverse("application-list")).content.decode()
    assert f'<td class="{css}">{days_left}</td>' in page


# --- rectification deadlines -----------------------------------------------------------------------


@pytest.fixture
def audited_on_3_june(submitted_on_3_june, officer, second_officer):
    """Under audit, the trade-security seals item (A-G-54) found failing."""
    application = review.application_accept(actor=officer, application=submitted_on_3_june)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=datetime.date(2026, 6, 10),
        place="Enterprise premises",
        agenda="Trade security.",
    )
    application.refresh_from_db()
    find_all(application, officer, **{"A-G-54": Result.FAILS})
    return application


@pytest.fixture
def rectifying_until_15_july(travel, audited_on_3_june, officer):
    travel(datetime.date(2026, 7, 1))
    row = audited_on_3_june.items.get(item__code="A-G-54")
    review.rectification_request(
        actor=officer,
        application=audited_on_3_june,
        requests={row.pk: "Fit tamper-evident seals."},
        due=datetime.date(2026, 7, 15),
    )
    return row


@pytest.mark.parametrize(
    ("due", "accepted"),
    [
        (datetime.date(2026, 6, 30), False),
        (datetime.date(2026, 7, 1), False),
        (datetime.date(2026, 7, 2), True),
    ],
)
def test_a_rectification_deadline_is_after_the_day_it_is_set(
    travel, audited_on_3_june, officer, due, accepted
):
    travel(datetime.date(2026, 7, 1))
    row = audited_on_3_june.items.get(item__code="A-G-54")

    def ask():
        review.rectification_request(
            actor=officer, application=audited_on_3_june, requests={row.pk: "Seals."}, due=due
        )

    if accepted:
        ask()
        row.refresh_from_db()
        assert row.rectification_due == due
    else:
        with pytest.raises(ValidationError):
            ask()


@pytest.mark.parametrize(
    ("today", "in_time"),
    [
        (datetime.date(2026, 7, 14), True),
        (datetime.date(2026, 7, 15), True),
        (datetime.date(2026, 7, 16), False),
    ],
)
def test_a_rectification_is_answered_until_its_deadline(
    travel, rectifying_until_15_july, enterprise_user_b, today, in_time
):
    travel(today)
    if in_time:
        applications.rectification_answer(
            actor=enterprise_user_b, application_item=rectifying_until_15_july, answer="Seals fitted."
        )
        rectifying_until_15_july.refresh_from_db()
        assert rectifying_until_15_july.rectification == ApplicationItem.Rectification.ANSWERED
    else:
        with pytest.raises(InvalidState, match="deadline"):
            applications.rectification_answer(
                actor=enterprise_user_b, application_item=rectifying_until_15_july, answer="Late."
            )


@pytest.mark.parametrize(
    ("today", "closes"),
    [
        (datetime.date(2026, 7, 14), False),
        (datetime.date(2026, 7, 15), False),
        (datetime.date(2026, 7, 16), True),
    ],
)
def test_rectification_ends_only_after_the_deadline_day(
    travel, rectifying_until_15_july, officer, today, closes
):
    travel(today)
    application = rectifying_until_15_july.application
    if closes:
        review.rectification_close(actor=officer, application=application)
        application.refresh_from_db()
        assert application.status == Status.UNDER_AUDIT
    else:
        with pytest.raises(InvalidState, match="deadline"):
            review.rectification_close(actor=officer, application=application)


@pytest.mark.parametrize(
    ("today", "late"),
    [(datetime.date(2026, 7, 14), 0), (datetime.date(2026, 7, 15), 0), (datetime.date(2026, 7, 16), 1)],
)
def test_an_unanswered_rectification_is_late_from_the_day_after_its_deadline(
    rectifying_until_15_july, officer, today, late
):
    assert overdue_rectifications(officer, today)["count"] == late


# --- re-review every 5 years -----------------------------------------------------------------------


@pytest.fixture
def certified_on_3_june(audited_on_3_june, officer):
    find_all(audited_on_3_june, officer)
    review.application_certify(actor=officer, application=audited_on_3_june, decision_number="XN-AEO-1")
    return Certificate.objects.get(application=audited_on_3_june)


def test_a_certificate_issued_on_3_june_2026_is_re_reviewed_on_3_june_2031(certified_on_3_june):
    assert certified_on_3_june.issued_on == datetime.date(2026, 6, 3)
    assert certified_on_3_june.re_review_due == datetime.date(2031, 6, 3)


def test_a_certificate_taken_over_on_29_february_is_re_reviewed_on_28_february(
    travel, enterprise_a, administrator
):
    travel(datetime.date(2028, 2, 29))
    certificate = certificate_take_over(
        actor=administrator, enterprise=enterprise_a, issued_on=datetime.date(2028, 2, 29)
    )
    assert certificate.re_review_due == datetime.date(2033, 2, 28)


@pytest.mark.parametrize(
    ("as_of", "opened"),
    [(datetime.date(2031, 6, 2), 0), (datetime.date(2031, 6, 3), 1), (datetime.date(2031, 6, 4), 1)],
)
def test_the_periodic_re_review_opens_on_its_due_day(travel, certified_on_3_june, as_of, opened):
    travel(as_of)
    assert re_review.open_due_re_reviews(as_of=as_of) == {"created": opened}
    assert certified_on_3_june.re_reviews.count() == opened


def test_a_passed_re_review_sets_the_next_one_5_years_after_its_decision(
    travel, certified_on_3_june, officer, second_officer
):
    travel(datetime.date(2031, 6, 3))
    re_review.open_due_re_reviews(as_of=datetime.date(2031, 6, 3))
    application = certified_on_3_june.re_reviews.get()
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=datetime.date(2031, 6, 20),
        place="Site",
        agenda="All.",
    )
    find_all(application, officer)
    travel(datetime.date(2031, 7, 15))
    review.application_certify(actor=officer, application=application, decision_number="XN-RR-1")
    certified_on_3_june.refresh_from_db()
    assert certified_on_3_june.re_review_due == datetime.date(2036, 7, 15)


# --- the one-year bar ------------------------------------------------------------------------------


@pytest.fixture
def refused_on_3_june(audited_on_3_june, officer):
    review.application_refuse(
        actor=officer, application=audited_on_3_june, decision_number="XN-R-1", reason="Seals missing."
    )
    audited_on_3_june.refresh_from_db()
    return audited_on_3_june


@pytest.mark.parametrize(
    ("today", "barred"),
    [
        (datetime.date(2027, 6, 2), True),
        (datetime.date(2027, 6, 3), False),
        (datetime.date(2027, 6, 4), False),
    ],
)
def test_a_refusal_bars_applying_until_the_same_day_a_year_later(
    travel, refused_on_3_june, enterprise_b, enterprise_user_b, business_types, today, barred
):
    bar = application_bar(enterprise_b, today)
    assert (bar.until if bar else None) == (datetime.date(2027, 6, 3) if barred else None)
    travel(today)
    draft = applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )
    assess_all(draft, enterprise_user_b)
    if barred:
        with pytest.raises(ValidationError, match="one-year bar"):
            applications.application_submit(actor=enterprise_user_b, application=draft)
    else:
        submitted = applications.application_submit(actor=enterprise_user_b, application=draft)
        assert submitted.clock_started_on == today


@pytest.mark.parametrize(
    ("today", "until"),
    [
        (datetime.date(2027, 8, 30), datetime.date(2027, 8, 31)),
        (datetime.date(2027, 8, 31), None),
        (datetime.date(2027, 9, 1), None),
    ],
)
def test_a_grade_down_from_certified_bars_applying_for_a_year(travel, enterprise_a, officer, today, until):
    travel(datetime.date(2026, 8, 31))
    ledger_record(
        actor=officer,
        enterprise=enterprise_a,
        grade="regular",
        cause="certificate_change",
        reason="Surrendered.",
    )
    bar = application_bar(enterprise_a, today)
    assert (bar.until if bar else None) == until


# --- certificate numbers under a row lock ---------------------------------------------------------


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_certificates_issued_at_the_same_moment_never_share_a_number(monkeypatch):
    """Three transactions read the counter at once; each must wait for the row lock of the one before.

    Each save is slowed down so that, without the lock, all three would read 41 and all write 42.
    """
    require_postgresql()
    CertificateNumberCounter.objects.create(year=2031, last=41)
    save = CertificateNumberCounter.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.5)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(CertificateNumberCounter, "save", slow_save)

    def issue():
        with transaction.atomic():
            return next_certificate_number(2031)

    numbers = run_together(issue, issue, issue)
    assert sorted(numbers) == ["CN-AEO-2031-000042", "CN-AEO-2031-000043", "CN-AEO-2031-000044"]
    assert CertificateNumberCounter.objects.get(year=2031).last == 44
