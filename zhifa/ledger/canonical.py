"""The canonical JSON form the ledger hashes (RFC 8785 "JCS"-like). One function: :func:`canonical_json`.

The same logical value always gives the same bytes, whoever computes it:

- objects: members sorted by key, compared as UTF-16 code units (RFC 8785 §3.2.3); keys must be
  strings; no whitespace anywhere (separators ``,`` and ``:``);
- strings: UTF-8, not ASCII-escaped; only ``"``, ``\\`` and the control characters U+0000–U+001F
  are escaped (``\\b \\t \\n \\f \\r`` short forms, otherwise ``\\u00xx`` lower-case), as
  ECMAScript ``JSON.stringify`` does; lone surrogates are refused;
- numbers: integers as decimal digits (any size); floats as ECMAScript ``Number.toString`` would
  write them (RFC 8785 §3.2.2.3: shortest round-trip digits, ``1e+21`` style exponents only for
  magnitudes ≥ 1e21 or < 1e-6, ``-0`` written ``0``); NaN and ±Infinity are refused;
- ``true`` / ``false`` / ``null``; lists and tuples as arrays;
- values JSON lacks are converted before serialising (this is where the ledger departs from a bare
  RFC 8785, which has no such types):

  ==================  ============================================================
  ``Decimal``         a string, fixed-point, scale preserved: ``Decimal("100.50")`` → ``"100.50"``
  ``datetime``        must be aware; a string in UTC, ISO 8601 with microseconds and offset:
                      ``"2025-03-01T02:03:04.000005+00:00"``; naive datetimes are refused
  ``date``            ``"2025-03-01"``
  ``time``            ISO 8601 (``"08:30:00"``); aware times are refused
  ``UUID``            the canonical hyphenated lower-case string
  ``Enum``            its ``value`` (Django ``TextChoices`` are ``str`` already)
  ==================  ============================================================

  Anything else (sets, bytes, model instances …) raises ``TypeError``: pass ids or strings.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import math
import uuid
from typing import Any

_encode_str = json.JSONEncoder(ensure_ascii=False).encode


def canonical_json(value: Any) -> str:
    """The canonical JSON text of ``value`` (see the module docstring). Encode with UTF-8."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def canonical_bytes(value: Any) -> bytes:
    return canonical_json(value).encode("utf-8")


def canonical_datetime(value: dt.datetime) -> str:
    """An aware datetime as the ledger writes it: UTC, microseconds, ``+00:00``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime cannot be written to the ledger; use zhifa.core.clock")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _key(k: str) -> bytes:
    # RFC 8785 sorts member names by their UTF-16 code units.
    return k.encode("utf-16-be", "surrogatepass")


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int) and not isinstance(value, enum.Enum):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_number(value))
    elif isinstance(value, dict):
        items = []
        for k in value:
            if not isinstance(k, str):
                raise TypeError(f"ledger payload keys must be strings, not {type(k).__name__}")
            items.append(k)
        items.sort(key=_key)
        out.append("{")
        for i, k in enumerate(items):
            if i:
                out.append(",")
            out.append(_string(k))
            out.append(":")
            _write(value[k], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError("NaN and infinite decimals cannot be written to the ledger")
        out.append(_string(format(value, "f")))
    elif isinstance(value, dt.datetime):
        out.append(_string(canonical_datetime(value)))
    elif isinstance(value, dt.date):
        out.append(_string(value.isoformat()))
    elif isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError("aware times cannot be written to the ledger; use a datetime")
        out.append(_string(value.isoformat()))
    elif isinstance(value, uuid.UUID):
        out.append(_string(str(value)))
    elif isinstance(value, enum.Enum):
        _write(value.value, out)
    else:
        raise TypeError(f"{type(value).__name__} cannot be written to the ledger canonically")


def _string(s: str) -> str:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogate
        raise ValueError("strings with lone surrogates cannot be written to the ledger") from exc
    return _encode_str(str(s))


def _number(x: float) -> str:
    """ECMAScript Number::toString(x) for a finite double (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(x):
        raise ValueError("NaN and infinite numbers cannot be written to the ledger")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # repr gives the shortest digits that round-trip: value = int(digits) × 10^exponent.
    mantissa, _, exp_text = repr(abs(x)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    exponent = (int(exp_text) if exp_text else 0) - len(frac_part)
    digits = (int_part + frac_part).lstrip("0")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    # ECMAScript's k (number of digits) and n: value = 0.digits × 10^n.
    n = len(digits) + exponent
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        body = (
            digits[0]
            + ("." + digits[1:] if k > 1 else "")
            + "e"
            + ("+" if e >= 0 else "-")
            + str(abs(e))
        )
    return sign + body
