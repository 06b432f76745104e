"""The warning that next year's working-day calendar is missing (domain brief 4.5).

Every deadline counted in working days follows the State Council's holiday notice of its year
(`rulebooks.working_days`); a year nobody has entered counts Monday to Friday, so its holidays would
count as working days. From settings.WORKING_CALENDAR_WARNING_FROM (1 November by default) of each
year while next year's calendar is missing, and at once while this year's is, every active
administrator is told, in the inbox and by e-mail, once per missing year: the reminder's key is the
year, so a rerun, a retry or the next night sends nothing more.

Here rather than in `rulebooks`: the rulebooks app sits above notifications in the layers and
cannot send notices.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.display import format_date
from notifications.services import reminder_send
from rulebooks.models import WorkingCalendarYear
from rulebooks.working_days import missing_calendar_year, warning_day

KIND = "working-calendar-missing"
TITLE = gettext_lazy("Enter the working-day calendar of %(year)s")
BODY = gettext_lazy(
    "The State Council's notice on the holidays of %(year)s (国务院办公厅关于%(year)s年部分节假日安排的通知) "
    "is not in the working-day calendar. Until it is entered, deadlines counted in working days in "
    "%(year)s (statement periods among them) count Monday to Friday only, holidays included. When the "
    "notice is published (usually in November), enter its holidays and make-up working days in the "
    "admin under Rulebooks, Working-day calendars. Warned from %(day)s."
)


def working_calendar_reminders(*, as_of):
    """Warn the administrators once that the calendar of this year or next year is missing."""
    year = missing_calendar_year(as_of)
    if year is None:
        return {"created": 0}
    day = warning_day(year)
    administrators = list(User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk"))
    if not administrators:  # kept for the first administrator, not recorded as sent to nobody
        return {"created": 0}
    sent = reminder_send(
        kind=KIND,
        subject=WorkingCalendarYear(year=year),  # the key is the missing year: "workingcalendaryear:2027"
        due_on=day,
        recipients=administrators,
        title=TITLE,
        body=BODY,
        context=lambda: {"year": year, "day": format_date(day)},
        link=reverse("admin:rulebooks_workingcalendaryear_add"),
    )
    return {"created": int(sent)}
