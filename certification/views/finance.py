"""The financial figures of an application and the items computed from them.

The figures are the enterprise's own audited statements, so whoever sees the application reads
them; the enterprise enters them while preparing it, the team corrects them during the audit.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certification import financial_status, workflow
from certification.finance import FIGURES
from certification.forms import FinancialYearForm
from certification.views.applications import _visible
from core.form_post import handle_post, submit


def may_change(user, application):
    return any(workflow.refusal(user, application, side) is None for side in ("edit", "finding"))


def computed_rows(application, years):
    """(row, assessment) of each item computed from the figures, in catalogue order."""
    rows = application.items.select_related("item").order_by("item__order", "item__code")
    return [
        (row, financial_status.assessment(row, years)) for row in rows if financial_status.is_computed(row)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def application_finance(request, pk):
    application = _visible(request, pk)
    changing = may_change(request.user, application)
    rows = list(application.financial_years.all())
    editing = next((row for row in rows if str(row.year) == request.GET.get("year", "")), None)
    form = None
    if changing:
        initial = {"year": editing.year, **editing.figures()} if editing else {}
        form = FinancialYearForm(
            request.POST or None, initial=initial, production_enterprise=application.production_enterprise
        )
    here = reverse("application-finance", args=[application.pk])
    response = handle_post(
        request,
        form,
        lambda **data: financial_status.financial_year_save(
            actor=request.user, application=application, **form.service_arguments()
        ),
        success=_("The figures have been saved and the financial items computed again."),
        then=here,
    )
    if response:
        return response
    years = {row.year: row.figures() for row in rows}
    return render(
        request,
        "certification/application_finance.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "rows": rows,
            "figures": list(FIGURES.items()),
            "table": [(label, [row.figures()[code] for row in rows]) for code, label in FIGURES.items()],
            "computed": computed_rows(application, years),
            "form": form,
            "editing": editing,
        },
    )


@login_required
@require_POST
def financial_year_remove(request, pk, year):
    application = _visible(request, pk)
    row = get_object_or_404(application.financial_years, year=year)
    if not may_change(request.user, application):
        raise PermissionDenied
    return submit(
        request,
        None,
        lambda: financial_status.financial_year_remove(actor=request.user, financial_year=row),
        success=_("The figures of %(year)s have been removed.") % {"year": year},
        then=reverse("application-finance", args=[application.pk]),
    )
