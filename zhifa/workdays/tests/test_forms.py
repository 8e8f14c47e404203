"""Parsing the admin form's text boxes (one date or range + festival per line)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhifa.workdays.forms import parse_lines
from zhifa.workdays.tests.conftest import d


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "2025-10-01 至 2025-10-08 国庆节、中秋节",
            (d("2025-10-01"), d("2025-10-08"), "国庆节、中秋节"),
        ),
        ("2025-10-01~2025-10-08 国庆节", (d("2025-10-01"), d("2025-10-08"), "国庆节")),
        ("2025/10/01..2025/10/08 国庆节", (d("2025-10-01"), d("2025-10-08"), "国庆节")),
        ("2025-01-01 元旦", (d("2025-01-01"), d("2025-01-01"), "元旦")),
        ("1月28日至2月4日 春节", (d("2025-01-28"), d("2025-02-04"), "春节")),
        (
            "10月1日（星期三）至8日（星期三）放假调休",
            (d("2025-10-01"), d("2025-10-08"), "放假调休"),
        ),
        ("2024年12月29日（周日）元旦", (d("2024-12-29"), d("2024-12-29"), "元旦")),
        ("12月30日至1月1日 元旦", (d("2025-12-30"), d("2026-01-01"), "元旦")),
        ("09-28 国庆节", (d("2025-09-28"), d("2025-09-28"), "国庆节")),
        ("2025-09-28", (d("2025-09-28"), d("2025-09-28"), "")),
        ("  2025-05-01 - 2025-05-05 劳动节。 ", (d("2025-05-01"), d("2025-05-05"), "劳动节")),
    ],
)
def test_lines_are_understood(line: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert parse_lines(line, year=2025) == [expected]


def test_blank_lines_are_skipped() -> None:
    assert len(parse_lines("\n2025-01-01 元旦\n\n  \n2025-05-01 劳动节\n", year=2025)) == 2


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("国庆节 2025-10-01", "第1行"),
        ("2025-01-01 元旦\n2025-02-30 春节", "第2行"),
        ("2025-10-08 至 2025-10-01 国庆节", "早于"),
    ],
)
def test_errors_name_the_line(text: str, needle: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_lines(text, year=2025)
    assert any(needle in message for message in excinfo.value.messages)
