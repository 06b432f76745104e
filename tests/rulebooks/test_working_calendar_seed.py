"""The shipped working-day calendar (rulebooks/data/working_calendar.json) goes into the database
year by year: every year the table lacks, with its notice and days; a year already there is kept."""

import datetime
import json

import pytest
from django.apps import apps

from rulebooks.models import WorkingCalendarYear
from rulebooks.working_days import load_working_calendar

pytestmark = pytest.mark.django_db


def test_the_shipped_years_fill_an_empty_table_with_their_notices_and_days():
    WorkingCalendarYear.objects.all().delete()
    load_working_calendar(apps.get_model)
    assert sorted(WorkingCalendarYear.objects.values_list("year", flat=True)) == [2025, 2026]
    year = WorkingCalendarYear.objects.get(year=2025)
    assert year.notice == "国务院办公厅关于2025年部分节假日安排的通知"
    assert year.notice_number == "国办发明电〔2024〕12号"
    assert year.notice_date == datetime.date(2024, 11, 12)
    assert year.source.startswith("Xinhua release of 2024-11-12")
    assert year.holidays[1] == {"name": "春节", "from": "2025-01-28", "to": "2025-02-04"}
    assert year.make_up_working_days[:3] == ["2025-01-26", "2025-02-08", "2025-04-27"]
    unnumbered = WorkingCalendarYear.objects.get(year=2026)
    assert (unnumbered.notice_number, unnumbered.notice_date) == ("", datetime.date(2025, 11, 4))


def test_a_year_already_in_the_table_is_kept_as_the_administrator_left_it():
    WorkingCalendarYear.objects.filter(year=2025).delete()
    WorkingCalendarYear.objects.filter(year=2026).update(notice="管理员更正后的通知")
    load_working_calendar(apps.get_model)
    assert WorkingCalendarYear.objects.get(year=2026).notice == "管理员更正后的通知"
    assert WorkingCalendarYear.objects.get(year=2025).notice_number == "国办发明电〔2024〕12号"
    assert WorkingCalendarYear.objects.count() == 2


def test_a_year_the_file_gives_without_number_date_or_source_loads_with_blanks(tmp_path):
    """An administrator's file may carry only the notice and the days: the rest stays blank."""
    path = tmp_path / "calendar.json"
    path.write_text(
        json.dumps(
            {
                "years": {
                    "2031": {"notice": "2031年节假日安排的通知", "holidays": [], "make_up_working_days": []}
                }
            }
        ),
        encoding="utf-8",
    )
    load_working_calendar(apps.get_model, path)
    year = WorkingCalendarYear.objects.get(year=2031)
    assert (year.notice, year.notice_number, year.notice_date, year.source) == (
        "2031年节假日安排的通知",
        "",
        None,
        "",
    )
