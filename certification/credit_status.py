"""The credit status certificate's PDF, its signed QR code and its public verification.

The certificate is the enterprises app's (`enterprises.credit_status`). Its QR code is signed the
way the AEO certificate's is (`qr_codes.sign_payload`), under a salt of its own, so that a code
of one kind never verifies as the other; the PDF is drawn with the same base template and QR helper.

The public page answers from the record, never from the code alone: genuine only when the
signature holds and every signed field matches the record; then "valid until ..." or "no longer
valid" (expired, or the grade it states has changed), as the ledger reads today.
"""

import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certification.qr_codes import qr_svg_data_uri, sign_payload, verify_signed
from core.display import format_date
from enterprises.models import CreditStatusCertificate

QR_SALT = "certification.credit-status-qr"


def qr_payload(certificate):
    return {
        "n": certificate.number,
        "u": certificate.content["enterprise"]["uscc"],
        "g": certificate.grade,
        "d": certificate.issued_on.isoformat(),
        "v": certificate.valid_until.isoformat(),
    }


def qr_token(certificate):
    return sign_payload(qr_payload(certificate), QR_SALT)


def verification_url(request, certificate):
    return request.build_absolute_uri(reverse("credit-status-verify") + f"?t={qr_token(certificate)}")


def _with_validity():
    return CreditStatusCertificate.objects.with_validity().select_related("rulebook")


def verify_token(token):
    return verify_signed(token, QR_SALT, _with_validity(), qr_payload)


def find_certificate(number, uscc):
    """The certificate with this number issued to the enterprise with this USCC (both are printed on
    it), or None: a number alone does not open another enterprise's certificate."""
    return (
        _with_validity().filter(number=number.strip().upper(), enterprise__uscc=uscc.strip().upper()).first()
    )


def summary(certificate):
    """What the certificate states, in the reader's language, for the verification page."""
    key = "en" if (translation.get_language() or "").startswith("en") else "zh"
    content = certificate.content
    enterprise = content["enterprise"]
    return {
        "enterprise": (enterprise["name_en"] if key == "en" else "") or enterprise["name"],
        "uscc": enterprise["uscc"],
        "office": (content["office"]["name_en"] if key == "en" else "") or content["office"]["name"],
        "grade": content["grade_name"][key],
        "graded_under": content["graded_under"][key],
        "certificates": [
            {
                **item,
                "grade_name": item["grade_name"][key],
                "status_name": item["status_name"][key],
                "issued_on": _day(item["issued_on"]),
            }
            for item in content["certificates"]
        ],
        "determinations": [
            {
                **item,
                "criterion": item["criterion"][key],
                "decided_on": _day(item["decided_on"]),
                "published_until": _day(item["published_until"]),
            }
            for item in content["determinations"]
        ],
        "penalties": [
            {**item, "kind_name": item["kind_name"][key], "decided_on": _day(item["decided_on"])}
            for item in content["penalties"]
        ],
    }


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _both(day):
    """A date as each half of the bilingual certificate writes it."""
    dates = {}
    for key, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            dates[key] = format_date(day)
    return dates


def credit_status_pdf(certificate, verify_url):
    """The bilingual certificate with its QR code, as PDF bytes."""
    from weasyprint import HTML

    content = certificate.content
    html = render_to_string(
        "certification/credit_status_pdf.html",
        {
            "certificate": certificate,
            "content": content,
            "enterprise": content["enterprise"],
            "office": content["office"],
            "issued_on": _both(certificate.issued_on),
            "grade_since": _both(certificate.grade_since),
            "valid_until": _both(certificate.valid_until),
            "verify_page": verify_url.split("?", 1)[0],
            "qr": qr_svg_data_uri(verify_url),
        },
    )
    return HTML(string=html).write_pdf()
