"""Normalising and explaining identifiers typed or imported by people.

Wraps ``zhifa.core.identifiers`` (GB 32100 / GB 11643 check digits) with the messages the forms
and the import report give: for a wrong check character the expected one is named.
"""

from __future__ import annotations

import unicodedata

from zhifa.core.identifiers import (
    _ID_SHAPE,
    _USCC_SHAPE,
    ID_CHECK,
    ID_WEIGHTS,
    id_number_error,
    uscc_check_char,
    uscc_error,
)


def normalise_code(value: object) -> str:
    """Full-width to half-width, no spaces, upper case (what people paste from Word or Excel)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).upper()


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码 (naming the right check character), or None."""
    message = uscc_error(code)
    if message and len(code) == 18 and _USCC_SHAPE.match(code):
        return f"统一社会信用代码校验位错误，应为 {uscc_check_char(code[:17])}。"
    return message


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 公民身份号码 (naming the right check character), or None."""
    message = id_number_error(number)
    if message and "校验位" in message and _ID_SHAPE.match(number):
        total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
        return f"身份证号校验位错误，应为 {ID_CHECK[total % 11]}。"
    return message


def looks_like_id_number(code: str) -> bool:
    return len(code) == 18 and code[:17].isdigit()


def category_from_uscc(code: str) -> str:
    """The category a 统一社会信用代码's registry and kind digits (positions 1–2) suggest."""
    from zhifa.subjects.constants import EntityCategory

    prefix = code[:2]
    if prefix == "92":
        return EntityCategory.INDIVIDUAL_BUSINESS
    if prefix == "93":
        return EntityCategory.COOPERATIVE
    if prefix == "91":
        return EntityCategory.ENTERPRISE
    return EntityCategory.OTHER
