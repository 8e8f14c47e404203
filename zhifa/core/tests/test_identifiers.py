"""GB 32100 (统一社会信用代码) and GB 11643 (身份证号) check digits."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from zhifa.core.identifiers import (
    id_number_error,
    make_id_number,
    make_uscc,
    mask_id_number,
    mask_name,
    uscc_error,
)

# Published codes of real organisations (their check characters are public facts).
REAL_USCC = ("91350100M000100Y43",)


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_codes_are_valid(code):
    assert uscc_error(code) is None


def test_wrong_check_character_is_refused():
    assert "校验位" in uscc_error("91350100M000100Y44")


def test_wrong_length_says_how_many():
    assert "17位" in uscc_error("91350100M000100Y4")


def test_forbidden_letters_refused():
    assert uscc_error("91350100M000100YO3") is not None


def test_generated_codes_are_valid():
    rng = random.Random(1)
    for _ in range(500):
        assert uscc_error(make_uscc(rng)) is None


def test_id_numbers():
    assert id_number_error("11010519491231002X") is None  # the standard's own example
    assert "校验位" in id_number_error("110105194912310021")
    assert "出生日期" in id_number_error("110105194902310026")
    rng = random.Random(2)
    for i in range(200):
        number = make_id_number(
            rng, birth=dt.date(1970, 1, 1) + dt.timedelta(days=i * 97), female=i % 2 == 0
        )
        assert id_number_error(number) is None
        assert int(number[16]) % 2 == (0 if i % 2 == 0 else 1)


def test_masking():
    assert mask_id_number("11010519491231002X") == "110105***********X"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
