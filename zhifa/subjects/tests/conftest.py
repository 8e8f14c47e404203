"""Fixtures of the subjects tests: files in a temporary folder, entity and file builders."""

from __future__ import annotations

import csv
import io
import random

import pytest

from zhifa.core.identifiers import make_id_number, make_uscc


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
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


@pytest.fixture
def rng() -> random.Random:
    return random.Random(42)


@pytest.fixture
def codes(rng):  # type: ignore[no-untyped-def]
    """A generator of distinct valid credit codes."""
    seen: set[str] = set()

    def make() -> str:
        code = make_uscc(rng)
        while code in seen:
            code = make_uscc(rng)
        seen.add(code)
        return code

    return make


@pytest.fixture
def id_numbers(rng):  # type: ignore[no-untyped-def]
    import datetime as dt

    def make() -> str:
        return make_id_number(
            rng, birth=dt.date(1970 + rng.randrange(30), 1 + rng.randrange(12), 1), female=False
        )

    return make


def csv_bytes(rows: list[list[str]], *, bom: bool = True, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    return (("\ufeff" if bom and encoding == "utf-8" else "") + text).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
