"""Job queue and periodic runs in the admin: read-only lists, plus a "retry" action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.core.errors import DomainError
from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job, PeriodicRun
from zhifa.jobs.services import job_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "name",
        "status",
        "run_after",
        "attempts",
        "max_attempts",
        "claimed_by",
        "finished_at",
    )
    list_filter = ("status", "name")
    search_fields = ("name", "dedupe_key", "claimed_by")
    date_hierarchy = "created_at"
    actions = ("retry",)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Retrying changes the queue, not the job's data: those who may change jobs may retry.
        return request.user.has_perm("jobs.change_job")

    @admin.action(description="重试所选的失败任务", permissions=("retry",))
    def retry(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        done = 0
        for job in queryset.filter(status=JobStatus.FAILED).order_by("id"):
            try:
                job_retry(job=job)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.WARNING)
            else:
                done += 1
        skipped = queryset.count() - done
        self.message_user(request, f"已重新排队 {done} 个任务。", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} 个任务未重试（只有失败的任务可以重试）。", messages.WARNING
            )


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "slot", "started_at", "duration", "ok", "worker_id")
    list_filter = ("name", "ok")
    date_hierarchy = "started_at"
