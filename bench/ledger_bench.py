"""Ledger throughput: appends (one entry per transaction, and 100 per transaction), full-chain
verification and a day's Merkle root.

    .venv/bin/python -m bench.ledger_bench [--n 20000] [--batch 100]

Runs against the configured database (``ZHIFA_DATABASE_URL`` / ``ZHIFA_DATA_DIR``) after
migrating it — the ledger is append-only, so point it at a scratch database. Prints one line per
figure, ``<name>: <N> entries/s``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ledger_bench", description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="entries per append run")
    parser.add_argument("--batch", type=int, default=100, help="entries per transaction, run 2")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    args = parser.parse_args(argv)
    if args.n < 1 or args.batch < 1:
        parser.error("--n and --batch must be ≥ 1")
    _setup()

    from django.core.management import call_command
    from django.db import connection, transaction

    from zhifa.ledger import merkle
    from zhifa.ledger.models import LedgerEntry
    from zhifa.ledger.services import ledger_append, ledger_verify

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    payload = {"case": "临猗市监罚〔2025〕123号", "amount": "5000.00", "officer_ids": [17, 23]}
    before = LedgerEntry.objects.count()

    start = time.perf_counter()
    for i in range(args.n):
        with transaction.atomic():
            ledger_append(
                actor=None,
                action="bench.single",
                subject_type="bench.item",
                subject_id=str(i),
                payload=payload,
            )
    single = args.n / (time.perf_counter() - start)

    start = time.perf_counter()
    done = 0
    while done < args.n:
        with transaction.atomic():
            for _ in range(min(args.batch, args.n - done)):
                ledger_append(
                    actor=None,
                    action="bench.batch",
                    subject_type="bench.item",
                    subject_id=str(done),
                    payload=payload,
                )
                done += 1
    batched = args.n / (time.perf_counter() - start)

    start = time.perf_counter()
    result = ledger_verify()
    verify_secs = time.perf_counter() - start
    if not result.ok:
        print(f"ledger BROKEN at seq {result.first_bad_seq}: {result.reason}", file=sys.stderr)
        return 1

    start = time.perf_counter()
    tree = merkle.StreamingTreeHash()
    for h in (
        LedgerEntry.objects.order_by("seq")
        .values_list("entry_hash", flat=True)
        .iterator(chunk_size=5000)
    ):
        tree.add(bytes.fromhex(h))
    merkle_secs = time.perf_counter() - start

    total = before + 2 * args.n
    print(f"# {connection.vendor}, {total} entries in the ledger (this run added {2 * args.n})")
    print(f"ledger.append: {single:.0f} entries/s")
    print(f"ledger.append_batch{args.batch}: {batched:.0f} entries/s")
    print(f"ledger.verify: {result.checked / verify_secs:.0f} entries/s")
    print(f"ledger.merkle_root: {tree.size / merkle_secs:.0f} entries/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
