"""The canonical JSON the ledger hashes: one value, one text, whoever writes it."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import uuid
import zoneinfo

import pytest

from zhifa.ledger.canonical import canonical_bytes, canonical_datetime, canonical_json

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class Colour(enum.Enum):
    RED = "red"


def test_key_order_and_whitespace_do_not_matter() -> None:
    a = {"b": 1, "a": [1, 2, {"z": None, "y": True}], "中文": "值"}
    b = {"中文": "值", "a": [1, 2, {"y": True, "z": None}], "b": 1}
    assert canonical_json(a) == canonical_json(b)
    assert canonical_json(a) == '{"a":[1,2,{"y":true,"z":null}],"b":1,"中文":"值"}'


def test_utf8_without_ascii_escapes_and_minimal_string_escapes() -> None:
    text = canonical_json({"k": '执法 "引号" \\ \n\t\x01 \u2028 é'})
    assert text == '{"k":"执法 \\"引号\\" \\\\ \\n\\t\\u0001 \u2028 é"}'
    assert canonical_bytes({"k": "执"}) == '{"k":"执"}'.encode()
    assert json.loads(text) == {"k": '执法 "引号" \\ \n\t\x01 \u2028 é'}


def test_keys_sorted_by_utf16_code_units_as_rfc8785() -> None:
    # U+FF21 (BMP) sorts after U+1F600 (surrogate pair D83D…) in UTF-16, before it by code point.
    value = {"\uff21": 1, "\U0001f600": 2, "a": 3}
    assert canonical_json(value) == '{"a":3,"\U0001f600":2,"\uff21":1}'


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (123456789012345678901234567890, "123456789012345678901234567890"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (333333333.3333333, "333333333.3333333"),
    ],
)
def test_numbers_as_ecmascript_writes_them(number: float, text: str) -> None:
    assert canonical_json(number) == text


def test_non_json_values_are_written_deterministically() -> None:
    instant = dt.datetime(2025, 3, 1, 8, 30, tzinfo=SHANGHAI)
    value = {
        "when": instant,
        "day": dt.date(2025, 3, 1),
        "time": dt.time(8, 30),
        "amount": decimal.Decimal("100.50"),
        "big": decimal.Decimal("1E+3"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "colour": Colour.RED,
        "tuple": (1, 2),
    }
    assert canonical_json(value) == (
        '{"amount":"100.50","big":"1000","colour":"red","day":"2025-03-01",'
        '"id":"12345678-1234-5678-1234-567812345678","time":"08:30:00",'
        '"tuple":[1,2],"when":"2025-03-01T00:30:00.000000+00:00"}'
    )
    # the same instant in another zone is the same text
    assert canonical_datetime(instant.astimezone(dt.UTC)) == canonical_datetime(instant)


@pytest.mark.parametrize(
    "bad",
    [
        {"x": float("nan")},
        {"x": float("inf")},
        {"x": decimal.Decimal("NaN")},
        {"x": dt.datetime(2025, 1, 1)},  # noqa: DTZ001 — a naive datetime must be refused
        {"x": {1, 2}},
        {"x": b"bytes"},
        {1: "non-string key"},
        {"x": "\ud800"},
        {"x": object()},
    ],
)
def test_values_without_a_canonical_form_are_refused(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        canonical_json(bad)
