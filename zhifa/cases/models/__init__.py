"""Models of the cases app."""

from zhifa.cases.models.numbering import CaseNumberSequence

__all__ = ["CaseNumberSequence"]
