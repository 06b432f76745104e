"""How the financial-status tables show amounts, ratios and thresholds."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from certification.finance import ABOVE, AT_MOST
from certification.models import Result

register = template.Library()


def _shown(value, percent):
    if percent:
        return f"{value * 100:.2f}%"
    if abs(value) >= 1000:
        return intcomma(f"{value:.2f}")
    return f"{value:.2f}"


@register.simple_tag
def finance_value(value, percent=False):
    return "—" if value is None else _shown(value, percent)


@register.simple_tag
def finance_threshold(line):
    if line.test == AT_MOST:
        sign = "≤"
    elif line.test == ABOVE:
        sign = ">"
    else:
        sign = "≥"
    return f"{sign} {_shown(line.threshold, line.percent)}"


@register.filter
def result_label(value):
    return dict(Result.choices).get(value, _("Not assessed"))
