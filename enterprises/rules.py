"""The arithmetic of the dishonest criteria (domain brief 4.1), free of the database.

The scheduled evaluation narrows two million enterprises to a few candidates with SQL aggregates;
these functions make the final call on each candidate's figures, so every threshold can be tested
at, just below and just above its value without a database.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

PER_THOUSAND = Decimal(1000)


def look_back_start(as_of: datetime.date, window_months: int | None, clean_months: int) -> datetime.date:
    """Records decided after this day count towards a criterion on `as_of`.

    A criterion whose text states a window ("within one year": Order 251 Art. 22(3)) looks back that
    far. One whose text states none has no window of its own, but a record older than the rulebook's
    automatic-repair period (`clean_months`, 2 years) can no longer make an enterprise dishonest: the
    law restores an enterprise that met no criterion for that long, so a determination on it would
    be undone at once. Such records stop counting after that period, no sooner (docs/rules.md).
    """
    return as_of - relativedelta(months=window_months or clean_months)


def overdue_cutoff(as_of: datetime.date, months: int) -> datetime.date:
    """An amount that fell due before this day has been unpaid for more than `months` on `as_of`."""
    return as_of - relativedelta(months=months)


def violations_per_thousand(violations: int, documents: int | None) -> Decimal | None:
    """Penalties per 1,000 of last year's documents; None when the count is unknown or zero."""
    if not documents:
        return None
    return (Decimal(violations) * PER_THOUSAND / Decimal(documents)).quantize(Decimal("0.001"))


def supervision_violations_met(
    *, violations: int, fine_total: Decimal, documents: int | None, is_broker: bool, criterion
) -> bool:
    """Art. 22(3): more penalties than the share of last year's documents **and** fines above the amount.

    Where last year's document count is unknown, the fine total alone decides. Both comparisons are
    strict ("more than"), so a figure exactly at the threshold is not met.
    """
    ratio = criterion.ratio_per_thousand_broker if is_broker else criterion.ratio_per_thousand
    fine_limit = criterion.fine_threshold_broker if is_broker else criterion.fine_threshold
    if violations == 0 or fine_total <= fine_limit:
        return False
    if documents is None:
        return True
    return Decimal(violations) * PER_THOUSAND > ratio * Decimal(documents)
