"""Who may apply for certification: the one-year bar and the grades that allow it (brief, section 5)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import Application
from core.display import format_date
from enterprises.models import LedgerEntry
from rulebooks.models import AEO_GRADES, CreditGrade
from rulebooks.selectors import rulebook_in_force

DISHONEST_GRADES = (CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST)


@dataclass(frozen=True)
class Bar:
    until: datetime.date
    reason: str


def _downgrades():
    """Ledger entries that start a bar: down from an AEO grade, or up from a dishonest one."""
    return LedgerEntry.objects.filter(
        Q(previous_grade__in=AEO_GRADES) & ~Q(grade__in=AEO_GRADES)
        | Q(previous_grade__in=DISHONEST_GRADES) & ~Q(grade__in=DISHONEST_GRADES)
    )


def _closings():
    """Applications whose end starts a bar: refused, or withdrawn after customs received them."""
    return Application.objects.filter(kind=Application.Kind.CERTIFICATION, decided_at__isnull=False).filter(
        Q(status=Application.Status.REFUSED)
        | Q(status=Application.Status.WITHDRAWN, receipt_number__isnull=False)
    )


def _bar_starts(enterprise):
    """(day, reason) of every event that starts a one-year bar."""
    for entry in _downgrades().filter(enterprise=enterprise):
        if entry.previous_grade in AEO_GRADES:
            yield entry.effective_from, _("the grade changed down from certified on %(day)s")
        else:
            yield entry.effective_from, _("the grade changed up from dishonest on %(day)s")
    for application in _closings().filter(enterprise=enterprise):
        day = timezone.localdate(application.decided_at)
        if application.status == Application.Status.REFUSED:
            yield day, _("certification was refused on %(day)s")
        else:
            yield day, _("an application was withdrawn on %(day)s")


def bars_started_between(first_day, last_day):
    """Ids of the enterprises with an event starting a bar in these days (two queries)."""
    return set(
        _downgrades().filter(effective_from__range=(first_day, last_day)).values_list("enterprise", flat=True)
    ) | set(
        _closings().filter(decided_at__date__range=(first_day, last_day)).values_list("enterprise", flat=True)
    )


def _latest_bar(enterprise):
    """(until, start day, reason) of the latest bar, whether or not it is still in force. Its length is
    that of the rulebook in force on the day it started: the event falls under the law of its day."""
    starts = sorted(_bar_starts(enterprise), key=lambda start: start[0])
    if not starts:
        return None
    day, reason = starts[-1]
    return day + relativedelta(months=rulebook_in_force(day).application_bar_months), day, reason


def latest_bar_end(enterprise):
    """The day the enterprise's latest bar ends (or ended), or None if it never had one."""
    latest = _latest_bar(enterprise)
    return latest[0] if latest else None


def application_bar(enterprise, today=None):
    """The bar in force on `today`, or None."""
    today = today or timezone.localdate()
    latest = _latest_bar(enterprise)
    if latest is None or latest[0] <= today:
        return None
    until, day, reason = latest
    return Bar(
        until,
        _("The enterprise may apply again from %(until)s: %(reason)s (one-year bar).")
        % {"until": format_date(until), "reason": reason % {"day": format_date(day)}},
    )


def bar_if_withdrawn(application, today=None):
    """The day until which withdrawing `application` today would bar the next one, or None: a draft
    customs never received starts no bar (`_closings`)."""
    if application.receipt_number is None:
        return None
    today = today or timezone.localdate()
    return today + relativedelta(months=rulebook_in_force(today).application_bar_months)


def grades_open_to(enterprise, rulebook):
    """AEO grades of `rulebook` better than the enterprise's current grade; none for a dishonest one."""
    if enterprise.credit_grade in DISHONEST_GRADES:
        return []
    grades = list(rulebook.grades.order_by("order"))
    current = next((g.order for g in grades if g.grade == enterprise.credit_grade), None)
    return [g for g in grades if g.is_aeo and (current is None or g.order < current)]


def application_refusal(enterprise):
    """Why `enterprise` may not apply for any grade now, or None: the pages offer no application then."""
    if enterprise.credit_grade in DISHONEST_GRADES:
        return _("A dishonest enterprise cannot apply for certification; its credit must be repaired first.")
    if enterprise.credit_grade == CreditGrade.ADVANCED_CERTIFIED:
        return _("Your enterprise already holds the highest grade; its re-reviews keep it.")
    return None


def grade_refusal(enterprise, rulebook, target_grade):
    """Why `enterprise` may not apply for `target_grade` under `rulebook`, or None."""
    refusal = application_refusal(enterprise)
    if refusal:
        return refusal
    if target_grade not in {g.grade for g in grades_open_to(enterprise, rulebook)}:
        return _(
            "%(rulebook)s does not allow an enterprise of grade %(current)s to apply for %(target)s."
        ) % {
            "rulebook": rulebook.display_title,
            "current": CreditGrade(enterprise.credit_grade).label,
            "target": CreditGrade(target_grade).label if target_grade in CreditGrade.values else target_grade,
        }
    return None
