"""The QR code on a certificate and its verification.

The code carries the certificate's number, enterprise, grade and issue date, signed with the
server's key. The public page checks the signature and compares the payload with the record: a
forged or altered code is "not genuine", never "valid".
"""

import base64
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from certification.models import (
    Certificate,
)

QR_SALT = "certification.certificate-qr"


def qr_payload(certificate):
    return {
        "n": certificate.number,
        "u": certificate.enterprise.uscc,
        "g": certificate.grade,
        "d": certificate.issued_on.isoformat(),
    }


def sign_payload(payload, salt):
    """`payload` signed with the server's key under `salt`: what a QR code carries."""
    return signing.dumps(payload, salt=salt, compress=True)


def signed_payload(token, salt):
    """The payload `token` carries if its signature under `salt` holds, else None (forged, altered,
    signed for another kind of document, or not a token at all)."""
    try:
        payload = signing.loads(token or "", salt=salt)
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def qr_token(certificate):
    return sign_payload(qr_payload(certificate), QR_SALT)


@dataclass(frozen=True)
class Verification:
    genuine: bool
    certificate: object | None


def verify_signed(token, salt, records, payload_of):
    """Genuine only when the signature under `salt` holds and every signed field matches the record
    of `records` with the signed number (`payload_of` gives a record's signed fields)."""
    payload = signed_payload(token, salt)
    if payload is None:
        return Verification(False, None)
    record = records.filter(number=str(payload.get("n"))).first()
    if record is None or payload_of(record) != payload:
        return Verification(False, None)
    return Verification(True, record)


def verify_token(token):
    return verify_signed(
        token, QR_SALT, Certificate.objects.select_related("enterprise", "rulebook"), qr_payload
    )


def verification_url(request, certificate):
    return request.build_absolute_uri(reverse("certificate-verify") + "?" + f"t={qr_token(certificate)}")


def qr_svg_data_uri(url):
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=3, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
