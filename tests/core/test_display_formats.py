"""Dates and numbers appear as each language writes them; machine values stay ISO and plain."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.display import format_count, format_date, format_date_lazy, format_datetime
from notifications.models import Notification
from notifications.services import notify_users
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import DocumentCountFactory, PenaltyFactory

DAY = datetime.date(2025, 3, 5)
# 14:30 in Shanghai: the page shows the customs' time zone.
MOMENT = datetime.datetime(2025, 3, 5, 6, 30, tzinfo=datetime.UTC)

SHOWN = {
    "zh-hans": {"day": "2025年3月5日", "moment": "2025年3月5日 14:30"},
    "en": {"day": "5 Mar 2025", "moment": "5 Mar 2025, 14:30"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_enterprise_page_shows_dates_and_large_numbers_in_the_language(
    client, officer, enterprise_a, language
):
    PenaltyFactory(enterprise=enterprise_a, decided_on=DAY, amount=Decimal("1250000.00"))
    DocumentCountFactory(
        enterprise=enterprise_a, year=2024, declarations=1234567, filing_lists=0, manifests=0
    )
    client.force_login(officer)

    page = client.get(f"/enterprises/{enterprise_a.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<time datetime="2025-03-05">{SHOWN[language]["day"]}</time>' in page
    assert "1,250,000.00" in page
    assert "1,234,567" in page
    assert "<td>2024</td>" in page  # a year is a label, not a count: never grouped
    assert "2025-03-05</" not in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_helpers_write_dates_times_and_counts_in_the_active_language(language):
    with translation.override(language):
        assert format_date(DAY) == SHOWN[language]["day"]
        assert format_date(MOMENT) == SHOWN[language]["day"]
        assert format_datetime(MOMENT) == SHOWN[language]["moment"]
        assert format_count(1850000) == "1,850,000"
        assert format_date(None) == format_datetime(None) == ""


@pytest.mark.django_db
def test_a_notice_date_is_written_in_each_readers_language(offices):
    """A notice is made once and formatted per recipient (notifications.services.notify_users)."""
    readers = [UserFactory(preferred_language="zh-hans"), UserFactory(preferred_language="en")]

    notify_users(readers, subject="%(due)s", body="%(due)s", context=lambda: {"due": format_date_lazy(DAY)})

    notices = Notification.objects.select_related("recipient")
    bodies = {notice.recipient.preferred_language: notice.body for notice in notices}
    assert bodies == {"zh-hans": SHOWN["zh-hans"]["day"], "en": SHOWN["en"]["day"]}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_template_filters_wrap_the_text_in_a_machine_readable_time(language):
    template = Template(
        '{{ day|local_date }}|{{ moment|local_datetime }}|{{ none|local_date|default:"—" }}|{{ n|intcomma }}'
    )
    with translation.override(language):
        shown = template.render(Context({"day": DAY, "moment": MOMENT, "none": None, "n": 6900}))
    assert shown == (
        f'<time datetime="2025-03-05">{SHOWN[language]["day"]}</time>|'
        f'<time datetime="2025-03-05T14:30+08:00">{SHOWN[language]["moment"]}</time>|—|6,900'
    )


class DayForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize(
    ("language", "typed"),
    [("zh-hans", "2025-03-05"), ("zh-hans", "2025年3月5日"), ("en", "2025-03-05"), ("en", "5 Mar 2025")],
)
def test_date_inputs_accept_iso_and_the_language_form_and_show_iso(language, typed):
    with translation.override(language):
        form = DayForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == DAY
        assert 'value="2025-03-05"' in str(DayForm(initial={"day": DAY})["day"])
