"""Reads of the job queue, for operators (admin, ``zhifa jobs``); not scoped: staff only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhifa.jobs import registry
from zhifa.jobs.models import Job, PeriodicRun


def job_list(*, status: str | None = None, name: str | None = None, limit: int = 50) -> list[Job]:
    qs: QuerySet[Job] = Job.objects.order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if name:
        qs = qs.filter(name=name)
    return list(qs[:limit])


def periodic_overview() -> list[dict[str, Any]]:
    """Each registered periodic function with its latest run (None if it never ran)."""
    specs = registry.periodic_specs()
    rows = []
    for spec in specs:
        last = PeriodicRun.objects.filter(name=spec.name).order_by("-started_at", "-id").first()
        rows.append({"name": spec.name, "every_seconds": spec.every_seconds, "last_run": last})
    return rows
