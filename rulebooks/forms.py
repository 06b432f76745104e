"""Entering a year of the working-day calendar as the State Council's notice reads.

The notice lists holiday periods ("春节：2月15日至23日放假调休") and the weekend days worked
("2月14日（周六）、2月28日（周六）上班"); an administrator types them as lines of text. These fields
turn the text into the stored form (`rulebooks.working_days`) and back; whether the days make a valid
calendar (in the year, make-up days on weekends, no day both) is the service's to say.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rulebooks.models import WorkingCalendarYear

DATE = r"\d{4}-\d{1,2}-\d{1,2}"
PERIOD_LINE = re.compile(
    rf"^\s*(?P<name>.+?)[\s:：]+(?P<first>{DATE})(?:\s*(?:至|到|to|~|～|–|—|\s)\s*(?P<last>{DATE}))?\s*$"
)
DAY_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _date(text):
    try:
        return datetime.date(*(int(part) for part in text.split("-")))
    except (TypeError, ValueError):
        return None


class HolidayPeriodsField(forms.CharField):
    """One holiday period a line, "春节 2026-02-15 2026-02-23"; a list of {"name", "from", "to"}."""

    widget = forms.Textarea(attrs={"rows": 8, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{period['name']} {period['from']} {period['to']}" for period in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        periods = []
        for number, line in enumerate(super().to_python(value).splitlines(), 1):
            if not line.strip():
                continue
            match = PERIOD_LINE.match(line)
            if match is None:
                raise ValidationError(
                    _(
                        "Line %(number)d: write the holiday's name, then its first and last day as "
                        "YYYY-MM-DD, such as 春节 2026-02-15 2026-02-23."
                    ),
                    params={"number": number},
                )
            first, last = _date(match["first"]), _date(match["last"] or match["first"])
            if first is None or last is None:
                raise ValidationError(
                    _("Line %(number)d: %(value)s is not a date."),
                    params={"number": number, "value": match["first"] if first is None else match["last"]},
                )
            periods.append({"name": match["name"].strip(), "from": first.isoformat(), "to": last.isoformat()})
        return periods


class DaysField(forms.CharField):
    """Dates as YYYY-MM-DD, separated by commas, spaces or lines; a list of ISO dates."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        days = []
        for text in DAY_SEPARATORS.split(super().to_python(value).strip()):
            if not text:
                continue
            day = _date(text) if re.fullmatch(DATE, text) else None
            if day is None:
                raise ValidationError(
                    _("%(value)s is not a date as YYYY-MM-DD."), params={"value": text[:20]}
                )
            days.append(day.isoformat())
        return days


class WorkingCalendarYearForm(forms.ModelForm):
    holidays = HolidayPeriodsField(
        label=_("holidays"),
        help_text=_(
            "One holiday period a line, as the notice gives it: its name, first day and last day "
            "(YYYY-MM-DD), such as 春节 2026-02-15 2026-02-23. These days are not working days."
        ),
    )
    make_up_working_days = DaysField(
        label=_("make-up working days"),
        required=False,
        help_text=_(
            "The Saturdays and Sundays the notice says are worked (上班), such as 2026-02-14, 2026-02-28. "
            "These days are working days."
        ),
    )

    class Meta:
        model = WorkingCalendarYear
        fields = [
            "year",
            "notice",
            "notice_number",
            "notice_date",
            "holidays",
            "make_up_working_days",
            "source",
        ]
