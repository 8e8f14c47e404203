"""The ``zhifa`` command: Django's management commands under the project's own name.

``zhifa workdays add 2025-09-26 7``, ``zhifa ledger verify``, ``zhifa deadlines scan``,
``zhifa worker`` and every other management command.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhifa", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
