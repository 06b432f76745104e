"""The working-day calendar (domain brief 4.5): deadlines counted in working days follow it.

Statutory holidays are not working days, and the make-up working days the State Council announces
(调休上班: a Saturday or Sunday worked instead) are. The calendar is data: one `WorkingCalendarYear`
per year of the State Council's notice (国务院办公厅关于<year>年部分节假日安排的通知), seeded from
`data/working_calendar.json` by migration 0008 and entered by administrators in the admin when the
next notice is published (`rulebooks.services.working_calendar_year_*`). A year without one counts
Monday to Friday; the job `working_calendar_reminders` warns administrators while next year's is
missing. Example of the brief: a pre-notice sent on Monday 2025-09-29 with 5 working days is due
2025-10-13.

Reads. Deadlines are computed in lists and nightly jobs, so the calendar is read whole, never a
date at a time: each process keeps it for `PROCESS_SECONDS`, and behind that Redis keeps it for
every process (`SHARED_SECONDS`), so a process reads the database only when Redis has lost it.
Every change drops the Redis copy and this process's copy at once and again after its commit
(`forget_working_calendar`); other processes see the change within `PROCESS_SECONDS`. Without
Redis (the SQLite demo) each process reads the database at most every `PROCESS_SECONDS`. A Redis
failure is logged and the database answers: no deadline fails because of the cache.
"""

import datetime
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.display import format_date

logger = logging.getLogger(__name__)

CALENDAR_FILE = Path(__file__).resolve().parent / "data" / "working_calendar.json"

# Bounds of what can be entered, against typing errors (a year's notice is dated the year before).
FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 2000, 2100
# The longest holiday period accepted; the longest announced so far is the 2020 Spring Festival
# (24 January to 2 February, extended by the State Council), so a longer one is a typing error.
LONGEST_HOLIDAY_DAYS = 31

CACHE_KEY = "working-calendar:1"
SHARED_SECONDS = 24 * 60 * 60
PROCESS_SECONDS = 60


@dataclass(frozen=True)
class WorkingCalendar:
    years: frozenset
    holidays: frozenset
    make_up_working_days: frozenset

    def is_working_day(self, day):
        if day in self.make_up_working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


