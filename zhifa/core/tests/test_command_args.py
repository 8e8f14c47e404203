import argparse

import pytest

from zhifa.core.command_args import positive_int


def test_positive_int_accepts_counts():
    assert positive_int("3") == 3


@pytest.mark.parametrize("text", ["0", "-1", "abc", ""])
def test_positive_int_refuses_the_rest(text):
    with pytest.raises(argparse.ArgumentTypeError):
        positive_int(text)
