"""Officers recording the cases filed against an enterprise, and closing them (its page, #case-filings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.errors import InvalidState
from enterprises import case_filings, selectors
from enterprises.forms.case_filings import CaseFilingCloseForm, CaseFilingForm, CaseFilingSuspendForm
from enterprises.models import CaseFiling
from enterprises.views.register import REGISTER_KEEPERS


def _refused(form, error):
    """The service's refusal on the form: on its field where the form has one, above it otherwise."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def _page(request, enterprise, form, title, submit, filing=None):
    return render(
        request,
        "enterprises/record_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "title": title,
            "submit_label": submit,
            "filing": filing,
            "intro_template": "enterprises/includes/case_filing_intro.html",
        },
    )


def _officer_only(request):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied


def _visible_filing(request, pk):
    return get_object_or_404(
        CaseFiling.objects.filter(enterprise__in=selectors.visible_enterprises(request.user)).select_related(
            "enterprise__customs_office"
        ),
        pk=pk,
    )


def _done(request, filing, message):
    messages.success(request, message)
    return redirect(f"{filing.enterprise.get_absolute_url()}#case-filings")


@login_required
def case_filing_create(request, pk):
    _officer_only(request)
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    form = CaseFilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = case_filings.case_filing_record(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            return _done(request, filing, _("Case filing recorded."))
    return _page(request, enterprise, form, _("Record a case filing"), _("Save"))


@login_required
def case_filing_close(request, pk):
    _officer_only(request)
    filing = _visible_filing(request, pk)
    form = CaseFilingCloseForm(request.POST or None, filing=filing)
    if request.method == "POST" and form.is_valid():
        try:
            case_filings.case_filing_close(actor=request.user, filing=filing, **form.cleaned_data)
        except (ValidationError, InvalidState) as error:
            _refused(form, error)
        else:
            return _done(request, filing, _("Case filing closed."))
    title = _("Close case %(number)s") % {"number": filing.case_number}
    return _page(request, filing.enterprise, form, title, pgettext("case filing", "Close the case"), filing)


@login_required
def case_filing_suspend(request, pk):
    _officer_only(request)
    filing = _visible_filing(request, pk)
    form = CaseFilingSuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_filings.case_filing_suspend_measures(
                actor=request.user, filing=filing, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, InvalidState) as error:
            _refused(form, error)
        else:
            return _done(request, filing, _("The AEO measures are suspended while the case is open."))
    title = _("Suspend the AEO measures on case %(number)s") % {"number": filing.case_number}
    return _page(request, filing.enterprise, form, title, _("Suspend the measures"), filing)
