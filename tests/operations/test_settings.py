"""Production settings: safe defaults and a clean deployment check."""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "SECRET_KEY": "x7!Qm2#Lp9$Vr4&Tz8*Nw3^Hb6(Kd1)Fs5_Gj0+Yc-Ue=Ra~Oi",
    "ALLOWED_HOSTS": "credit.customs.example.cn",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    "ENV_FILE": os.devnull,  # production has no local .env (the one `make demo` writes)
    # A test key only; production makes its own (docs/operations.md).
    "PARTNER_SIGNING_KEY": "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ6Gqkax81KJWmDJ70269r8CvMWE6YGelbJjkk4iHJsB\n"
    "-----END PRIVATE KEY-----\n",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deployment_check_passes_without_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_warns_when_the_cache_could_evict_queued_tasks():
    shared = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "REDIS_URL": "redis://r:6379/0"},
    )
    assert shared.returncode != 0
    assert "background.W001" in shared.stderr + shared.stdout
    apart = {**PRODUCTION_ENV, "REDIS_URL": "redis://r:6379/0", "CACHE_REDIS_URL": "redis://cache:6379/0"}
    assert manage("check", "--deploy", "--fail-level", "WARNING", env=apart).returncode == 0


def test_the_deployment_check_warns_when_partner_answers_would_be_signed_with_a_derived_key():
    unset = {name: value for name, value in PRODUCTION_ENV.items() if name != "PARTNER_SIGNING_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=unset)
    assert result.returncode != 0
    assert "certification.W001" in result.stderr + result.stdout


def test_the_cache_and_the_broker_are_the_two_redis_urls():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['LOCATION'], settings.CELERY_BROKER_URL)"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "credit_mgmt.settings",
        "REDIS_URL": "redis://broker:6379/0",
        "CACHE_REDIS_URL": "redis://cache:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["redis://cache:6379/0", "redis://broker:6379/0"], result.stderr


def test_missing_secret_key_refuses_to_start_in_production():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    )
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "credit_mgmt.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_every_scheduled_job_is_on_the_beat_schedule_with_the_registered_task():
    from core.jobs import beat_schedule, job_names
    from credit_mgmt.celery import app

    scheduled = {entry["args"][0]: entry["task"] for entry in beat_schedule().values()}
    assert set(scheduled) == set(job_names())
    assert len(scheduled) == 20
    app.loader.import_default_modules()
    assert all(task in app.tasks for task in scheduled.values())


def test_settings_move_a_job_to_another_time(settings):
    from core.jobs import beat_schedule

    settings.SCHEDULED_JOB_TIMES = {"dishonest_evaluation": {"at": (2, 5)}, "email_outbox": {"every": 10}}
    schedule = beat_schedule()
    evaluation, outbox = schedule["dishonest-evaluation"]["schedule"], schedule["email-outbox"]["schedule"]
    assert (evaluation.hour, evaluation.minute) == ({2}, {5})
    assert outbox.minute == set(range(0, 60, 10))
    assert schedule["automatic-repair"]["schedule"].hour == {2}


@pytest.mark.django_db(transaction=True)  # the scheduler closes stale connections as beat does
def test_beat_keeps_the_schedule_in_the_database_and_obeys_the_admin(admin_client_for_schedule):
    """Beat installs every job as a periodic task; one an administrator disables is not run."""
    from django.conf import settings
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from background.scheduler import InstallMissingJobsScheduler
    from core.jobs import beat_schedule
    from credit_mgmt.celery import app

    InstallMissingJobsScheduler(app=app, lazy=True).setup_schedule()
    installed = PeriodicTask.objects.exclude(name__startswith="celery.")
    assert set(installed.values_list("name", flat=True)) == set(beat_schedule())
    repair = installed.get(name="automatic-repair")
    assert (repair.crontab.hour, repair.crontab.minute) == ("2", "30")

    page = admin_client_for_schedule.get(f"/admin/django_celery_beat/periodictask/{repair.pk}/change/")
    assert page.status_code == 200
    # The scheduler only loads the crontab jobs of the hours around now: look just before 02:30.
    with time_machine.travel(datetime.datetime(2026, 11, 20, 2, 20, tzinfo=ZoneInfo(settings.TIME_ZONE))):
        assert "automatic-repair" in DatabaseScheduler(app=app, lazy=True).all_as_schedule()
        PeriodicTask.objects.filter(pk=repair.pk).update(enabled=False)
        assert "automatic-repair" not in DatabaseScheduler(app=app, lazy=True).all_as_schedule()


@pytest.fixture
def admin_client_for_schedule(client, administrator):
    client.force_login(administrator)
    return client
