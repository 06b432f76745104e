"""The working-day calendar in the database: seeded from the shipped notices, kept by administrators,
read whole and cached (domain brief 4.5).

Dates are written out. The 2025 and 2026 days are the State Council's notices (rulebooks/data/
working_calendar.json); the 2027 calendar entered below is test data, not the 2027 notice, which had
not been found when this was written.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import ActivityEntry
from core.errors import InvalidState, NotPermitted
from enterprises.determination import add_working_days
from rulebooks import working_days
from rulebooks.models import WorkingCalendarYear
from rulebooks.services import (
    working_calendar_year_create,
    working_calendar_year_delete,
    working_calendar_year_update,
)
from rulebooks.working_days import calendar_from_database, is_working_day, read_calendar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("working_calendar")]

date = datetime.date

# A calendar as an administrator would enter it (test data): Spring Festival off 6 to 13 February
# 2027, Sunday 14 February worked.
CALENDAR_2027 = {
    "year": 2027,
    "notice": "国务院办公厅关于2027年部分节假日安排的通知",
    "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
        {"name": "春节", "from": "2027-02-06", "to": "2027-02-13"},
    ],
    "make_up_working_days": ["2027-02-14"],
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def other_process():
    """What another process sees: its own copy gone, Redis's (if any) still there."""
    working_days._held = None


# --- the seed ------------------------------------------------------------------------------------


def test_the_shipped_notices_are_in_the_database_with_their_source():
    years = {row.year: row for row in WorkingCalendarYear.objects.all()}
    assert set(years) == {2025, 2026}
    assert years[2025].notice_number == "国办发明电〔2024〕12号"
    assert years[2025].notice_date == date(2024, 11, 12)
    assert years[2026].notice_date == date(2025, 11, 4)
    assert all(row.source and row.entered_by is None for row in years.values())
    assert calendar_from_database() == read_calendar()


# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        # The brief's examples: National Day and Mid-Autumn 2025 off 1-8 October, Saturday 11 worked;
        # Spring Festival 2026 off 15-23 February.
        (date(2025, 9, 29), date(2025, 10, 13)),
        (date(2026, 2, 12), date(2026, 2, 26)),
    ],
)
def test_five_working_days_skip_the_state_councils_holidays(sent, due):
    assert add_working_days(sent, 5) == due


def test_a_make_up_saturday_is_a_working_day():
    assert is_working_day(date(2026, 2, 28))  # worked after the Spring Festival
    assert not is_working_day(date(2026, 3, 7))  # an ordinary Saturday
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 2, 28)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)  # Saturday worked


def test_a_year_not_entered_counts_monday_to_friday():
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 8)  # Friday -> Monday
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 11)


# --- reads: the whole calendar, cached ---------------------------------------------------------------


def test_deadlines_in_a_list_read_the_calendar_once(django_assert_num_queries):
    starts = [date(2025, 9, 1) + datetime.timedelta(days=offset) for offset in range(120)]
    with django_assert_num_queries(1):
        dues = [add_working_days(start, 5) for start in starts]
    assert dues[starts.index(date(2025, 9, 29))] == date(2025, 10, 13)
    with django_assert_num_queries(0):
        add_working_days(date(2026, 2, 12), 5)


def test_another_process_reads_the_redis_copy_not_the_database(django_assert_num_queries, settings):
    if not settings.REDIS_URL:
        pytest.skip("the shared copy is Redis's (CI sets REDIS_URL)")
    add_working_days(date(2025, 9, 29), 5)
    other_process()
    with django_assert_num_queries(0):
        assert add_working_days(date(2025, 9, 29), 5) == date(2025, 10, 13)


def test_the_redis_copy_is_the_whole_calendar(settings):
    if not settings.REDIS_URL:
        pytest.skip("the shared copy is Redis's (CI sets REDIS_URL)")
    working_days.working_calendar()
    other_process()
    assert working_days.working_calendar() == calendar_from_database()


def test_a_process_keeps_its_copy_for_60_seconds_then_asks_again(monkeypatch):
    """PROCESS_SECONDS = 60: read at 1,000 s, kept at 1,059.9 s, read again at 1,060 s."""
    now = [1000.0]
    monkeypatch.setattr(working_days, "time", SimpleNamespace(monotonic=lambda: now[0]))
    reads = []
    shared_read = working_days._shared_read
    monkeypatch.setattr(working_days, "_shared_read", lambda: reads.append(now[0]) or shared_read())
    other_process()
    for moment in (1000.0, 1059.9, 1060.0):
        now[0] = moment
        assert is_working_day(date(2026, 2, 28))
    assert reads == [1000.0, 1060.0]


