"""The certificate as a PDF, with its QR code, in the reader's language."""

from django.template.loader import render_to_string

from accounts.models import CustomsOffice
from certification.models import (
    MutualRecognitionPartner,
    partner_totals,
)
from certification.qr_codes import qr_svg_data_uri
from rulebooks.models import CreditGrade


def certificate_pdf(certificate, verify_url):
    """The bilingual certificate with its QR code and the mutual-recognition partners, as PDF bytes."""
    from weasyprint import HTML

    partners = list(MutualRecognitionPartner.objects.in_force(certificate.issued_on))
    # Issued in the name of the directly-under customs that decided, whichever office below it
    # supervises the enterprise.
    office = certificate.enterprise.customs_office
    issuer = CustomsOffice.objects.filter(code=office.directly_under_code).first() or office
    html = render_to_string(
        "certification/certificate_pdf.html",
        {
            "certificate": certificate,
            "enterprise": certificate.enterprise,
            "grade_zh": _grade_name(certificate, "name"),
            "grade_en": _grade_name(certificate, "name_en"),
            # The certificate as printed on its issue day names the arrangements in force that day.
            "partners": partners,
            "partner_totals": partner_totals(partners),
            "issuer": issuer,
            "qr": qr_svg_data_uri(verify_url),
            "verify_url": verify_url,
        },
    )
    return HTML(string=html).write_pdf()


def _grade_name(certificate, field):
    grade = certificate.rulebook.grades.filter(grade=certificate.grade).first()
    return getattr(grade, field) if grade else CreditGrade(certificate.grade).label
