"""The legal review tests use the cases fixtures (``world``: a unit with officers, heads and
legal reviewers; quick PDFs; seeded templates)."""

from zhifa.cases.tests.conftest import media, quick_pdf, world  # noqa: F401
