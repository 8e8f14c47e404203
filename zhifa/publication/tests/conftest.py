"""Fixtures of the publication tests: the cases app's world (a county with a market supervision
unit, certified officers, a reviewer, heads) and a quick way to a decided penalty case."""

from zhifa.cases.tests.conftest import media, quick_pdf, world  # noqa: F401
