"""The worker loop behind ``zhifa worker``: periodic scans, then queued jobs, then a short sleep.

One pass:

1. queue again the jobs of workers that died (``job_recover_stale``);
2. run the periodic functions whose current slot nobody has run (``periodic_run_due``);
3. claim and run due jobs one at a time until none is due, checking the periodic functions
   again between two jobs so a long queue does not delay the deadline scan.

SIGTERM or SIGINT asks the loop to stop: the current job or scan finishes, nothing new starts.
A second SIGINT (Ctrl-C twice) interrupts the current job, which is put back in the queue.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    close_old_connections,
    connection,
    connections,
    reset_queries,
)

from zhifa.jobs import registry
from zhifa.jobs.constants import DEFAULT_POLL_SECONDS
from zhifa.jobs.services import (
    job_claim,
    job_recover_stale,
    job_run,
    periodic_run_due,
    worker_id_default,
)

logger = logging.getLogger("zhifa.jobs")


def poll_seconds_default() -> float:
    return float(getattr(settings, "ZHIFA_WORKER_POLL_SECONDS", DEFAULT_POLL_SECONDS))


class Worker:
    def __init__(self, *, worker_id: str | None = None, poll_seconds: float | None = None):
        self.worker_id = worker_id or worker_id_default()
        self.poll_seconds = poll_seconds_default() if poll_seconds is None else poll_seconds
        self.stop_event = threading.Event()
        self.seen_slots: dict[str, int] = {}
        self.jobs_run = 0
        self.periodic_runs = 0

    # -- stopping ------------------------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def request_stop(self) -> None:
        self.stop_event.set()

    def handle_signal(self, signum: int, frame: Any = None) -> None:
        """SIGTERM/SIGINT: finish the current job, then exit; a second SIGINT interrupts it."""
        if self.stopping and signum == signal.SIGINT:
            raise KeyboardInterrupt
        logger.info(
            "worker %s: %s received, stopping after the current job",
            self.worker_id,
            signal.Signals(signum).name,
        )
        self.request_stop()

    def install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGTERM, self.handle_signal)
        signal.signal(signal.SIGINT, self.handle_signal)

    # -- one pass ------------------------------------------------------------------------------
    def _periodic(self) -> None:
        runs = periodic_run_due(
            worker_id=self.worker_id, seen=self.seen_slots, should_stop=lambda: self.stopping
        )
        self.periodic_runs += len(runs)

    def run_pass(self, *, periodic: bool = True) -> int:
        """One pass; returns the number of jobs run."""
        if not connection.in_atomic_block:
            # Drop a connection the database closed or that outlived CONN_MAX_AGE (never inside
            # a transaction, e.g. a test's).
            close_old_connections()
        if settings.DEBUG:
            reset_queries()
        job_recover_stale()
        if periodic and not self.stopping:
            self._periodic()
        count = 0
        while not self.stopping:
            job = job_claim(worker_id=self.worker_id)
            if job is None:
                break
            job_run(job, worker_id=self.worker_id)
            count += 1
            if periodic and not self.stopping:
                self._periodic()
        self.jobs_run += count
        return count

    # -- the loop ------------------------------------------------------------------------------
    def run(
        self,
        *,
        once: bool = False,
        burst: bool = False,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        """``once``: one pass and return; ``burst``: run due queued jobs only, then return;
        otherwise loop until asked to stop."""
        registry.autodiscover()
        logger.info(
            "worker %s started (%d job(s), %d periodic job(s) registered)",
            self.worker_id,
            len(registry.job_specs()),
            len(registry.periodic_specs()),
        )
        if once or burst:
            self.run_pass(periodic=not burst)
            logger.info("worker %s: pass finished, %d job(s) run", self.worker_id, self.jobs_run)
            return
        wait = sleep or self.stop_event.wait
        while not self.stopping:
            try:
                self.run_pass()
            except DatabaseError:
                # The database restarted or is busy: keep the worker alive and try again.
                logger.exception("worker %s: database error; retrying", self.worker_id)
                connections.close_all()
            if not self.stopping:
                wait(self.poll_seconds)
        logger.info("worker %s stopped, %d job(s) run", self.worker_id, self.jobs_run)
