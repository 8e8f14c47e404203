"""``zhifa ledger verify [--start-seq N]`` and ``zhifa ledger roots [--day YYYY-MM-DD]``.

Exit status: 0 when the chain is intact; 1 when ``verify`` finds it broken (the first bad seq is
named); 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhifa.core.command_args import positive_int
from zhifa.core.errors import DomainError
from zhifa.ledger import triggers
from zhifa.ledger.models import MerkleRoot
from zhifa.ledger.services import ledger_verify, merkle_root_compute, merkle_roots_compute_missing


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


class Command(BaseCommand):
    help = "Verify the append-only ledger, or compute and print its daily Merkle roots."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every hash and check the chain")
        verify.add_argument("--start-seq", type=positive_int, default=1)
        roots = sub.add_parser("roots", help="compute missing daily Merkle roots and print them")
        roots.add_argument("--day", type=_day, help="compute/print only this day (YYYY-MM-DD)")
        roots.add_argument("--limit", type=positive_int, default=31, help="how many days to print")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["start_seq"])
        else:
            self._roots(options.get("day"), options["limit"])

    def _verify(self, start_seq: int) -> None:
        result = ledger_verify(start_seq=start_seq)
        if not result.ok:
            self.stderr.write(f"ledger BROKEN at seq {result.first_bad_seq}: {result.reason}")
            raise SystemExit(1)
        missing = triggers.missing(connection)
        if missing:
            self.stderr.write(
                f"ledger triggers missing: {', '.join(missing)} — the chain is intact, but the "
                "database no longer refuses UPDATE/DELETE; run `zhifa migrate` or reinstall them."
            )
            raise SystemExit(1)
        self.stdout.write(f"ledger OK: {result.checked} entries")

    def _roots(self, day: dt.date | None, limit: int) -> None:
        if day is not None:
            try:
                roots = [merkle_root_compute(day=day)]
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        else:
            computed = merkle_roots_compute_missing()
            if computed:
                self.stdout.write(f"computed {len(computed)} root(s)")
            roots = list(MerkleRoot.objects.order_by("-day")[:limit])
        for r in roots:
            span = f"{r.first_seq}-{r.last_seq}" if r.tree_size else "-"
            self.stdout.write(f"{r.day}\t{r.tree_size}\t{span}\t{r.root_hash}")
