"""Beat installs the code's schedule once; an administrator's change of a job survives a restart."""

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from background.scheduler import InstallMissingJobsScheduler
from core.jobs import beat_schedule
from credit_mgmt.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def start_beat():
    return InstallMissingJobsScheduler(app=app, lazy=False)


def test_a_first_start_installs_every_job():
    start_beat()
    assert set(beat_schedule()) <= set(PeriodicTask.objects.values_list("name", flat=True))
    evaluation = PeriodicTask.objects.get(name="dishonest-evaluation")
    assert (evaluation.crontab.hour, evaluation.crontab.minute) == ("1", "30")


def test_a_restart_keeps_a_job_the_administrator_re_timed_or_paused():
    start_beat()
    later, _ = CrontabSchedule.objects.get_or_create(
        minute="45", hour="4", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.filter(name="dishonest-evaluation").update(crontab=later)
    PeriodicTask.objects.filter(name="automatic-repair").update(enabled=False)
    PeriodicTask.objects.filter(name="case-escalation").delete()

    scheduler = start_beat()

    evaluation = PeriodicTask.objects.get(name="dishonest-evaluation")
    assert (evaluation.crontab.hour, evaluation.crontab.minute) == ("4", "45")
    assert PeriodicTask.objects.get(name="automatic-repair").enabled is False
    assert "automatic-repair" not in scheduler.schedule
    assert PeriodicTask.objects.filter(name="case-escalation").exists()  # missing: installed again
