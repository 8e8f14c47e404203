"""Models of the cases app."""

from zhifa.cases.models.case import Approval, Case, CaseEvent, CaseOfficer, Clue, RecusalDeclaration
from zhifa.cases.models.numbering import CaseNumberSequence
from zhifa.cases.models.steps import (
    CaseReport,
    CrimeTransfer,
    Decision,
    Discussion,
    ExecutionRecord,
    FieldAction,
    Hearing,
    LegalReview,
    PriorNotice,
    ServiceRecord,
    Statement,
)

__all__ = [
    "Approval",
    "Case",
    "CaseEvent",
    "CaseNumberSequence",
    "CaseOfficer",
    "CaseReport",
    "Clue",
    "CrimeTransfer",
    "Decision",
    "Discussion",
    "ExecutionRecord",
    "FieldAction",
    "Hearing",
    "LegalReview",
    "PriorNotice",
    "RecusalDeclaration",
    "ServiceRecord",
    "Statement",
]
