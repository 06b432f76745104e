"""Models of the enterprises app, one module per aggregate."""

from enterprises.models.determination import (
    DishonestProposal,
    DishonestStatement,
    Objection,
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
    GradeChangeOutsideLedger,
)

__all__ = [
    "AEO_CODE_PREFIX",
    "Arrear",
    "ConflictOfInterest",
    "CoordinatorAssignment",
    "CorrectionRequest",
    "DishonestProposal",
    "DishonestStatement",
    "DocumentCount",
    "Enterprise",
    "EnterpriseEvent",
    "EnterpriseMembership",
    "GradeChangeOutsideLedger",
    "LedgerEntry",
    "Objection",
    "Penalty",
    "RepairApplication",
    "StatementAttachment",
]