def period_days(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def holiday_days(periods):
    """Every day of the holiday periods (stored form)."""
    return {
        day
        for period in periods
        for day in period_days(
            datetime.date.fromisoformat(period["from"]), datetime.date.fromisoformat(period["to"])
        )
    }


def build_calendar(years):
    """The calendar of `years`: (year, holiday periods, make-up working days) in stored form."""
    covered, holidays, make_up = set(), set(), set()
    for year, periods, make_up_days in years:
        covered.add(int(year))
        holidays.update(holiday_days(periods))
        make_up.update(datetime.date.fromisoformat(day) for day in make_up_days)
    return WorkingCalendar(frozenset(covered), frozenset(holidays), frozenset(make_up))


def read_seed(path=CALENDAR_FILE):
    """The shipped years, as the data file gives them (year -> notice, holidays, make-up days...)."""
    with open(path, encoding="utf-8") as handle:  # pragma: no mutate (UTF-8 is also the default here)
        return {int(year): spec for year, spec in json.load(handle)["years"].items()}


def read_calendar(path=CALENDAR_FILE):
    """The calendar of the data file alone (the seed), without the database."""
    return build_calendar(
        (year, spec["holidays"], spec["make_up_working_days"]) for year, spec in read_seed(path).items()
    )


def load_working_calendar(get_model, path=CALENDAR_FILE):
    """Add the shipped years the database lacks; a year already there (entered or corrected by an
    administrator) is left as it is. `get_model` is `apps.get_model` in a migration."""
    model = get_model("rulebooks", "WorkingCalendarYear")  # pragma: no mutate (names ignore case)
    present = set(model.objects.values_list("year", flat=True))  # pragma: no mutate (the year is the key)
    model.objects.bulk_create(
        model(
            year=year,
            notice=spec["notice"],
            notice_number=spec.get("notice_number", ""),  # pragma: no mutate (every shipped year has one)
            notice_date=spec.get("notice_date"),
            source=spec.get("source", ""),
            holidays=spec["holidays"],
            make_up_working_days=spec["make_up_working_days"],
        )
        for year, spec in sorted(read_seed(path).items())
        if year not in present
    )


# --- Validation ----------------------------------------------------------------------------------


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def clean_calendar_year(year, holidays, make_up_working_days):
    """(holiday periods, make-up working days) of `year` in stored form, or ValidationError naming
    every problem: a day outside the year, a make-up day that is not a Saturday or Sunday, a day both
    holiday and make-up day, a period that ends before it starts or overlaps another."""
    errors = {"holidays": [], "make_up_working_days": []}
    periods, holiday_days = [], {}
    if not isinstance(holidays, list | tuple) or not holidays:
        errors["holidays"].append(_("Enter the holiday periods of the notice."))
        holidays = []
    for spec in holidays:
        spec = spec if isinstance(spec, dict) else {}
        name = str(spec.get("name") or "").strip()
        first = _as_date(spec.get("from"))
        last = _as_date(spec.get("to") or spec.get("from"))
        if not name:
            errors["holidays"].append(_("Name each holiday period, as the notice does (元旦, 春节, ...)."))
        if first is None or last is None:
            errors["holidays"].append(_("Give each holiday period its first and last day as YYYY-MM-DD."))
            continue
        if last < first:
            errors["holidays"].append(
                _("The holiday period %(name)s ends before it starts.") % {"name": name}
            )
            continue
        if (last - first).days >= LONGEST_HOLIDAY_DAYS:
            errors["holidays"].append(
                _("The holiday period %(name)s is longer than %(days)d days: check its dates.")
                % {"name": name, "days": LONGEST_HOLIDAY_DAYS}
            )
            continue
        for day in (first, last):
            if day.year != year:
                errors["holidays"].append(
                    _("%(day)s is not in %(year)s: each year's calendar holds only its own days.")
                    % {"day": format_date(day), "year": year}
                )
        for day in period_days(first, last):
            if day in holiday_days:
                errors["holidays"].append(
                    _("%(day)s is in two holiday periods (%(first)s and %(second)s).")
                    % {"day": format_date(day), "first": holiday_days[day], "second": name}
                )
            holiday_days[day] = name
        periods.append((first, last, name))
    make_up = []
    if not isinstance(make_up_working_days, list | tuple):
        make_up_working_days = [make_up_working_days]
    for value in make_up_working_days:
        day = _as_date(value)
        if day is None:
            errors["make_up_working_days"].append(
                _("%(value)s is not a date as YYYY-MM-DD.") % {"value": str(value)[:20]}
            )
            continue
        if day.year != year:
            errors["make_up_working_days"].append(
                _("%(day)s is not in %(year)s: each year's calendar holds only its own days.")
                % {"day": format_date(day), "year": year}
            )
        if day.weekday() < 5:
            errors["make_up_working_days"].append(
                _(
                    "%(day)s is not a Saturday or Sunday: a make-up working day is a weekend day "
                    "worked instead."
                )
                % {"day": format_date(day)}
            )
        if day in holiday_days:
            errors["make_up_working_days"].append(
                _("%(day)s is both a holiday (%(name)s) and a make-up working day.")
                % {"day": format_date(day), "name": holiday_days[day]}
            )
        if day in make_up:
            errors["make_up_working_days"].append(_("%(day)s is listed twice.") % {"day": format_date(day)})
        make_up.append(day)
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    return (
        [
            {"name": name, "from": first.isoformat(), "to": last.isoformat()}
            for first, last, name in sorted(periods)
        ],
        [day.isoformat() for day in sorted(make_up)],
    )


def describe_holidays(holidays):
    """The periods as one line of text (the audit's old and new values)."""
    return "; ".join(
        f"{period['name']} {period['from']}" + (f"–{period['to']}" if period["to"] != period["from"] else "")
        for period in holidays
    )


# --- Reading, cached -----------------------------------------------------------------------------

_held = None  # (calendar, time.monotonic() when read) of this process


def calendar_from_database():
    """Every year of the calendar in one query."""
    from rulebooks.models import WorkingCalendarYear

    return build_calendar(WorkingCalendarYear.objects.values_list("year", "holidays", "make_up_working_days"))


def _shared_cache():
    if not settings.REDIS_URL:
        return None
    from django.core.cache import cache

    return cache


def _shared_read():
    cache = _shared_cache()
    if cache is None:
        return None
    try:
        data = cache.get(CACHE_KEY)
    except Exception:  # the cache backend's own errors (redis-py's); the database answers
        logger.warning("working-day calendar not read from the cache: Redis unavailable")
        return None
    if data is None:
        return None
    return WorkingCalendar(
        frozenset(data["years"]),
        frozenset(map(datetime.date.fromordinal, data["holidays"])),
        frozenset(map(datetime.date.fromordinal, data["make_up"])),
    )


def _shared_write(calendar):
    cache = _shared_cache()
    if cache is None:
        return
    data = {
        "years": sorted(calendar.years),
        "holidays": sorted(day.toordinal() for day in calendar.holidays),
        "make_up": sorted(day.toordinal() for day in calendar.make_up_working_days),
    }
    try:
        cache.set(CACHE_KEY, data, SHARED_SECONDS)
    except Exception:
        logger.warning("working-day calendar not cached: Redis unavailable")


def working_calendar():
    """The whole calendar: this process's copy, else Redis's, else the database's (then kept in both)."""
    global _held
    held, now = _held, time.monotonic()
    if held is not None and now - held[1] < PROCESS_SECONDS:
        return held[0]
    calendar = _shared_read()
    if calendar is None:
        calendar = calendar_from_database()
        _shared_write(calendar)
    _held = (calendar, now)
    return calendar


def drop_cached_calendar():
    """Forget the cached calendar (this process's and Redis's) now."""
    global _held
    _held = None
    cache = _shared_cache()
    if cache is None:
        return
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        # The change itself is committed or about to be; Redis's copy expires after SHARED_SECONDS.
        logger.exception("could not drop the cached working-day calendar")


def forget_working_calendar():
    """After a change of the calendar: drop the cached copies now and again after the commit (a read
    between the two could have cached the calendar as it was before the change)."""
    drop_cached_calendar()
    transaction.on_commit(drop_cached_calendar)  # it never raises: a Redis failure is logged


def is_working_day(day):
    return working_calendar().is_working_day(day)


def add_working_days(day, count):
    """The date `count` working days after `day` (the day itself is not counted)."""
    calendar = working_calendar()
    while count > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


def holidays_within(first, last):
    """The statutory holidays after `first` up to `last` that fall on a weekday: the days a count
    of working days from `first` skipped beyond the weekends."""
    calendar = working_calendar()
    return [
        day
        for day in period_days(first + datetime.timedelta(days=1), last)
        if day.weekday() < 5 and not calendar.is_working_day(day)
    ]


# --- The warning when next year is missing -------------------------------------------------------


def warning_day(year):
    """The day from which administrators are warned that `year`'s calendar is missing: in the year
    before, on settings.WORKING_CALENDAR_WARNING_FROM (month, day; 1 November by default)."""
    month, day = settings.WORKING_CALENDAR_WARNING_FROM
    return datetime.date(year - 1, month, day)


def missing_calendar_year(as_of, years=None):
    """The year whose calendar administrators must enter as of `as_of`, or None: this year's if it is
    missing, else next year's once its warning day has come."""
    years = working_calendar().years if years is None else years
    if as_of.year not in years:
        return as_of.year
    if as_of >= warning_day(as_of.year + 1) and as_of.year + 1 not in years:
        return as_of.year + 1
    return None