class BrokenCache:
    def get(self, *arguments):
        raise ConnectionError("Redis is down")

    set = delete = get


def test_a_redis_failure_is_logged_and_the_database_answers(monkeypatch, caplog):
    monkeypatch.setattr(working_days, "_shared_cache", BrokenCache)
    other_process()
    with caplog.at_level("WARNING", logger=working_days.logger.name):
        assert add_working_days(date(2025, 9, 29), 5) == date(2025, 10, 13)
    assert [record.getMessage() for record in caplog.records] == [
        "working-day calendar not read from the cache: Redis unavailable",
        "working-day calendar not cached: Redis unavailable",
    ]


# --- entering and correcting a year ------------------------------------------------------------------


def test_entering_next_years_notice_changes_the_next_deadline(administrator):
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 11)  # Monday to Friday, now cached

    entered = working_calendar_year_create(actor=administrator, **CALENDAR_2027)

    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 17)
    assert add_working_days(date(2027, 2, 12), 1) == date(2027, 2, 14)  # the Sunday worked
    other_process()
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 17)  # Redis's copy was dropped too
    assert entered.entered_by == administrator
    entry = ActivityEntry.objects.get(verb="working_calendar.created", target_id="2027")
    assert entry.actor == administrator
    assert entry.changes["make_up_working_days"] == ["", "2027-02-14"]


def test_correcting_a_year_changes_the_next_deadline_and_is_audited(administrator):
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 2, 28)
    year_2026 = WorkingCalendarYear.objects.get(year=2026)

    working_calendar_year_update(
        actor=administrator,
        calendar_year=year_2026,
        make_up_working_days=["2026-01-04", "2026-02-14", "2026-05-09", "2026-09-20", "2026-10-10"],
    )

    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 3, 2)  # 28 February no longer worked
    other_process()
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 3, 2)
    entry = ActivityEntry.objects.get(verb="working_calendar.updated", target_id="2026")
    assert entry.changes == {
        "make_up_working_days": [
            "2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10",
            "2026-01-04, 2026-02-14, 2026-05-09, 2026-09-20, 2026-10-10",
        ]
    }
    year_2026.refresh_from_db()
    assert year_2026.entered_by == administrator
    assert year_2026.history.count() == 1  # the change (the seed was loaded without history)


def test_an_unchanged_save_records_nothing(administrator):
    year_2026 = WorkingCalendarYear.objects.get(year=2026)
    working_calendar_year_update(actor=administrator, calendar_year=year_2026, notice=year_2026.notice)
    assert not ActivityEntry.objects.filter(verb="working_calendar.updated").exists()


def _holidays_2027(*periods):
    return [{"name": name, "from": first, "to": last} for name, first, last in periods]


SPRING_2027 = ("春节", "2027-02-06", "2027-02-13")


