import pytest

from zhifa.core.params import int_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        ("999999999999999999", 999999999999999999),
        ("9999999999999999999", None),  # beyond a 64-bit integer column
        ("99999999999999999999", None),
        ("²", None),  # str.isdigit() says yes; int() says no
        ("０", None),
        ("-1", None),
        ("+1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("\x00", None),
    ],
)
def test_int_param_accepts_only_short_ascii_digits(raw, expected):
    assert int_param(raw) == expected
