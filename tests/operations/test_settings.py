"""Production settings: safe defaults and a clean deployment check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "SECRET_KEY": "x7!Qm2#Lp9$Vr4&Tz8*Nw3^Hb6(Kd1)Fs5_Gj0+Yc-Ue=Ra~Oi",
    "ALLOWED_HOSTS": "credit.customs.example.cn",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deployment_check_passes_without_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
    from django.conf import settings

    from credit_mgmt.celery import app

    scheduled = {entry["args"][0]: entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert set(scheduled) == set(settings.SCHEDULED_JOBS)
    app.loader.import_default_modules()
    assert all(task in app.tasks for task in scheduled.values())
