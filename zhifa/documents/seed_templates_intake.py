"""Seed templates of the intake steps of a case (built with zhifa.documents.seed_docx helpers)."""

from __future__ import annotations

from zhifa.documents.seed_docx import SeedTemplate

INTAKE_SEED_TEMPLATES: tuple[SeedTemplate, ...] = ()
