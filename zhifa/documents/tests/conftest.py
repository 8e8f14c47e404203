"""Fixtures of the documents tests: files go to a temporary folder; seeded templates on demand."""

from __future__ import annotations

from functools import cache

import pytest

from zhifa.documents.seed_templates import seed_template


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Django's default storage writes under tmp_path for the test (MEDIA_ROOT and STORAGES)."""
    root = tmp_path / "files"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@cache
def built(code: str) -> bytes:
    """The DOCX of a standard template (deterministic, so built once per test session)."""
    return seed_template(code).build()


@pytest.fixture
def make_template(db):  # type: ignore[no-untyped-def]
    """Register a standard template through the service, as ``seed-templates`` does."""
    from zhifa.documents.services import template_create

    def make(code: str = "penalty_decision"):  # type: ignore[no-untyped-def]
        seed = seed_template(code)
        return template_create(
            actor=None,
            code=seed.code,
            name=seed.name,
            category=seed.category,
            description=seed.description,
            docx_bytes=built(code),
            sample_context=seed.sample_context,
        )

    return make
