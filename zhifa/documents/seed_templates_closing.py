"""Seed templates of the closing steps of a case (built with zhifa.documents.seed_docx helpers)."""

from __future__ import annotations

from zhifa.documents.seed_docx import SeedTemplate

CLOSING_SEED_TEMPLATES: tuple[SeedTemplate, ...] = ()
