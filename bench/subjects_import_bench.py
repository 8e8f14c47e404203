"""Bulk import of the market-entity directory from CSV: rows per second and peak memory.

    .venv/bin/python -m bench.subjects_import_bench [--sizes 10000,100000,1000000]

For each size N a synthetic CSV of N entities (valid 统一社会信用代码 built like ``make_uscc``,
about 1 % corrupted rows: wrong check character, wrong length, illegal characters, missing
name) is streamed to disk, then imported through the same code as the worker's job
(``import_run_create`` + ``import_run_execute``), then imported again (idempotency: nothing may
change). Each size runs in a fresh child process, so its peak RSS (``ru_maxrss``) is the peak of
that import alone: if memory does not grow with the file, the figures stay flat across sizes.

Runs against the configured database (``ZHIFA_DATABASE_URL`` / ``ZHIFA_DATA_DIR``) after
migrating it; point it at a scratch database (``python -m bench --only subjects_import``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TOWNS = (
    "猗氏镇",
    "嵋阳镇",
    "临晋镇",
    "七级镇",
    "东张镇",
    "孙吉镇",
    "三管镇",
    "耽子镇",
    "牛杜镇",
    "楚侯乡",
    "庙上乡",
    "北辛乡",
    "角杯乡",
    "卓里镇",
)
HEADER = [
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "类别",
    "地址",
    "所属乡镇",
    "行业",
    "联系电话",
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _code(serial: int) -> str:
    from zhifa.core.identifiers import uscc_check_char

    body = []
    for _ in range(9):
        serial, digit = divmod(serial, 31)
        body.append(ALPHABET[digit])
    first17 = "91140821" + "".join(reversed(body))
    return first17 + uscc_check_char(first17)


def generate(path: str, n: int, *, offset: int, corrupt: float) -> int:
    """Write N rows to ``path`` (streaming); return how many rows are corrupted."""
    import random

    rng = random.Random(n + offset)  # noqa: S311 - synthetic data
    bad = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(n):
            code = _code(offset + i)
            name = f"临猗县第{offset + i}号商贸有限公司"
            if rng.random() < corrupt:
                bad += 1
                kind = i % 4
                if kind == 0:
                    code = code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]
                elif kind == 1:
                    code = code[:15]
                elif kind == 2:
                    code = code[:10] + "IOZSV" + code[15:]
                else:
                    name = ""
            writer.writerow(
                [
                    name,
                    code,
                    "王建国",
                    "企业",
                    f"山西省运城市临猗县{TOWNS[i % len(TOWNS)]}兴业路{i % 300 + 1}号",
                    TOWNS[i % len(TOWNS)],
                    "批发和零售业",
                    f"1390359{i % 10000:04d}",
                ]
            )
    return bad


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process: less disturbed than wall time on a shared machine (the
    database server's own work is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one(n: int, *, offset: int, corrupt: float, workdir: str) -> dict[str, object]:
    """Generate, import, re-import N rows in this process; return the figures."""
    _setup()
    from django.core.files.storage import default_storage
    from django.db import connection

    from zhifa.accounts.constants import OrganisationKind
    from zhifa.accounts.models import Organisation
    from zhifa.accounts.services import organisation_create
    from zhifa.subjects.importing import import_run_create, import_run_execute

    gov = Organisation.objects.filter(code="gov").first() or organisation_create(
        actor=None, name="临猗县人民政府", code="gov", kind=OrganisationKind.COUNTY_GOVERNMENT
    )
    for k, town in enumerate(TOWNS):
        if not Organisation.objects.filter(name=f"{town}人民政府").exists():
            organisation_create(
                actor=None,
                name=f"{town}人民政府",
                short_name=town,
                code=f"bench-town-{k}",
                kind=OrganisationKind.TOWNSHIP_GOVERNMENT,
                parent=gov,
            )
    path = os.path.join(workdir, f"entities-{n}.csv")
    start = time.perf_counter()
    bad = generate(path, n, offset=offset, corrupt=corrupt)
    gen_secs = time.perf_counter() - start
    size_mb = os.path.getsize(path) / 1e6
    rss_before = _rss_mb()

    figures: dict[str, object] = {"n": n, "vendor": connection.vendor, "file_mb": round(size_mb, 1)}
    for label in ("import", "reimport"):
        start, cpu_start = time.perf_counter(), _cpu()
        with open(path, "rb") as fh:
            run = import_run_create(actor=None, file=fh, file_name=os.path.basename(path))
        stored = time.perf_counter() - start
        run = import_run_execute(run_id=run.pk)
        secs = time.perf_counter() - start
        cpu = _cpu() - cpu_start
        assert run.status == "done", run.message
        assert run.rejected_count == bad, (run.rejected_count, bad)
        if label == "reimport":
            assert run.created_count == 0 and run.updated_count == 0, run
        figures[label] = {
            "secs": round(secs, 1),
            "store_secs": round(stored, 1),
            "rows_per_s": round(n / secs),
            "cpu_secs": round(cpu, 1),
            "created": run.created_count,
            "updated": run.updated_count,
            "unchanged": run.unchanged_count,
            "rejected": run.rejected_count,
            "peak_rss_mb": round(_rss_mb(), 1),
        }
        default_storage.delete(run.file_path)
        if run.error_file_path:
            default_storage.delete(run.error_file_path)
    figures["generate_secs"] = round(gen_secs, 1)
    figures["rss_before_import_mb"] = round(rss_before, 1)
    os.unlink(path)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="subjects_import_bench", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--corrupt", type=float, default=0.01)
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        print(
            json.dumps(
                one(args.one, offset=args.offset, corrupt=args.corrupt, workdir=args.workdir)
            )
        )
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: comma-separated positive numbers")
    _setup()
    if not args.no_migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from django.db import connections

    connections.close_all()
    workdir = tempfile.mkdtemp(prefix="zhifa-subjects-bench-")
    offset = int(time.time()) % 1000 * 10_000_000  # fresh codes on a reused database
    for n in sizes:
        child = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "bench.subjects_import_bench",
                "--one",
                str(n),
                "--offset",
                str(offset),
                "--corrupt",
                str(args.corrupt),
                "--workdir",
                workdir,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        offset += n
        f = json.loads(child.stdout.strip().splitlines()[-1])
        imp, again = f["import"], f["reimport"]
        print(
            f"subjects.import[{f['vendor']}] n={n} ({f['file_mb']} MB CSV): "
            f"{imp['rows_per_s']} rows/s ({imp['secs']} s, client CPU {imp['cpu_secs']} s; "
            f"created {imp['created']}, "
            f"rejected {imp['rejected']}), peak RSS {imp['peak_rss_mb']} MB "
            f"(before import {f['rss_before_import_mb']} MB)",
            flush=True,
        )
        print(
            f"subjects.reimport[{f['vendor']}] n={n}: {again['rows_per_s']} rows/s "
            f"({again['secs']} s, client CPU {again['cpu_secs']} s; created {again['created']}, "
            f"updated {again['updated']}, "
            f"unchanged {again['unchanged']}), peak RSS {again['peak_rss_mb']} MB",
            flush=True,
        )
    os.rmdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