@pytest.mark.parametrize(
    ("changes", "field", "messages"),
    [
        (
            {"make_up_working_days": ["2027-02-17"]},
            "make_up_working_days",
            [
                "17 Feb 2027 is not a Saturday or Sunday: a make-up working day is a weekend day "
                "worked instead."
            ],
        ),
        (
            {"make_up_working_days": ["2027-02-13"]},
            "make_up_working_days",
            ["13 Feb 2027 is both a holiday (春节) and a make-up working day."],
        ),
        (
            {"make_up_working_days": ["2026-12-26"]},
            "make_up_working_days",
            ["26 Dec 2026 is not in 2027: each year's calendar holds only its own days."],
        ),
        (
            {"make_up_working_days": ["2027-02-14", "2027-02-14"]},
            "make_up_working_days",
            ["14 Feb 2027 is listed twice."],
        ),
        (
            {"make_up_working_days": ["14/02/2027"]},
            "make_up_working_days",
            ["14/02/2027 is not a date as YYYY-MM-DD."],
        ),
        (
            {"holidays": _holidays_2027(("元旦", "2026-12-31", "2027-01-01"))},
            "holidays",
            ["31 Dec 2026 is not in 2027: each year's calendar holds only its own days."],
        ),
        (
            {"holidays": _holidays_2027(("元旦", "2027-12-31", "2028-01-01"))},
            "holidays",
            ["1 Jan 2028 is not in 2027: each year's calendar holds only its own days."],
        ),
        (
            {"holidays": _holidays_2027(("春节", "2027-02-13", "2027-02-06"))},
            "holidays",
            ["The holiday period 春节 ends before it starts."],
        ),
        (
            {"holidays": _holidays_2027(SPRING_2027, ("元宵", "2027-02-13", "2027-02-13"))},
            "holidays",
            ["13 Feb 2027 is in two holiday periods (春节 and 元宵)."],
        ),
        (
            {"holidays": _holidays_2027(("春节", "2027-02-06", "2027-03-09"))},
            "holidays",
            ["The holiday period 春节 is longer than 31 days: check its dates."],
        ),
        (
            {"holidays": _holidays_2027(("", "2027-02-06", "2027-02-13"))},
            "holidays",
            ["Name each holiday period, as the notice does (元旦, 春节, ...)."],
        ),
        ({"holidays": []}, "holidays", ["Enter the holiday periods of the notice."]),
    ],
)
def test_a_calendar_that_cannot_be_right_is_refused_and_changes_nothing(
    administrator, changes, field, messages
):
    before = add_working_days(date(2027, 2, 4), 5)
    with pytest.raises(ValidationError) as refused:
        working_calendar_year_create(actor=administrator, **{**CALENDAR_2027, **changes})
    assert refused.value.message_dict == {field: messages}
    assert set(WorkingCalendarYear.objects.values_list("year", flat=True)) == {2025, 2026}
    assert not ActivityEntry.objects.filter(verb__startswith="working_calendar").exists()
    assert add_working_days(date(2027, 2, 4), 5) == before == date(2027, 2, 11)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [({"year": 2026}, "year", "already exists"), ({"year": 1999}, "year", "greater than or equal to 2000")],
)
def test_a_year_that_cannot_be_entered_is_refused(administrator, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        working_calendar_year_create(actor=administrator, **{**CALENDAR_2027, **changes})
    assert message in " ".join(refused.value.message_dict[field])
    assert set(WorkingCalendarYear.objects.values_list("year", flat=True)) == {2025, 2026}


@pytest.mark.parametrize(
    ("holidays", "messages"),
    [
        (
            ["2027-02-06"],
            [
                "Name each holiday period, as the notice does (元旦, 春节, ...).",
                "Give each holiday period its first and last day as YYYY-MM-DD.",
            ],
        ),
        (
            [{"name": "春节", "from": datetime.datetime(2027, 2, 6, 9, 0)}],
            ["Give each holiday period its first and last day as YYYY-MM-DD."],
        ),
        ("春节", ["Enter the holiday periods of the notice."]),
        (
            [{"name": "春节", "from": "2027-02-06", "to": "13/02/2027"}],
            ["Give each holiday period its first and last day as YYYY-MM-DD."],
        ),
    ],
)
def test_holidays_in_a_shape_no_notice_has_are_refused(holidays, messages):
    with pytest.raises(ValidationError) as refused:
        working_days.clean_calendar_year(2027, holidays, [])
    assert refused.value.message_dict == {"holidays": messages}


@pytest.mark.parametrize(
    "wrong_period",
    [
        {"name": "元宵", "from": "2027"},  # not a date
        {"name": "元宵", "from": "2027-02-24", "to": "2027-02-20"},  # ends before it starts
        {"name": "元宵", "from": "2027-03-01", "to": "2027-04-30"},  # longer than 31 days
    ],
)
def test_a_wrong_period_does_not_stop_the_check_of_the_periods_after_it(wrong_period):
    with pytest.raises(ValidationError) as refused:
        working_days.clean_calendar_year(
            2027, [wrong_period, {"name": "春节", "from": "2027-02-06", "to": "2027-02-13"}], ["2027-02-13"]
        )
    assert refused.value.message_dict["make_up_working_days"] == [
        "13 Feb 2027 is both a holiday (春节) and a make-up working day."
    ]


def test_every_wrong_make_up_day_is_named_and_a_long_value_is_cut_to_20_characters():
    with pytest.raises(ValidationError) as refused:
        working_days.clean_calendar_year(
            2027,
            [{"name": "春节", "from": "2027-02-06", "to": "2027-02-13"}],
            ["2027-02-14T08:00:00+08:00", "2027-02-17"],
        )
    assert refused.value.message_dict == {
        "make_up_working_days": [
            "2027-02-14T08:00:00+ is not a date as YYYY-MM-DD.",
            "17 Feb 2027 is not a Saturday or Sunday: a make-up working day is a weekend day worked instead.",
        ]
    }


def test_a_one_day_holiday_and_a_single_make_up_day_are_kept_in_full():
    holidays, make_up = working_days.clean_calendar_year(
        2027,
        [
            {"name": "春节", "from": "2027-02-06", "to": "2027-02-12"},
            {"name": "元旦", "from": date(2027, 1, 1)},
        ],
        "2027-02-14",
    )
    assert holidays == [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"},
        {"name": "春节", "from": "2027-02-06", "to": "2027-02-12"},
    ]
    assert make_up == ["2027-02-14"]
    assert working_days.describe_holidays(holidays) == "元旦 2027-01-01; 春节 2027-02-06–2027-02-12"


def test_a_holiday_period_of_31_days_is_accepted():
    holidays, _make_up = working_days.clean_calendar_year(
        2027, [{"name": "春节", "from": "2027-02-06", "to": "2027-03-08"}], []
    )
    assert holidays == [{"name": "春节", "from": "2027-02-06", "to": "2027-03-08"}]


# --- what a count of working days skipped, and which year is missing --------------------------------


@pytest.mark.parametrize(
    ("first", "last", "skipped"),
    [
        (date(2025, 9, 29), date(2025, 10, 13), [1, 2, 3, 6, 7, 8]),
        (date(2025, 10, 1), date(2025, 10, 8), [2, 3, 6, 7, 8]),  # the first day is not counted
        (date(2025, 10, 2), date(2025, 10, 7), [3, 6, 7]),  # the last day is
        (date(2025, 10, 8), date(2025, 10, 13), []),  # 11 October, a Saturday, was worked
    ],
)
def test_the_holidays_a_count_of_working_days_skipped_beyond_the_weekends(first, last, skipped):
    assert working_days.holidays_within(first, last) == [date(2025, 10, day) for day in skipped]


@pytest.mark.parametrize(
    ("as_of", "years", "missing"),
    [
        (date(2026, 10, 31), {2026}, None),
        (date(2026, 11, 1), {2026}, 2027),  # from 1 November, next year's notice is due
        (date(2026, 11, 2), {2026}, 2027),
        (date(2026, 11, 1), {2026, 2027}, None),
        (date(2027, 1, 1), {2026}, 2027),  # this year's own, at once
        (date(2026, 3, 1), {2027}, 2026),
    ],
)
def test_the_year_administrators_must_enter(as_of, years, missing):
    assert working_days.missing_calendar_year(as_of, years) == missing


def test_the_year_missing_is_read_from_the_calendar_when_not_given(travel):
    assert working_days.missing_calendar_year(date(2026, 10, 31)) is None
    assert working_days.missing_calendar_year(date(2026, 11, 1)) == 2027
    assert working_days.missing_calendar_year(date(2024, 6, 1)) == 2024


def test_a_wrong_correction_leaves_the_year_as_it_was(administrator):
    year_2026 = WorkingCalendarYear.objects.get(year=2026)
    with pytest.raises(ValidationError, match="is not a Saturday or Sunday"):
        working_calendar_year_update(
            actor=administrator, calendar_year=year_2026, make_up_working_days=["2026-03-04"]
        )
    year_2026.refresh_from_db()
    assert "2026-02-28" in year_2026.make_up_working_days
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 2, 28)
    with pytest.raises(ValidationError, match="cannot be changed here"):
        working_calendar_year_update(actor=administrator, calendar_year=year_2026, year=2030)


