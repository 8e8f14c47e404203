"""``zhifa records verify`` — check every stored original of the full-process records (R-1.3-18,
R-1.3-19): present, same size, same SHA-256.

Exit status: 0 when every file is intact; 1 when a file is missing or altered (each is named), or
the records' immutability triggers are missing; 2 for bad arguments.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from zhifa.core.command_args import positive_int
from zhifa.records import triggers
from zhifa.records.services.verify import records_verify

PROBLEM = {
    "missing": "文件缺失 missing",
    "size": "大小不符 size differs",
    "altered": "内容被改动 altered (SHA-256 differs)",
}


class Command(BaseCommand):
    help = "Verify the stored files of the full-process records (presence, size, SHA-256)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="hash every stored file and compare")
        verify.add_argument("--batch", type=positive_int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["batch"])

    def _verify(self, batch: int) -> None:
        report = records_verify(actor=None, batch=batch)
        for p in report.problems:
            self.stderr.write(f"{PROBLEM.get(p.problem, p.problem)}: {p.name} (#{p.blob_id})")
        missing = triggers.missing(connection)
        if missing:
            self.stderr.write(
                f"记录保全触发器缺失 records triggers missing: {', '.join(missing)} — "
                "run `zhifa migrate` or reinstall them."
            )
        summary = (
            f"records verify: 共校验 {report.checked} 个文件 checked, 通过 {report.ok} ok, "
            f"未通过 {report.failed} failed"
        )
        if report.problems or missing:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
