"""Models of the enterprises app, one module per aggregate."""

from enterprises.models.case_filings import CaseFiling
from enterprises.models.credit_status import (
    CreditStatusCertificate,
    CreditStatusNumberCounter,
    CreditStatusPolicy,
)
from enterprises.models.determination import (
    DishonestProposal,
    DishonestStatement,
    Objection,
    ObjectionAttachment,
    RepairApplication,
    StatementAttachment,
)
from enterprises.models.ledger import LedgerEntry
from enterprises.models.records import Arrear, DocumentCount, Penalty
from enterprises.models.register import (
    AEO_CODE_PREFIX,
    ConflictOfInterest,
    CoordinatorAssignment,
    CorrectionRequest,
    Enterprise,
    EnterpriseEvent,
    EnterpriseMembership,
)

__all__ = [
    "AEO_CODE_PREFIX",
    "Arrear",
    "CaseFiling",
    "ConflictOfInterest",
    "CoordinatorAssignment",
    "CorrectionRequest",
    "CreditStatusCertificate",
    "CreditStatusNumberCounter",
    "CreditStatusPolicy",
    "DishonestProposal",
    "DishonestStatement",
    "DocumentCount",
    "Enterprise",
    "EnterpriseEvent",
    "EnterpriseMembership",
    "LedgerEntry",
    "Objection",
    "ObjectionAttachment",
    "Penalty",
    "RepairApplication",
    "StatementAttachment",
]
