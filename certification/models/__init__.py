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
from certification.models.catalogue import (
    KEY_PARTS,
    CertificationStandard,
    MutualRecognitionPartner,
    StandardItem,
    StandardPart,
    partner_totals,
)
from certification.models.certificate import Certificate, CertificateNumberCounter
from certification.models.finance import FinancialYear
from certification.models.foreign_aeo import ForeignAeo
from certification.models.partner_client import PartnerClient, PartnerVerification

__all__ = [
    "KEY_PARTS",
    "Application",
    "ApplicationItem",
    "AuditVisit",
    "Certificate",
    "CertificateNumberCounter",
    "CertificationStandard",
    "Evidence",
    "FinancialYear",
    "ForeignAeo",
    "MutualRecognitionPartner",
    "PartnerClient",
    "PartnerVerification",
    "Result",
    "StandardItem",
    "StandardPart",
    "TeamMember",
    "Transition",
    "partner_totals",
]
