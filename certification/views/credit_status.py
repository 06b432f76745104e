"""The credit status certificate's PDF (behind the visibility gate) and its public verification."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from certification import credit_status
from certification.forms import CreditStatusLookupForm
from core.page_throttling import rate_limited
from enterprises.selectors import visible_credit_status_certificates


@login_required
@require_GET
def credit_status_pdf(request, pk):
    certificate = get_object_or_404(visible_credit_status_certificates(request.user), pk=pk)
    content = credit_status.credit_status_pdf(
        certificate, credit_status.verification_url(request, certificate)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@rate_limited("public")
@require_GET
def public_credit_status(request):
    """What a credit status certificate's QR code opens, or its number and USCC typed in: genuine or
    not, and whether it is still valid today."""
    token = request.GET.get("t")
    form = CreditStatusLookupForm(None if token is not None else request.GET or None)
    certificate, verified, looked_up = None, None, False
    if token is not None:
        verification = credit_status.verify_token(token)
        certificate, verified = verification.certificate, verification.genuine
    elif form.is_valid():
        looked_up = True
        certificate = credit_status.find_certificate(form.cleaned_data["number"], form.cleaned_data["uscc"])
    today = timezone.localdate()
    return render(
        request,
        "certification/public_credit_status.html",
        {
            "form": form,
            "certificate": certificate,
            "verified": verified,
            "not_found": looked_up and certificate is None,
            "validity": certificate.validity_on(today) if certificate else None,
            "summary": credit_status.summary(certificate) if certificate else None,
            "today": today,
        },
        status=404 if looked_up and certificate is None else 200,
    )
