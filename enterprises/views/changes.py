"""Change events recorded by officers, and correction requests from enterprises."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.errors import InvalidState
from enterprises import corrections, selectors, services
from enterprises.forms.changes import CorrectionAnswerForm, CorrectionRequestForm, EnterpriseEventForm
from enterprises.models import CorrectionRequest
from enterprises.views.register import REGISTER_KEEPERS


def _form_page(request, enterprise, form, title, submit):
    return render(
        request,
        "enterprises/record_form.html",
        {"form": form, "enterprise": enterprise, "title": title, "submit_label": submit},
    )


@login_required
def event_create(request, pk):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    form = EnterpriseEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_event_record(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Change recorded."))
            return redirect(f"{enterprise.get_absolute_url()}#changes")
    return _form_page(request, enterprise, form, _("Record a change"), _("Save"))


@login_required
def correction_create(request, pk):
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        corrections.correction_request_create(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        messages.success(request, _("Your request was sent to customs."))
        return redirect(f"{enterprise.get_absolute_url()}#changes")
    return _form_page(request, enterprise, form, _("Request a correction"), _("Send"))


@login_required
@require_POST
def correction_answer(request, pk):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied
    correction = get_object_or_404(
        CorrectionRequest.objects.filter(enterprise__in=selectors.visible_enterprises(request.user)), pk=pk
    )
    form = CorrectionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome and write the answer."))
    else:
        try:
            corrections.correction_request_answer(actor=request.user, request=correction, **form.cleaned_data)
        except (InvalidState, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Answer sent."))
    return redirect(f"{correction.enterprise.get_absolute_url()}#changes")
