"""Identifier check digits: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).

Validators return a Chinese message that says exactly what is wrong; generators exist for the
demo county and the tests.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.core.exceptions import ValidationError

# GB 32100-2015: 18 characters from this 31-character alphabet (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# GB 11643-1999: ISO 7064 MOD 11-2.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，您输入了{len(code)}位。"
    if not _USCC_SHAPE.match(code):
        return (
            "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V），或第3至8位不是行政区划码。"
        )
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对后重新输入。"
    return None


def validate_uscc(code: str) -> None:
    message = uscc_error(code)
    if message:
        raise ValidationError(message, code="invalid_uscc")


def make_uscc(rng: random.Random, *, region: str = "140821") -> str:
    """A well-formed code for the demo county (临猗县 region code 140821)."""
    # 91 enterprise, 92 individual business, 93 farmers' cooperative (market regulation registry)
    registry_and_kind = rng.choice(("91", "91", "91", "92", "93"))
    body = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    first17 = f"{registry_and_kind}{region}{body}"
    return first17 + uscc_check_char(first17)


def id_number_error(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit 公民身份号码, or None when it is."""
    number = (number or "").strip().upper()
    if len(number) != 18:
        return f"身份证号应为18位，您输入了{len(number)}位。"
    if not _ID_SHAPE.match(number):
        return "身份证号前17位应为数字，最后一位为数字或X。"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号中的出生日期不存在，请核对。"
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != number[17]:
        return "身份证号校验位不正确，请核对后重新输入。"
    return None


def validate_id_number(number: str) -> None:
    message = id_number_error(number)
    if message:
        raise ValidationError(message, code="invalid_id_number")


def make_id_number(
    rng: random.Random, *, region: str = "140821", birth: dt.date, female: bool
) -> str:
    seq = rng.randrange(0, 100) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def mask_id_number(number: str) -> str:
    """For the public portal: keep the region and the last digit only."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 7) + number[-1]


def mask_name(name: str) -> str:
    """For the public portal: 张三 → 张*, 欧阳娜娜 → 欧***."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)
