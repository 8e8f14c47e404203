"""``make bench`` / ``python -m bench``: run the benchmarks against a scratch database.

By default a fresh PostgreSQL database is created on 127.0.0.1:5432 (user postgres) and dropped
afterwards; ``--sqlite`` uses a scratch SQLite file instead. Each benchmark prints its figures.
Benchmarks are never part of the test run.

    python -m bench                       # all benchmarks, PostgreSQL
    python -m bench --only workdays       # one benchmark
    python -m bench --deadlines-n 1000000 # obligations for the deadline scan
    python -m bench --only cases --cases-n 1000000  # the case list and page over N cases
    python -m bench --only records --records-size-mb 2048  # upload a 2 GB file over HTTP
    python -m bench --only publication --rows 1000000 --keep  # decision search, own database
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

BENCHES = ("workdays", "ledger", "deadlines", "subjects_import", "cases", "records", "publication")


def _psql(sql: str, url_base: str) -> None:
    subprocess.run(  # noqa: S603
        ["psql", url_base + "/postgres", "-qc", sql],  # noqa: S607
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", choices=BENCHES, action="append")
    parser.add_argument("--sqlite", action="store_true", help="use a scratch SQLite database")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--deadlines-n", type=int, default=1_000_000)
    parser.add_argument("--ledger-n", type=int, default=20_000)
    parser.add_argument("--subjects-sizes", default="10000,100000,1000000")
    parser.add_argument("--cases-n", type=int, default=1_000_000)
    parser.add_argument("--records-size-mb", type=int, default=2048)
    parser.add_argument("--rows", type=int, default=1_000_000, help="publication: decisions")
    parser.add_argument("--clients", type=int, default=16, help="publication: clients")
    parser.add_argument("--seconds", type=float, default=30, help="publication: per scenario")
    parser.add_argument("--keep", action="store_true", help="publication: reuse its database")
    args = parser.parse_args()
    chosen = args.only or list(BENCHES)
    pub_args = ["--rows", str(args.rows), "--clients", str(args.clients)]
    pub_args += ["--seconds", str(args.seconds), "--pg", args.pg] + ["--keep"] * args.keep
    if "publication" in chosen:
        # PostgreSQL only, in its own database (zhifa_bench_pub, kept for --keep) and process.
        chosen.remove("publication")
        if not args.sqlite:
            print("--- publication ---", flush=True)
            cmd = [sys.executable, "-m", "bench.publication_bench", *pub_args]
            subprocess.run(cmd, check=True)  # noqa: S603
        if not chosen:
            return 0

    db_name = None
    if args.sqlite:
        scratch = tempfile.mkdtemp(prefix="zhifa-bench-")
        os.environ["ZHIFA_DATA_DIR"] = scratch
        os.environ.pop("ZHIFA_DATABASE_URL", None)
        print(f"database: SQLite in {scratch}")
    else:
        db_name = f"zhifa_bench_{int(time.time())}"
        _psql(f"CREATE DATABASE {db_name}", args.pg)
        os.environ["ZHIFA_DATABASE_URL"] = f"{args.pg}/{db_name}"
        print(f"database: PostgreSQL {db_name}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from importlib import import_module

        for name in chosen:
            module = import_module(f"bench.{name}_bench")
            extra = {
                "deadlines": ["--n", str(args.deadlines_n)],
                "ledger": ["--n", str(args.ledger_n)],
                "subjects_import": ["--sizes", args.subjects_sizes, "--no-migrate"],
                "cases": ["--n", str(args.cases_n), "--no-migrate"],
                "records": ["--size-mb", str(args.records_size_mb), "--no-migrate"],
            }.get(name, [])
            print(f"--- {name} ---", flush=True)
            module.main(extra)
    finally:
        if db_name:
            from django.db import connections

            connections.close_all()
            _psql(f"DROP DATABASE IF EXISTS {db_name}", args.pg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
