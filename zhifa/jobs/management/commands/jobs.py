"""``zhifa jobs …``: look at and act on the background job queue.

- ``zhifa jobs list [--status failed] [--name NAME] [--limit 50]``: the latest jobs.
- ``zhifa jobs retry ID``: queue a failed job again (fresh attempts).
- ``zhifa jobs periodic``: the registered periodic functions and their last runs.
- ``zhifa jobs enqueue NAME [--args JSON]``: queue a registered job by hand.
- ``zhifa jobs prune [--keep-days N]``: delete old finished jobs and periodic runs.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job
from zhifa.jobs.selectors import job_list, periodic_overview
from zhifa.jobs.services import job_enqueue, job_prune, job_retry


def _when(value: Any) -> str:
    return clock.local(value).strftime("%Y-%m-%d %H:%M:%S") if value else "-"


class Command(BaseCommand):
    help = (
        "后台任务：list 列出、retry 重试失败任务、periodic 周期任务、enqueue 手工排队、prune 清理。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        ls = sub.add_parser("list", help="the latest jobs")
        ls.add_argument("--status", choices=JobStatus.values)
        ls.add_argument("--name")
        ls.add_argument("--limit", type=int, default=50)
        retry = sub.add_parser("retry", help="queue a failed job again")
        retry.add_argument("id", type=int)
        sub.add_parser("periodic", help="registered periodic functions and their last runs")
        enqueue = sub.add_parser("enqueue", help="queue a registered job by hand")
        enqueue.add_argument("name")
        enqueue.add_argument(
            "--args",
            dest="job_args",  # "args" is reserved by BaseCommand
            default="{}",
            help='keyword arguments as JSON, e.g. {"id": 3}',
        )
        prune = sub.add_parser("prune", help="delete old finished jobs and periodic runs")
        prune.add_argument("--keep-days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit 必须是正整数。", returncode=2)
        jobs = job_list(status=options["status"], name=options["name"], limit=options["limit"])
        for job in jobs:
            error = job.last_error.strip().splitlines()[-1][:80] if job.last_error else ""
            self.stdout.write(
                f"{job.pk:>7}  {job.status:<8} {job.name:<32} "
                f"{job.attempts}/{job.max_attempts}  run_after={_when(job.run_after)}  "
                f"{job.claimed_by or '-'}  {error}"
            )
        if not jobs:
            self.stdout.write("no jobs")

    def _retry(self, options: dict[str, Any]) -> None:
        job = Job.objects.filter(pk=options["id"]).first()
        if job is None:
            raise CommandError(f"没有编号为 {options['id']} 的任务。", returncode=2)
        try:
            job = job_retry(job=job)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(f"job {job.pk} {job.name} queued again")

    def _periodic(self, options: dict[str, Any]) -> None:
        rows = periodic_overview()
        for row in rows:
            last = row["last_run"]
            state = (
                "-"
                if last is None
                else ("ok" if last.ok else "running" if last.ok is None else "FAILED")
            )
            self.stdout.write(
                f"{row['name']:<32} every {row['every_seconds']}s  "
                f"last={_when(last.started_at if last else None)} {state}"
            )
        if not rows:
            self.stdout.write("no periodic jobs registered")

    def _enqueue(self, options: dict[str, Any]) -> None:
        try:
            kwargs = json.loads(options["job_args"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"--args 不是合法的 JSON：{exc}", returncode=2) from exc
        if not isinstance(kwargs, dict):
            raise CommandError('--args 必须是 JSON 对象，例如 {"id": 3}。', returncode=2)
        try:
            job = job_enqueue(name=options["name"], args=kwargs)
        except (ValueError, TypeError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"job {job.pk} {job.name} queued")

    def _prune(self, options: dict[str, Any]) -> None:
        keep = options["keep_days"]
        if keep is not None and keep < 0:
            raise CommandError("--keep-days 不能为负数。", returncode=2)
        self.stdout.write(f"{job_prune(keep_days=keep)} row(s) deleted")
