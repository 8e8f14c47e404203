"""Argument types shared by the ``zhifa`` management commands (argparse ``type=`` callables).

A bad value becomes argparse's usage error, which Django's command parser turns into exit 2.
"""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """An integer ≥ 1."""
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("must be ≥ 1")
    return value