def test_only_administrators_keep_the_calendar(officer):
    with pytest.raises(NotPermitted):
        working_calendar_year_create(actor=officer, **CALENDAR_2027)
    with pytest.raises(NotPermitted):
        working_calendar_year_update(
            actor=officer, calendar_year=WorkingCalendarYear.objects.get(year=2026), notice="改"
        )
    assert not WorkingCalendarYear.objects.filter(year=2027).exists()


def test_a_year_under_way_is_corrected_not_deleted(travel, administrator):
    travel(date(2026, 11, 20))
    with pytest.raises(InvalidState, match="correct it instead"):
        working_calendar_year_delete(
            actor=administrator, calendar_year=WorkingCalendarYear.objects.get(year=2026)
        )
    assert WorkingCalendarYear.objects.filter(year=2026).exists()

    entered = working_calendar_year_create(actor=administrator, **CALENDAR_2027)
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 17)
    working_calendar_year_delete(actor=administrator, calendar_year=entered)  # entered by mistake
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 11)
    assert ActivityEntry.objects.filter(verb="working_calendar.deleted", target_id="2027").exists()


# --- the admin -------------------------------------------------------------------------------------


ADD_URL = "/admin/rulebooks/workingcalendaryear/add/"
CHANGE_2026_URL = "/admin/rulebooks/workingcalendaryear/2026/change/"
FORM_2027 = {
    "year": "2027",
    "notice": "国务院办公厅关于2027年部分节假日安排的通知",
    "notice_number": "",
    "notice_date": "",
    "holidays": "元旦 2027-01-01 2027-01-03\n春节：2027-02-06 至 2027-02-13",
    "make_up_working_days": "2027-02-14",
    "source": "Test data.",
}


