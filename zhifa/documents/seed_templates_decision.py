"""Seed templates of the decision steps of a case (built with zhifa.documents.seed_docx helpers)."""

from __future__ import annotations

from zhifa.documents.seed_docx import SeedTemplate

DECISION_SEED_TEMPLATES: tuple[SeedTemplate, ...] = ()
