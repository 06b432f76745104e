"""The arithmetic of the dishonest criteria at, just below and just above each figure, without a database.

The figures are Order 251 Art. 22(3)'s, written out: more supervision-rule penalties than 1 per 1,000 of
last year's documents and fines above 1,000,000 yuan; for a customs broker 0.5 per 1,000 and 300,000
yuan. Both comparisons are "more than".
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from enterprises.rules import (
    look_back_start,
    overdue_cutoff,
    supervision_violations_met,
    violations_per_thousand,
)

DAY = datetime.date
ART_22_3 = SimpleNamespace(
    ratio_per_thousand=Decimal("1"),
    ratio_per_thousand_broker=Decimal("0.5"),
    fine_threshold=Decimal("1000000"),
    fine_threshold_broker=Decimal("300000"),
)


@pytest.mark.parametrize(
    ("as_of", "window", "clean", "start"),
    [
        (DAY(2026, 6, 3), 12, 24, DAY(2025, 6, 3)),  # "within one year"
        (DAY(2026, 6, 3), None, 24, DAY(2024, 6, 3)),  # no window: the 24-month clean period
        (DAY(2026, 3, 31), 1, 24, DAY(2026, 2, 28)),  # no 31 February: the month's last day
        (DAY(2028, 2, 29), 12, 24, DAY(2027, 2, 28)),
    ],
)
def test_records_count_from_the_day_after_the_look_back_start(as_of, window, clean, start):
    assert look_back_start(as_of, window, clean) == start


@pytest.mark.parametrize(
    ("as_of", "months", "cutoff"),
    [
        (DAY(2026, 6, 3), 3, DAY(2026, 3, 3)),
        (DAY(2026, 5, 31), 3, DAY(2026, 2, 28)),
        (DAY(2026, 1, 15), 6, DAY(2025, 7, 15)),
    ],
)
def test_an_amount_due_before_the_cutoff_is_overdue(as_of, months, cutoff):
    assert overdue_cutoff(as_of, months) == cutoff


@pytest.mark.parametrize(
    ("violations", "documents", "per_thousand"),
    [
        (3, 1000, Decimal("3.000")),
        (0, 1000, Decimal("0.000")),
        (1, 3, Decimal("333.333")),
        (2, 3, Decimal("666.667")),  # rounded to three places
        (1, 8000, Decimal("0.125")),
        (1, 0, None),  # no documents: no share
        (1, None, None),  # count unknown
    ],
)
def test_penalties_per_thousand_documents(violations, documents, per_thousand):
    assert violations_per_thousand(violations, documents) == per_thousand


def met(violations, fine, documents, broker=False):
    return supervision_violations_met(
        violations=violations,
        fine_total=Decimal(fine),
        documents=documents,
        is_broker=broker,
        criterion=ART_22_3,
    )


@pytest.mark.parametrize(
    ("violations", "fine", "documents", "result"),
    [
        (1, "1000000.01", 1000, False),  # 1 per 1,000: not more than the share
        (2, "1000000.01", 1000, True),
        (2, "1000000.00", 1000, False),  # fines not above 1,000,000
        (2, "999999.99", 1000, False),
        (3, "1000000.01", 2999, True),
        (3, "1000000.01", 3000, False),
        (1, "1000000.01", None, True),  # documents unknown: the fines alone decide
        (1, "1000000.00", None, False),
        (0, "5000000.00", None, False),  # no penalty, no criterion
        (1, "1000000.01", 0, True),
    ],
)
def test_art_22_3_for_an_importer_or_exporter(violations, fine, documents, result):
    assert met(violations, fine, documents) is result


@pytest.mark.parametrize(
    ("violations", "fine", "documents", "result"),
    [
        (1, "300000.01", 2000, False),  # 0.5 per 1,000 of 2,000 is 1: not more
        (2, "300000.01", 2000, True),
        (2, "300000.00", 2000, False),  # fines not above 300,000
        (2, "300000.01", 4000, False),
        (3, "300000.01", 4000, True),
        (1, "300000.01", None, True),
        (0, "300000.01", None, False),
    ],
)
def test_art_22_3_for_a_customs_broker(violations, fine, documents, result):
    assert met(violations, fine, documents, broker=True) is result
