"""The warning that next year's working-day calendar is missing: from 1 November, once per year.

The shipped calendar has 2025 and 2026; 2027 is missing, so the warning about 2027 is due from
1 November 2026 (settings.WORKING_CALENDAR_WARNING_FROM).
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import Role
from core.jobs import run_job
from notifications.calendar_reminders import working_calendar_reminders
from notifications.models import Notification, Reminder
from rulebooks.services import working_calendar_year_create
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_calendar")]

date = datetime.date
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def administrators(offices):
    """Two active administrators, one who left (inactive), and an officer who is not told."""
    active = [
        UserFactory(role=Role.ADMINISTRATOR, office=offices["0000"], preferred_language="en", username=name)
        for name in ("admin_cal_1", "admin_cal_2")
    ]
    UserFactory(role=Role.ADMINISTRATOR, office=offices["0000"], is_active=False, username="admin_left")
    UserFactory(role=Role.OFFICER, office=offices["9700"], username="officer_cal")
    return active


def warned():
    return sorted(Notification.objects.values_list("recipient__username", flat=True))


def enter_2027():
    working_calendar_year_create(
        actor=None,
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        holidays=[{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}],  # test data
    )


def test_no_warning_before_1_november(administrators):
    assert working_calendar_reminders(as_of=date(2026, 10, 31)) == {"created": 0}
    assert warned() == []


def test_the_administrators_are_warned_on_1_november_in_the_inbox_and_by_email(
    administrators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_job("working_calendar_reminders", date(2026, 11, 1))["created"] == 1
    assert warned() == ["admin_cal_1", "admin_cal_2"]
    notice = Notification.objects.filter(recipient=administrators[0]).get()
    assert notice.subject == "Enter the working-day calendar of 2027"
    assert "count Monday to Friday only" in notice.body
    assert notice.link == "/admin/rulebooks/workingcalendaryear/add/"
    assert sorted(message.to[0] for message in mail.outbox) == [user.email for user in administrators]
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.subject_key, reminder.due_on) == (
        "working-calendar-missing",
        "workingcalendaryear:2027",
        date(2026, 11, 1),
    )


def test_the_warning_is_sent_once_a_year(administrators):
    assert working_calendar_reminders(as_of=date(2026, 11, 1)) == {"created": 1}
    assert working_calendar_reminders(as_of=date(2026, 11, 1)) == {"created": 0}  # a rerun
    assert working_calendar_reminders(as_of=date(2026, 11, 2)) == {"created": 0}
    assert working_calendar_reminders(as_of=date(2026, 12, 31)) == {"created": 0}
    assert working_calendar_reminders(as_of=date(2027, 1, 4)) == {"created": 0}  # still missing, told
    assert len(warned()) == 2


def test_a_late_first_run_still_warns(administrators):
    assert working_calendar_reminders(as_of=date(2026, 12, 15)) == {"created": 1}
    assert len(warned()) == 2


def test_a_missing_current_year_is_warned_at_once(administrators):
    assert working_calendar_reminders(as_of=date(2027, 1, 4)) == {"created": 1}
    assert Reminder.objects.get().subject_key == "workingcalendaryear:2027"


def test_no_warning_once_next_year_is_entered(administrators):
    enter_2027()
    assert working_calendar_reminders(as_of=date(2026, 11, 1)) == {"created": 0}
    assert working_calendar_reminders(as_of=date(2027, 10, 31)) == {"created": 0}
    # and the next year's warning comes on its own 1 November
    assert working_calendar_reminders(as_of=date(2027, 11, 1)) == {"created": 1}
    assert Reminder.objects.get().subject_key == "workingcalendaryear:2028"


def test_the_warning_day_is_a_parameter(administrators, settings):
    settings.WORKING_CALENDAR_WARNING_FROM = (10, 15)
    assert working_calendar_reminders(as_of=date(2026, 10, 14)) == {"created": 0}
    assert working_calendar_reminders(as_of=date(2026, 10, 15)) == {"created": 1}
    assert Reminder.objects.get().due_on == date(2026, 10, 15)


def test_without_an_active_administrator_the_warning_waits(offices):
    UserFactory(role=Role.ADMINISTRATOR, office=offices["0000"], is_active=False, username="admin_gone")
    assert working_calendar_reminders(as_of=date(2026, 11, 1)) == {"created": 0}
    assert not Reminder.objects.exists()


def test_a_warning_day_that_is_not_a_day_refuses_to_start():
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "WORKING_CALENDAR_WARNING_FROM": "11-31",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "WORKING_CALENDAR_WARNING_FROM must be a day as MM-DD" in result.stderr