def _form_2026(**changes):
    year_2026 = WorkingCalendarYear.objects.get(year=2026)
    return {
        "notice": year_2026.notice,
        "notice_number": year_2026.notice_number,
        "notice_date": year_2026.notice_date.isoformat(),
        "holidays": "\n".join(f"{p['name']} {p['from']} {p['to']}" for p in year_2026.holidays),
        "make_up_working_days": ", ".join(year_2026.make_up_working_days),
        "source": year_2026.source,
        **changes,
    }


def _errors(response):
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def test_the_admin_shows_a_year_as_the_notice_reads(client, administrator):
    client.force_login(administrator)
    page = client.get(CHANGE_2026_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "春节 2026-02-15 2026-02-23" in page
    assert "2026-02-14, 2026-02-28" in page
    assert client.get(ADD_URL).status_code == 200
    assert client.get("/admin/rulebooks/workingcalendaryear/").status_code == 200


def test_an_administrator_enters_next_year_in_the_admin(client, administrator):
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 11)
    client.force_login(administrator)
    response = client.post(ADD_URL, FORM_2027, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    entered = WorkingCalendarYear.objects.get(year=2027)
    assert entered.holidays == CALENDAR_2027["holidays"]
    assert entered.entered_by == administrator
    assert ActivityEntry.objects.filter(verb="working_calendar.created", actor=administrator).exists()
    assert add_working_days(date(2027, 2, 4), 5) == date(2027, 2, 17)


def test_an_admin_correction_changes_the_next_computed_deadline(client, administrator):
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 2, 28)
    client.force_login(administrator)
    response = client.post(
        CHANGE_2026_URL,
        _form_2026(make_up_working_days="2026-01-04, 2026-02-14, 2026-05-09, 2026-09-20, 2026-10-10"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert add_working_days(date(2026, 2, 26), 2) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"make_up_working_days": "2026-02-14, 2026-03-04"}, "is not a Saturday or Sunday"),
        ({"make_up_working_days": "2026-02-15"}, "is both a holiday (春节) and a make-up working day"),
        ({"holidays": "元旦 2026-01-01 2026-01-03\n春节 15 February"}, "Line 2: write the holiday's name"),
        ({"holidays": "元旦 2025-12-31 2026-01-03"}, "is not in 2026"),
        ({"make_up_working_days": "2026-02-30"}, "2026-02-30 is not a date"),
        ({"holidays": ""}, "This field is required."),
    ],
)
def test_bad_input_in_the_admin_is_shown_and_changes_nothing(client, administrator, changes, message):
    client.force_login(administrator)
    before = WorkingCalendarYear.objects.get(year=2026)
    response = client.post(CHANGE_2026_URL, _form_2026(**changes), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in _errors(response)
    after = WorkingCalendarYear.objects.get(year=2026)
    assert (after.holidays, after.make_up_working_days) == (before.holidays, before.make_up_working_days)
    assert not ActivityEntry.objects.filter(verb__startswith="working_calendar").exists()
    assert add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_officers_cannot_edit_the_calendar_in_the_admin(client, officer):
    client.force_login(officer)
    assert client.post(ADD_URL, FORM_2027).status_code == 403
    assert not WorkingCalendarYear.objects.filter(year=2027).exists()


def test_deleting_a_year_under_way_in_the_admin_is_refused_with_the_reason(client, travel, administrator):
    travel(date(2026, 11, 20))
    client.force_login(administrator)
    response = client.post(
        "/admin/rulebooks/workingcalendaryear/2026/delete/", {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:rulebooks_workingcalendaryear_change", args=[2026])
    assert WorkingCalendarYear.objects.filter(year=2026).exists()
