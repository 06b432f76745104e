"""Reminders of certification deadlines: sent once per key, to the right people, at the right time."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import translation

from certification import reminders, review
from certification.eligibility import application_bar
from certification.models import Certificate, Result
from core.display import format_date
from enterprises.ledger import ledger_record
from enterprises.reminders import statement_period_reminders
from notifications.models import Notification, Reminder
from notifications.services import reminder_send
from tests.certification.conftest import find_all

REDELIVERY_SECONDS = 3  # the test workers' visibility timeout


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.select_related("enterprise").get()


def notices(user, kind_text=""):
    return Notification.objects.filter(recipient=user, subject__contains=kind_text)


def test_a_reminder_is_sent_once_per_key(certificate, enterprise_user_b, today):
    def send():
        return reminder_send(
            kind="test",
            subject=certificate,
            due_on=today,
            recipients=[enterprise_user_b],
            title="Title %(n)s",
            body="Body",
            context=lambda: {"n": certificate.number},
        )

    before = notices(enterprise_user_b).count()
    assert send() is True
    assert send() is False
    assert notices(enterprise_user_b).count() == before + 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_reminder_at_once_send_it_once(
    catalogue, enterprise_b, enterprise_user_b, today
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts are tested on PostgreSQL; CI runs on PostgreSQL")
    start, results = threading.Barrier(4), []

    def send():
        try:
            start.wait()
            results.append(
                reminder_send(
                    kind="race",
                    subject=enterprise_b,
                    due_on=today,
                    recipients=[enterprise_user_b],
                    title="Race",
                    body="Once.",
                    context=dict,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert Notification.objects.filter(recipient=enterprise_user_b, subject="Race").count() == 1
    assert Reminder.objects.filter(kind="race").count() == 1


def test_re_review_notices_come_180_90_and_30_days_ahead(certificate, enterprise_user_b):
    due = certificate.re_review_due
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=200)) == {"created": 0}
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=170)) == {"created": 1}
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=169)) == {"created": 0}
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=80)) == {"created": 1}
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=20)) == {"created": 1}
    assert reminders.re_review_reminders(as_of=due - datetime.timedelta(days=19)) == {"created": 0}
    kinds = sorted(Reminder.objects.values_list("kind", flat=True))
    assert kinds == ["re-review-180", "re-review-30", "re-review-90"]
    assert notices(enterprise_user_b, certificate.number).count() == 3


def test_an_overdue_re_review_that_cannot_open_goes_to_the_officers(certificate, officer):
    # An application in progress keeps the periodic re-review from opening.
    certificate.application.status = "under_audit"
    certificate.application.save()
    due = certificate.re_review_due
    assert reminders.re_review_reminders(as_of=due + datetime.timedelta(days=1)) == {"created": 1}
    assert notices(officer, certificate.number).exists()


def test_the_team_is_warned_before_the_decision_is_due_and_when_late(under_audit, officer, second_officer):
    deadline = under_audit.clock_started_on + datetime.timedelta(days=90)
    assert reminders.certification_clock_reminders(as_of=deadline - datetime.timedelta(days=20)) == {
        "created": 0
    }
    assert reminders.certification_clock_reminders(as_of=deadline - datetime.timedelta(days=10)) == {
        "created": 1
    }
    assert reminders.certification_clock_reminders(as_of=deadline - datetime.timedelta(days=9)) == {
        "created": 0
    }
    assert reminders.certification_clock_reminders(as_of=deadline + datetime.timedelta(days=1)) == {
        "created": 1
    }
    for member in (officer, second_officer):
        assert notices(member, under_audit.receipt_number).count() == 2


def test_the_enterprise_is_reminded_of_a_rectification_deadline(
    under_audit, officer, enterprise_user_b, today
):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    row = under_audit.items.get(item__code="A-G-54")
    due = today + datetime.timedelta(days=10)
    review.rectification_request(actor=officer, application=under_audit, requests={row.pk: "Seals."}, due=due)
    assert reminders.rectification_reminders(as_of=due - datetime.timedelta(days=5)) == {"created": 0}
    assert reminders.rectification_reminders(as_of=due - datetime.timedelta(days=2)) == {"created": 1}
    assert reminders.rectification_reminders(as_of=due - datetime.timedelta(days=1)) == {"created": 0}
    assert notices(enterprise_user_b, "A-G-54").count() == 1


def test_the_officer_hears_when_a_statement_period_ends(offices, officer):
    from enterprises.determination import proposal_notify
    from tests.factories.enterprises import DishonestProposalFactory

    proposal = proposal_notify(
        actor=officer,
        proposal=DishonestProposalFactory(
            enterprise__customs_office=offices["9700"], grounds="Smuggling case XN-1."
        ),
    )
    due = proposal.statement_due
    assert statement_period_reminders(as_of=due) == {"created": 0}
    assert statement_period_reminders(as_of=due + datetime.timedelta(days=1)) == {"created": 1}
    assert statement_period_reminders(as_of=due + datetime.timedelta(days=2)) == {"created": 0}
    assert notices(officer, proposal.enterprise.name).count() == 1  # in the officer's language


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_real_workers_running_the_reminder_job_at_once_send_it_once(
    two_workers, certificate, enterprise_user_b
):
    from core.jobs import run_scheduled_job
    from tests.conftest import wait_for

    as_of = (certificate.re_review_due - datetime.timedelta(days=100)).isoformat()
    for _ in range(2):
        run_scheduled_job.apply_async(args=["re_review_reminders", as_of], queue=two_workers.queue)
    assert wait_for(lambda: two_workers.succeeded(run_scheduled_job.name) == 2), (
        "the workers did not finish both runs within 60 s"
    )
    assert Reminder.objects.filter(kind="re-review-180").count() == 1
    assert notices(enterprise_user_b, certificate.number).count() == 1


@pytest.mark.direct_database  # watches the worker's backend waiting on its lock
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_a_reminder_does_not_lose_it(tmp_path, certificate, enterprise_user_b):
    """The worker dies (SIGKILL) in the middle of the job; the unacknowledged task is delivered
    again to the next worker, which sends the reminder, once."""
    import psycopg

    from core.jobs import run_scheduled_job
    from tests.conftest import Workers, database_url, wait_for

    workers = Workers(1, tmp_path, CELERY_VISIBILITY_TIMEOUT=str(REDELIVERY_SECONDS))
    try:
        # Hold the reminder's key in an open transaction, so the worker blocks inside the job.
        with psycopg.connect(database_url(), autocommit=False) as blocker:
            blocker.execute(
                "INSERT INTO notifications_reminder (kind, subject_key, due_on, recipients, sent_at)"
                " VALUES ('re-review-180', %s, %s, 0, now())",
                [f"certificate:{certificate.pk}", certificate.re_review_due],
            )
            as_of = (certificate.re_review_due - datetime.timedelta(days=100)).isoformat()
            run_scheduled_job.apply_async(args=["re_review_reminders", as_of], queue=workers.queue)

            def worker_waits_on_the_key():
                with psycopg.connect(database_url(), autocommit=True) as watcher:
                    blocked = "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))"
                    return watcher.execute(blocked, [blocker.info.backend_pid]).fetchone()[0] == 1

            assert wait_for(worker_waits_on_the_key), "the worker never reached the reminder"
            workers.processes[0].kill()
            workers.processes[0].wait(timeout=10)
            blocker.rollback()  # the first worker's transaction dies with its connection

        time.sleep(REDELIVERY_SECONDS + 1)  # the broker hands the task out again after this long
        workers.start()
        assert wait_for(lambda: workers.succeeded(run_scheduled_job.name) == 1), (
            "the task was not delivered again after the worker died"
        )
    finally:
        workers.stop()
    assert Reminder.objects.filter(kind="re-review-180").count() == 1
    assert notices(enterprise_user_b, certificate.number).count() == 1


def test_the_enterprise_hears_once_when_its_one_year_bar_ends(under_audit, officer, enterprise_user_b):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    review.application_refuse(actor=officer, application=under_audit, decision_number="R-1", reason="A-G-54.")
    ends = application_bar(under_audit.enterprise).until

    assert reminders.application_bar_reminders(as_of=ends - datetime.timedelta(days=1)) == {"created": 0}
    assert reminders.application_bar_reminders(as_of=ends + datetime.timedelta(days=3)) == {"created": 1}
    assert reminders.application_bar_reminders(as_of=ends + datetime.timedelta(days=4)) == {"created": 0}
    notice = Notification.objects.get(recipient=enterprise_user_b, link="/certification/new/")
    with translation.override(enterprise_user_b.preferred_language):
        assert format_date(ends) in notice.body  # in the user's language


def test_no_bar_end_notice_when_a_later_event_barred_the_enterprise_again(
    under_audit, officer, enterprise_user_b, today
):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    review.application_refuse(actor=officer, application=under_audit, decision_number="R-1", reason="A-G-54.")
    ends = application_bar(under_audit.enterprise).until
    for days, grade, cause in ((10, "dishonest", "determination"), (20, "regular", "repair")):
        day = today + datetime.timedelta(days=days)
        ledger_record(
            actor=officer,
            enterprise=under_audit.enterprise,
            grade=grade,
            cause=cause,
            reason="Test.",
            effective_from=day,
            today=day,
        )  # up from dishonest on day 20 starts a new bar

    assert reminders.application_bar_reminders(as_of=ends + datetime.timedelta(days=1)) == {"created": 0}
    assert not Notification.objects.filter(recipient=enterprise_user_b, link="/certification/new/").exists()
