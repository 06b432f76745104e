"""AEO codes: how partner customs name a Chinese AEO (`AEOCN` + the 10-character customs code).

A partner's officer holds the AEO code from its trader's declaration, not our certificate number, so
every public verification takes either. An AEO code stands for its holder's latest certificate: the
one in force, or else the last it held (revoked or surrendered), so that a partner learns that the
recognition has ended rather than that the code is unknown.
"""

import re

from certification.models import Certificate
from enterprises.models import AEO_CODE_PREFIX

AEO_CODE = re.compile(rf"{AEO_CODE_PREFIX}[0-9A-Z]{{10}}")

# A certificate's status as a partner customs reads it.
PARTNER_STATUS = {
    Certificate.Status.ACTIVE: "in_force",
    Certificate.Status.SUSPENDED: "suspended",
    Certificate.Status.REVOKED: "revoked",
    Certificate.Status.SURRENDERED: "surrendered",
}
UNKNOWN = "unknown"


def normalised(reference):
    """An AEO code in capitals however it was typed; anything else (a certificate number) as given."""
    reference = reference.strip()
    return reference.upper() if AEO_CODE.fullmatch(reference.upper()) else reference


def certificate_by_reference(reference, certificates=None):
    """The certificate named by `reference`, a certificate number or an AEO code; None if there is none."""
    certificates = Certificate.objects.all() if certificates is None else certificates
    reference = normalised(reference)
    if AEO_CODE.fullmatch(reference):
        return (
            certificates.filter(enterprise__customs_code=reference.removeprefix(AEO_CODE_PREFIX))
            .order_by("-issued_on", "-id")
            .first()
        )
    return certificates.filter(number=reference).first()


def latest_certificates(aeo_codes):
    """{AEO code: its holder's latest certificate} for the well-formed codes among `aeo_codes`, in one
    query (an enterprise holds few certificates, so all of theirs are read and the latest kept)."""
    customs_codes = {
        code.removeprefix(AEO_CODE_PREFIX) for code in map(normalised, aeo_codes) if AEO_CODE.fullmatch(code)
    }
    latest = {}
    rows = (
        Certificate.objects.filter(enterprise__customs_code__in=customs_codes)
        .select_related("enterprise")
        .only("number", "status", "grade", "issued_on", "enterprise__customs_code", "enterprise__name")
        .order_by("enterprise_id", "-issued_on", "-id")
    )
    for certificate in rows:
        latest.setdefault(certificate.aeo_code, certificate)
    return latest
