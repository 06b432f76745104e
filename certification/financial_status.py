"""The financial figures of an application and the items computed from them.

The enterprise enters the figures of its audited statements while it prepares the application;
the certification team corrects them during the audit. Whoever changes them, the items computed
from them follow in the same transaction: the self-assessment while the enterprise edits, the
team's finding once it has recorded one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from certification import finance, workflow
from certification.models import ApplicationItem, FinancialYear
from core.errors import InvalidState

EDIT, FINDING = "edit", "finding"
FIRST_YEAR = 1990


def years_of(application):
    """{year: {figure: value}} of the application's figures."""
    return {row.year: row.figures() for row in application.financial_years.all()}


def is_computed(row):
    return finance.is_computed(row.item.parameters)


def assessment(row, years=None):
    """The `finance.Assessment` of an item computed from figures (None for any other item)."""
    if not is_computed(row):
        return None
    years = years_of(row.application) if years is None else years
    return finance.assess(row.item.parameters, years, row.application.production_enterprise)


def computed_result(row, field):
    """The result the figures give `row`; a clear error on `field` while figures it needs are missing."""
    result = assessment(row)
    if not result.result:
        raise ValidationError(
            {field: _("Enter the financial figures first: the result of this item is computed from them.")}
        )
    return result.result


def note(result):
    """What an item computed from figures records beside its result."""
    return _("Computed from the financial figures: %(met)d of %(count)d within the threshold.") % {
        "met": result.met,
        "count": len(result.lines),
    }


def _side(actor, application):
    """Which side changes the figures now: the enterprise preparing it, or the team auditing it."""
    for side in (EDIT, FINDING):
        if workflow.refusal(actor, application, side) is None:
            return side
    raise InvalidState(
        _(
            "The financial figures are entered while the application is prepared "
            "and corrected during the audit."
        )
    )


def follow(application, side, actor):
    """Recompute the items computed from figures on the side that changed them."""
    years = years_of(application)
    rows = [row for row in application.items.select_related("item") if is_computed(row)]
    changed = []
    for row in rows:
        result = assessment(row, years)
        if side == EDIT:
            row.self_assessment, row.explanation = result.result, note(result) if result.result else ""
            changed.append(row)
        elif row.finding:
            row.finding = result.result
            row.finding_notes = note(result) if result.result else ""
            row.found_by, row.found_at = actor, timezone.now()
            changed.append(row)
    fields = (
        ["self_assessment", "explanation"]
        if side == EDIT
        else ["finding", "finding_notes", "found_by", "found_at"]
    )
    ApplicationItem.objects.bulk_update(changed, fields)


def _check(year, figures):
    unknown = set(figures) - set(finance.FIGURES)
    if unknown:
        raise ValidationError(_("Unknown figures: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if not isinstance(year, int) or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            {"year": _("Enter a financial year from %(first)d to this year.") % {"first": FIRST_YEAR}}
        )
    if all(value is None for value in figures.values()):
        raise ValidationError(_("Enter at least one figure of the year."))
    negative = {
        code: _("An amount of this kind cannot be negative.")
        for code in finance.NEVER_NEGATIVE
        if figures.get(code) is not None and figures[code] < 0
    }
    if negative:
        raise ValidationError(negative)


def financial_year_save(*, actor, application, year, figures, production_enterprise=None):
    """Enter or correct one financial year's figures (`figures`: code -> amount; a code left out is not
    known) and whether the enterprise is a production enterprise, where thresholds differ; the
    computed items follow."""
    _check(year, figures)
    with transaction.atomic():
        application = workflow.locked(application)
        side = _side(actor, application)
        FinancialYear.objects.update_or_create(
            application=application,
            year=year,
            defaults={"entered_by": actor, **{code: figures.get(code) for code in finance.FIGURES}},
        )
        if production_enterprise is not None and production_enterprise != application.production_enterprise:
            application.production_enterprise = production_enterprise
            application.save(update_fields=["production_enterprise"])
        follow(application, side, actor)
        record_activity(actor=actor, verb="application.figures", target=application, note=str(year))
    return application


def financial_year_remove(*, actor, financial_year):
    with transaction.atomic():
        application = workflow.locked(financial_year.application)
        side = _side(actor, application)
        FinancialYear.objects.filter(pk=financial_year.pk).delete()
        follow(application, side, actor)
        record_activity(
            actor=actor, verb="application.figures_removed", target=application, note=str(financial_year.year)
        )
