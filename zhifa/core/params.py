"""Reading ids and numbers from query strings and form fields without trusting them."""

from __future__ import annotations

import re

# ASCII digits only (str.isdigit() also accepts "²" and "０", which int() may refuse), and short
# enough for a 64-bit database integer.
_ID = re.compile(r"[0-9]{1,18}")


def int_param(raw: object) -> int | None:
    """The non-negative integer ``raw`` spells, or None for anything else (empty, signs, letters,
    non-ASCII digits, more than 18 digits). Use it for every id taken from a request."""
    text = str(raw or "").strip()
    return int(text) if _ID.fullmatch(text) else None
