"""The working-day calendar (domain brief 4.5): deadlines counted in working days follow it.

Statutory holidays are not working days, and the make-up working days the State Council announces
(调休, a Saturday or Sunday worked instead) are. The calendar is data, `data/working_calendar.json`,
extended each year when the notice is published; a year it does not cover counts Monday to Friday.
Example of the brief: a pre-notice sent on Monday 2025-09-29 with 5 working days is due 2025-10-13.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CALENDAR_FILE = Path(__file__).resolve().parent / "data" / "working_calendar.json"


@dataclass(frozen=True)
class WorkingCalendar:
    years: frozenset
    holidays: frozenset
    make_up_working_days: frozenset

    def is_working_day(self, day):
        if day in self.make_up_working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


def read_calendar(path=CALENDAR_FILE):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    holidays, make_up = set(), set()
    for spec in data["years"].values():
        for holiday in spec["holidays"]:
            day = datetime.date.fromisoformat(holiday["from"])
            last = datetime.date.fromisoformat(holiday["to"])
            while day <= last:
                holidays.add(day)
                day += datetime.timedelta(days=1)
        make_up.update(datetime.date.fromisoformat(day) for day in spec["make_up_working_days"])
    return WorkingCalendar(
        frozenset(int(year) for year in data["years"]), frozenset(holidays), frozenset(make_up)
    )


@cache
def working_calendar():
    """The shipped calendar, read once per process."""
    return read_calendar()


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
