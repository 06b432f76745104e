"""The public list of AEO mutual-recognition arrangements: which customs recognise Chinese AEOs, and
since when (domain brief, section 9). Counts are computed from the list, never typed."""

from django.shortcuts import render
from django.utils import timezone

from certification.models import MutualRecognitionPartner, partner_totals
from core.page_throttling import rate_limited


@rate_limited("public")
def public_partners(request):
    today = timezone.localdate()
    partners = list(MutualRecognitionPartner.objects.all())
    in_force = [partner for partner in partners if partner.in_force_by(today)]
    return render(
        request,
        "certification/public_partners.html",
        {
            "partners": partners,
            "today": today,
            "signed": partner_totals(partners),
            "in_force": partner_totals(in_force),
        },
    )
