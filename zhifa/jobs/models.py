"""The queue of background jobs and the record of periodic runs (see docs/adr/0002-worker.md)."""

from __future__ import annotations

from django.db import models

from zhifa.core import clock
from zhifa.jobs.constants import ACTIVE_STATUSES, DEFAULT_MAX_ATTEMPTS, JobStatus


class Job(models.Model):
    """One call of a registered job function, queued in the database.

    The row is inserted in the caller's transaction, so a worker sees it only once that
    transaction commits, and never if it rolls back.
    """

    name = models.CharField("任务", max_length=100)
    args = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    run_after = models.DateTimeField("不早于", default=clock.now)
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveIntegerField("最多尝试次数", default=DEFAULT_MAX_ATTEMPTS)
    claimed_by = models.CharField("执行进程", max_length=200, blank=True)
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", default=clock.now)
    # At most one queued or running job per non-empty key (e.g. "documents.render:12").
    dedupe_key = models.CharField("去重键", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ("-id",)
        indexes = [models.Index(fields=("status", "run_after"), name="jobs_job_status_run_after")]
        constraints = [
            models.UniqueConstraint(
                fields=("dedupe_key",),
                condition=models.Q(status__in=ACTIVE_STATUSES) & ~models.Q(dedupe_key=""),
                name="jobs_job_dedupe_active",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="jobs_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"


class PeriodicRun(models.Model):
    """One run of a periodic function for one time slot.

    ``slot`` numbers the interval the run belongs to (local seconds since the epoch // interval).
    A worker runs a periodic function only after inserting its (name, slot) row, so several
    workers never run the same slot twice.
    """

    name = models.CharField("周期任务", max_length=100)
    slot = models.BigIntegerField("时段")
    worker_id = models.CharField("执行进程", max_length=200)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("成功", null=True)
    error = models.TextField("错误", blank=True)
    duration = models.DurationField("耗时", null=True, blank=True)

    class Meta:
        verbose_name = "周期任务运行记录"
        verbose_name_plural = "周期任务运行记录"
        ordering = ("-started_at", "-id")
        indexes = [models.Index(fields=("name", "started_at"), name="jobs_periodic_name_started")]
        constraints = [
            models.UniqueConstraint(fields=("name", "slot"), name="jobs_periodicrun_name_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot}"
