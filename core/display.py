"""Dates, times and counts as the reader's language writes them (formats in `credit_mgmt.formats`).

Python code that puts a date or a count into text a person reads (messages, notices, PDFs) uses
`format_date`, `format_datetime` and `format_count`, called with the reader's language active.
Templates use the filters `local_date` and `local_datetime`, registered as template builtins
(settings.TEMPLATES) so that every template, PDF and e-mail has them without a `{% load %}`: they
wrap the text in `<time datetime="...">` carrying the ISO value for machines and assistive tools.
Where markup cannot go (page titles, attributes, inside translated sentences) templates use
Django's `date` filter with no argument, which gives the same text.

Machine formats stay ISO and are not touched here: API fields, export cells, date inputs' values,
query strings, keys and anything parsed back.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.html import format_html

register = template.Library()


def _local_day(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _local_moment(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value):
    """`value` (a date, or a moment taken as its local day) in the active language; "" for none."""
    if value in (None, ""):
        return ""
    return formats.date_format(_local_day(value), "DATE_FORMAT")


def format_datetime(value):
    """A moment in the active language and the customs' time zone; a plain date as a date."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    return formats.date_format(_local_moment(value), "DATETIME_FORMAT")


# For text made later than its placeholders (a notice sent to each reader in their language).
format_date_lazy = lazy(format_date, str)


def format_count(value):
    """A whole number with the active language's thousands separator."""
    return formats.number_format(value, force_grouping=True)


@register.filter
def local_date(value):
    """`<time datetime="2026-11-26">26 Nov 2026</time>`; "" for none (so `|default` applies)."""
    if not isinstance(value, datetime.date):
        return value if value not in (None, "") else ""
    day = _local_day(value)
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), format_date(day))


@register.filter
def local_datetime(value):
    """`<time datetime="2026-11-26T14:30+08:00">26 Nov 2026, 14:30</time>`; "" for none."""
    if not isinstance(value, datetime.datetime):
        return local_date(value)
    moment = _local_moment(value)
    return format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(timespec="minutes"), format_datetime(moment)
    )
