"""Which rulebook applies when."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.display import format_date
from core.errors import InvalidState
from rulebooks.models import RecordRule, Rulebook


def rulebook_in_force(day=None):
    """The rulebook in force on `day` (today by default); InvalidState if none covers it."""
    day = day or timezone.localdate()
    rulebook = (
        Rulebook.objects.filter(effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )
    if rulebook is None:
        raise InvalidState(_("No rulebook is in force on %(day)s.") % {"day": format_date(day)})
    return rulebook


def measures_in_force(grade, day=None):
    """The rulebook in force on `day` and its measures for `grade`."""
    rulebook = rulebook_in_force(day)
    return rulebook, list(rulebook.measures.filter(grade=grade).order_by("order", "code"))


def grades_with_measure(code, day=None):
    """The grades to which the rulebook in force on `day` gives the measure `code` (two queries).

    Who gets a coordinator, for one, is the rulebook's word: `grades_with_measure(COORDINATOR_MEASURE)`.
    """
    rulebook = rulebook_in_force(day)
    return frozenset(rulebook.measures.filter(code=code).values_list("grade", flat=True))


def record_rule_on(kind, day):
    """The dated rule of `kind` (a GAC announcement) whose period covers `day`; None if none does.

    Rulebook versions carry copies of the same announcements: the latest version's copy is taken.
    """
    return (
        RecordRule.objects.filter(kind=kind, effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-rulebook__effective_from", "-effective_from")
        .first()
    )
