"""Which rulebook applies when."""

from django.utils import timezone
from django.utils.translation import gettext as _

from credit_mgmt.display import format_date
from credit_mgmt.errors import InvalidState
from rulebooks.models import Rulebook


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
