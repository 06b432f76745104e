"""Certificate pages: the list, a certificate with its actions and PDF, and the public verification."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from certification import certificates, re_review, selectors
from certification.aeo_codes import certificate_by_reference
from certification.forms import CertificateActionForm, CertificateLookupForm
from certification.models import Certificate, MutualRecognitionPartner, partner_totals
from credit_mgmt.list_export import Column, list_export
from credit_mgmt.page_throttling import rate_limited
from credit_mgmt.paging import paginate
from credit_mgmt.sorting import requested, sort_rows
from enterprises.views.outcome import handle_post

PAGE_SIZE = 25
CERTIFICATE_COLUMNS = (
    Column(gettext_lazy("Certificate number"), lambda certificate: certificate.number),
    Column(gettext_lazy("Enterprise"), lambda certificate: certificate.enterprise.display_name),
    Column(
        gettext_lazy("Customs office"), lambda certificate: certificate.enterprise.customs_office.display_name
    ),
    Column(gettext_lazy("Grade"), lambda certificate: certificate.get_grade_display()),
    Column(gettext_lazy("Issued on"), lambda certificate: certificate.issued_on),
    Column(gettext_lazy("Re-review due"), lambda certificate: certificate.re_review_due),
    Column(gettext_lazy("Status"), lambda certificate: certificate.get_status_display()),
)


def _visible(request, pk):
    return get_object_or_404(
        selectors.visible_certificates(request.user).select_related("enterprise__customs_office", "rulebook"),
        pk=pk,
    )


CERTIFICATE_ORDERS = {
    "number": ("number",),
    "enterprise": ("enterprise__name",),
    "issued": ("issued_on",),
    "re_review": ("re_review_due",),
    "status": ("status",),
}


def _certificate_rows(user, params):
    """(status, query, certificates) of the list as its page shows it to `user`."""
    status = params.get("status", "")
    items = selectors.visible_certificates(user).select_related("enterprise__customs_office")
    if status in Certificate.Status.values:
        items = items.filter(status=status)
    query = params.get("q", "").strip()
    if query:
        items = items.filter(number=query.upper()) | items.filter(enterprise__name__contains=query)
    return status, query, sort_rows(items.order_by("re_review_due", "id"), params, CERTIFICATE_ORDERS)


def certificate_export(user, params):
    """What the list's export holds (a worker's, see credit_mgmt.list_export.LISTS)."""
    return _certificate_rows(user, params)[2], CERTIFICATE_COLUMNS


@login_required
def certificate_list(request):
    status, query, items = _certificate_rows(request.user, request.GET)
    export = list_export(request, items, CERTIFICATE_COLUMNS, name="certificates")
    if export:
        return export
    context = paginate(request, items, PAGE_SIZE)
    context["sorting"] = requested(request.GET, CERTIFICATE_ORDERS)
    context.update(statuses=Certificate.Status.choices, status=status, q=query)
    return render(request, "certification/certificate_list.html", context)


@login_required
def certificate_detail(request, pk):
    certificate = _visible(request, pk)
    allowed = certificates.certificate_allowed_actions(request.user, certificate)
    partners = list(MutualRecognitionPartner.objects.in_force(timezone.localdate()))
    return render(
        request,
        "certification/certificate_detail.html",
        {
            "certificate": certificate,
            "enterprise": certificate.enterprise,
            "actions": [(name, certificates.CERTIFICATE_ACTIONS[name].label) for name in allowed],
            "re_reviews": certificate.re_reviews.order_by("-created_at"),
            # Changes that can trigger an ad-hoc re-review, since the certificate was issued.
            "changes": certificate.enterprise.events.filter(occurred_on__gte=certificate.issued_on),
            "partners": partners,
            "partner_totals": partner_totals(partners),
        },
    )


@login_required
def certificate_pdf(request, pk):
    certificate = _visible(request, pk)
    content = certificates.certificate_pdf(certificate, certificates.verification_url(request, certificate))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


DONE = {
    "suspend": gettext_lazy("The certificate has been suspended."),
    "reinstate": gettext_lazy("The certificate is in force again."),
    "revoke": gettext_lazy("The certificate has been revoked; the grade is back to regular."),
    "surrender": gettext_lazy("The certification has been given up."),
    "re_review": gettext_lazy("The re-review has been opened."),
}
SERVICES = {
    "suspend": certificates.certificate_suspend,
    "reinstate": certificates.certificate_reinstate,
    "revoke": certificates.certificate_revoke,
    "surrender": certificates.certificate_surrender,
    "re_review": re_review.re_review_start,
}


@login_required
@require_http_methods(["GET", "POST"])
def certificate_act(request, pk, action):
    if action not in SERVICES:
        raise Http404
    certificate = _visible(request, pk)
    if certificates.certificate_refusal(request.user, certificate, action):
        raise PermissionDenied
    form = CertificateActionForm(request.POST or None, action=action)
    label = certificates.CERTIFICATE_ACTIONS[action].label
    response = handle_post(
        request,
        form,
        lambda **data: SERVICES[action](actor=request.user, certificate=certificate, **data),
        success=str(DONE[action]),
        then=certificate.get_absolute_url(),
    )
    if response and action == "re_review" and response.status_code == 302:
        started = certificate.re_reviews.order_by("-id").first()
        if started:
            return redirect(started.get_absolute_url())
    return response or render(
        request,
        "certification/certificate_form.html",
        {
            "certificate": certificate,
            "enterprise": certificate.enterprise,
            "form": form,
            "title": label,
            "action": action,
        },
    )


@rate_limited("public")
def public_certificate(request, number=None):
    """Anyone may check a certificate's status by its number or its holder's AEO code (partner customs,
    traders)."""
    form = CertificateLookupForm(request.GET or None, initial={"number": number})
    if number is None and form.is_valid():
        return redirect("public-certificate", number=form.cleaned_data["number"].strip().upper())
    certificate = None
    if number is not None:
        certificate = certificate_by_reference(
            number, Certificate.objects.select_related("enterprise", "rulebook")
        )
    return render(
        request,
        "certification/public_certificate.html",
        {"form": form, "number": number, "certificate": certificate, "verified": None},
        status=404 if number is not None and certificate is None else 200,
    )


@rate_limited("public")
def public_verify(request):
    """The page a certificate's QR code opens: genuine with the live status, or not genuine."""
    verification = certificates.verify_token(request.GET.get("t", ""))
    return render(
        request,
        "certification/public_certificate.html",
        {
            "form": CertificateLookupForm(),
            "certificate": verification.certificate,
            "verified": verification.genuine,
            "number": verification.certificate.number if verification.certificate else None,
        },
    )
