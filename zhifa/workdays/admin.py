"""Admin: enter or correct a year's State Council holiday schedule in one form.

Saving goes through ``holiday_schedule_save`` (ledger entry, cache invalidation, signal).
Schedules are never deleted; declared days are edited through their year's form only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from zhifa.workdays.constants import DayKind, ScheduleOrigin
from zhifa.workdays.forms import HolidayScheduleAdminForm
from zhifa.workdays.models import HolidaySchedule
from zhifa.workdays.permissions import can_edit_schedule
from zhifa.workdays.services import holiday_schedule_save


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    form = HolidayScheduleAdminForm
    list_display = (
        "year",
        "source_short",
        "published_at",
        "holiday_count",
        "makeup_count",
        "origin",
        "updated_at",
    )
    list_filter = ("origin",)
    search_fields = ("year", "source")
    ordering = ("-year",)

    def get_fields(self, request: HttpRequest, obj: HolidaySchedule | None = None) -> list[str]:
        fields = ["year", "source", "source_url", "published_at", "holidays_text", "makeup_text"]
        if obj is not None:
            fields += ["declared_days", "origin", "updated_by", "updated_at"]
        return fields

    def get_readonly_fields(
        self, request: HttpRequest, obj: HolidaySchedule | None = None
    ) -> tuple[str, ...]:
        if obj is not None:
            return ("year", "declared_days", "origin", "updated_by", "updated_at")
        return ()

    @admin.display(description="依据通知")
    def source_short(self, obj: HolidaySchedule) -> str:
        return obj.source if len(obj.source) <= 40 else obj.source[:40] + "…"

    @admin.display(description="放假天数")
    def holiday_count(self, obj: HolidaySchedule) -> int:
        return obj.days.filter(kind=DayKind.HOLIDAY).count()

    @admin.display(description="调休上班天数")
    def makeup_count(self, obj: HolidaySchedule) -> int:
        return obj.days.filter(kind=DayKind.MAKEUP_WORKDAY).count()

    @admin.display(description="已录入的日期")
    def declared_days(self, obj: HolidaySchedule) -> str:
        rows = obj.days.order_by("date")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {} {}</li>",
                ((d.date.isoformat(), d.get_kind_display(), d.name) for d in rows),
            ),
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and can_edit_schedule(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data: replace a year, never delete it

    def save_model(
        self, request: HttpRequest, obj: HolidaySchedule, form: Any, change: bool
    ) -> None:
        checked = form.checked
        saved = holiday_schedule_save(
            actor=request.user,
            year=checked.year,
            holidays=checked.holidays,
            makeup_workdays=checked.makeup_workdays,
            source=checked.source,
            source_url=checked.source_url,
            published_at=checked.published_at,
            origin=ScheduleOrigin.NOTICE,
        )
        obj.pk = saved.pk
        obj.year = saved.year
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The days were written by the service."""
