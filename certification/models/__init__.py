"""Models of the certification app, one module per aggregate."""

from certification.models.application import (
    Application,
    ApplicationItem,
    AuditVisit,
    Evidence,
    Result,
    TeamMember,
    Transition,
)
from certification.models.catalogue import KEY_PARTS, MutualRecognitionPartner, StandardItem, StandardPart
from certification.models.certificate import Certificate, CertificateNumberCounter

__all__ = [
    "KEY_PARTS",
    "Application",
    "ApplicationItem",
    "AuditVisit",
    "Certificate",
    "CertificateNumberCounter",
    "Evidence",
    "MutualRecognitionPartner",
    "Result",
    "StandardItem",
    "StandardPart",
    "TeamMember",
    "Transition",
]
