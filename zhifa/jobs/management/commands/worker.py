"""``zhifa worker``: run queued jobs and the periodic scans (docs/adr/0002-worker.md).

- ``zhifa worker`` loops until SIGTERM/SIGINT (the current job finishes first).
- ``zhifa worker --once`` makes one pass (periodic scans that are due, then due jobs until none)
  and exits: for cron and tests.
- ``zhifa worker --burst`` runs due queued jobs until none is left, without periodic scans,
  and exits.

Several workers may run side by side on PostgreSQL (or SQLite): each job and each periodic slot
is claimed by exactly one of them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.jobs.worker import Worker, poll_seconds_default


class Command(BaseCommand):
    help = "后台进程：运行排队任务和周期扫描（--once 运行一轮后退出，--burst 清空队列后退出）。"

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once",
            action="store_true",
            help="one pass (due periodic scans, then due jobs until none), then exit",
        )
        mode.add_argument(
            "--burst",
            action="store_true",
            help="run due queued jobs until none is left (no periodic scans), then exit",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=None,
            help=f"seconds to sleep when idle (default {poll_seconds_default():g}, "
            "setting ZHIFA_WORKER_POLL_SECONDS)",
        )
        parser.add_argument(
            "--worker-id", default=None, help="name of this worker in claims (default host:pid)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        poll = options["poll"]
        if poll is not None and poll <= 0:
            raise CommandError("--poll 必须是正数（秒）。", returncode=2)
        worker = Worker(worker_id=options["worker_id"], poll_seconds=poll)
        worker.install_signal_handlers()
        try:
            worker.run(once=options["once"], burst=options["burst"])
        except KeyboardInterrupt:
            self.stderr.write("worker interrupted; the current job was queued again")
