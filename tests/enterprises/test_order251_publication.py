"""Order 251 grades no publication periods: every dishonesty record it determined is published for 24
months (until automatic repair at the latest), whatever the level Order 282 would give it.

Expected dates are written out, never computed: the day before, the last day and the day after.
"""

import datetime

import pytest

from enterprises.determination import determination_take_over
from enterprises.disclosure import published_determinations
from rulebooks.models import Rulebook

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]

date = datetime.date


def _taken_over(enterprise, administrator, code, decided_on):
    return determination_take_over(
        actor=administrator,
        enterprise=enterprise,
        criterion=Rulebook.objects.get(code="order-251").criteria.get(code=code),
        decided_on=decided_on,
        decision_number=f"西宁关失〔2025〕{code}",
        grounds="Paper file.",
        evidence_date=decided_on - datetime.timedelta(days=30),
    )


@pytest.mark.parametrize(
    "code",
    [
        "art22-4",  # Order 282 would say minor: at most 3 months
        "art22-2",  # general: at most 12 months
        "art22-1",  # serious: at most 3 years
        "serious-1",  # the serious-dishonesty list
    ],
)
def test_every_order_251_record_is_published_for_24_months(enterprise_b, administrator, code):
    record = _taken_over(enterprise_b, administrator, code, date(2025, 1, 10))
    assert record.published_until == date(2027, 1, 10)


@pytest.mark.parametrize(
    ("day", "public"),
    [(date(2027, 1, 9), True), (date(2027, 1, 10), True), (date(2027, 1, 11), False)],
)
def test_an_order_251_record_leaves_the_public_pages_after_its_last_day(
    enterprise_b, administrator, day, public
):
    record = _taken_over(enterprise_b, administrator, "art22-1", date(2025, 1, 10))
    assert published_determinations(day).filter(pk=record.pk).exists() is public


@pytest.mark.parametrize(
    ("day", "public"),
    [(date(2026, 2, 27), True), (date(2026, 2, 28), True), (date(2026, 3, 1), False)],
)
def test_a_record_of_29_february_is_published_until_28_february_two_years_on(
    enterprise_b, administrator, day, public
):
    record = _taken_over(enterprise_b, administrator, "art22-2", date(2024, 2, 29))
    assert record.published_until == date(2026, 2, 28)
    assert published_determinations(day).filter(pk=record.pk).exists() is public


def test_the_period_is_the_same_for_every_level_and_says_where_it_comes_from():
    periods = Rulebook.objects.get(code="order-251").publication_periods.all()
    assert {(p.level, p.min_months, p.max_months) for p in periods} == {
        ("minor", 0, 24),
        ("general", 0, 24),
        ("serious", 0, 24),
    }
    assert all("grades no publication periods" in p.source for p in periods)
