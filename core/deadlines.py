"""How close a deadline is, in the terms pages show it: overdue, due soon, later, or none."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DeadlineState:
    """`urgency` is overdue, soon, later or none; `days` the days left, or overdue, as a count."""

    urgency: str
    days: int


NO_DEADLINE = DeadlineState("none", 0)


def deadline_state(due: datetime.date | None, today: datetime.date, *, soon_days: int) -> DeadlineState:
    """Pages word the state ("Overdue", "Due soon") beside the colour, never colour alone."""
    if due is None:
        return NO_DEADLINE
    delta = (due - today).days
    if delta < 0:
        return DeadlineState("overdue", -delta)
    return DeadlineState("soon" if delta <= soon_days else "later", delta)
