"""``zhifa serve``: the web server (waitress) and the worker side by side, for ``make run``.

Ctrl-C stops both. In production run the web server and ``zhifa worker`` under a process
manager instead (see README).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand

from zhifa.demo.services import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Serve the web app with waitress and start the worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from config.wsgi import application

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "zhifa.cli", "worker"])  # noqa: S603
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\n临猗县综合行政执法平台 Zhifa is running at {url}"))
        logins = demo_logins()
        if logins:
            self.stdout.write(f"\n演示账号 Demo logins (password / 密码: {DEMO_PASSWORD}):")
            for username, role, unit in logins:
                self.stdout.write(f"  {username:<16} {role:<12} {unit}")
        self.stdout.write("\nPress Ctrl-C to stop.\n")
        self.stdout.flush()

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            serve(
                application, host=options["host"], port=options["port"], threads=options["threads"]
            )
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
