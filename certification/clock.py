"""The certification clock: 90 days from submission, +30 once, stopped while paused.

Pure date arithmetic over an application's fields, so the page, the API and the scheduled job
agree on the days used, the days left and the deadline.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone


@dataclass(frozen=True)
class Clock:
    running: bool
    days_allowed: int
    days_used: int
    deadline: datetime.date | None
    pause_ends_application_on: datetime.date | None

    @property
    def days_left(self):
        return self.days_allowed - self.days_used

    @property
    def days_over(self):
        return -self.days_left

    @property
    def overdue(self):
        return self.running and self.days_left < 0


def clock(application, today):
    """The clock of `application` on `today` (not started: zero days used, no deadline)."""
    rulebook = application.rulebook
    allowed = rulebook.certification_days + (
        rulebook.certification_extension_days if application.extended else 0
    )
    start = application.clock_started_on
    if start is None:
        return Clock(False, allowed, 0, None, None)
    paused_now = (today - application.paused_on).days if application.paused_on else 0
    # A decision stops the clock; only a closing transition sets `decided_at`.
    end = timezone.localdate(application.decided_at) if application.decided_at else today
    used = max(0, (end - start).days - application.paused_days - paused_now)
    deadline = start + datetime.timedelta(days=allowed + application.paused_days + paused_now)
    pause_limit = (
        application.paused_on + relativedelta(months=rulebook.pause_limit_months)
        if application.paused_on
        else None
    )
    return Clock(application.status in application.OPEN_STATUSES, allowed, used, deadline, pause_limit)
