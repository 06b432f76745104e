"""Certificate pages: the list, a certificate with its actions and PDF, and the public verification."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from background.list_export import list_export
from certification import certificate_document, certificates, qr_codes, re_review, selectors
from certification.aeo_codes import certificate_by_reference
from certification.forms import CertificateActionForm, CertificateLookupForm
from certification.lists import CERTIFICATE_COLUMNS, CERTIFICATE_ORDERS, certificate_rows
from certification.models import Certificate, MutualRecognitionPartner, partner_totals
from core.form_post import handle_post
from core.page_throttling import rate_limited
from core.paging import paginate
from core.sorting import requested

PAGE_SIZE = 25


def _visible(request, pk):
    return get_object_or_404(
        selectors.visible_certificates(request.user).select_related("enterprise__customs_office", "rulebook"),
        pk=pk,
    )


@login_required
def certificate_list(request):
    status, query, items = certificate_rows(request.user, request.GET)
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
    content = certificate_document.certificate_pdf(
        certificate, qr_codes.verification_url(request, certificate)
    )
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
    verification = qr_codes.verify_token(request.GET.get("t", ""))
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
