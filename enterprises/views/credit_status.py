"""Asking for a credit status certificate: the enterprise's users, or an officer on its behalf."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.display import format_date
from core.errors import InvalidState, NotPermitted
from core.form_post import add_service_errors
from enterprises import credit_status, selectors
from enterprises.forms.credit_status import CreditStatusRequestForm
from enterprises.permissions import is_enterprise_user_of


@login_required
def credit_status_request(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    if not credit_status.may_issue(request.user, enterprise):
        raise PermissionDenied
    # Bound on every POST: with no purpose (optional) the request is complete.
    form = CreditStatusRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = credit_status.credit_status_certificate_issue(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        except InvalidState as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Credit status certificate %(number)s issued, valid until %(day)s.")
                % {"number": certificate.number, "day": format_date(certificate.valid_until)},
            )
            return redirect(f"{enterprise.get_absolute_url()}#credit-status")
    return render(
        request,
        "enterprises/record_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "title": _("Request a credit status certificate")
            if is_enterprise_user_of(request.user, enterprise)
            else _("Issue a credit status certificate"),
            "submit_label": _("Issue the certificate"),
            "intro_template": "enterprises/includes/credit_status_intro.html",
            "valid_days": credit_status.policy_on(timezone.localdate()).valid_days,
        },
    )
