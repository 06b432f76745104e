"""Officers recording credit information on an enterprise's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enterprises import records, selectors
from enterprises.forms.records import ArrearForm, DocumentCountForm, PenaltyForm
from enterprises.models import Arrear
from enterprises.views.register import REGISTER_KEEPERS

RECORD_KINDS = {
    "penalty": (PenaltyForm, records.penalty_record, gettext_lazy("Record a penalty")),
    "arrear": (ArrearForm, records.arrear_record, gettext_lazy("Record an arrear")),
    "document_count": (
        DocumentCountForm,
        records.document_count_set,
        gettext_lazy("Record yearly document counts"),
    ),
}


def _record_create(request, pk, kind):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    form_class, service, title = RECORD_KINDS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Credit record saved."))
            return redirect(f"{enterprise.get_absolute_url()}#records")
    return render(
        request,
        "enterprises/record_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "title": title,
            "intro_template": "enterprises/includes/record_intro.html",
        },
    )


@login_required
def penalty_create(request, pk):
    return _record_create(request, pk, "penalty")


@login_required
def arrear_create(request, pk):
    return _record_create(request, pk, "arrear")


@login_required
def document_count_set(request, pk):
    return _record_create(request, pk, "document_count")


@login_required
@require_POST
def arrear_paid(request, pk):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied
    arrear = get_object_or_404(
        Arrear.objects.filter(enterprise__in=selectors.visible_enterprises(request.user)).select_related(
            "enterprise__customs_office"
        ),
        pk=pk,
    )
    records.arrear_mark_paid(actor=request.user, arrear=arrear, paid_on=timezone.localdate())
    messages.success(
        request, _("Arrear %(reference)s marked as paid today.") % {"reference": arrear.reference}
    )
    return redirect(f"{arrear.enterprise.get_absolute_url()}#records")
