"""Fixtures of the records tests: the cases ``world`` (a unit ready to handle cases) and a case
under investigation with a seizure on site, plus the staging and media folders per test.

``world`` and ``filed_case`` come from the cases tests (see zhifa/cases/tests/conftest.py).
"""

from __future__ import annotations

import pytest

from zhifa.cases.tests.conftest import filed_case, media, quick_pdf, world  # noqa: F401


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Resumable uploads stage their chunks under tmp_path, on the same disk as the media."""
    root = tmp_path / "uploads"
    root.mkdir()
    settings.ZHIFA_UPLOAD_DIR = root
    return root


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]  # noqa: F811
    """A penalty case filed by the head and under investigation, handled by o1 (lead) and o2."""
    return filed_case(world)
