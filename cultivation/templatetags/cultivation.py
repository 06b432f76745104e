from django import template
from django.utils.translation import gettext as _

from cultivation.models import Milestone

register = template.Library()


@register.filter
def phase_label(phase):
    """The label of an annotated phase code; no code means every milestone is done."""
    return Milestone.Phase(phase).label if phase else _("Every milestone done")
