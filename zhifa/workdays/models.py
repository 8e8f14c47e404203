"""The State Council holiday schedules as data.

One ``HolidaySchedule`` per year (the notice 国务院办公厅关于 YYYY 年部分节假日安排的通知), and one
``CalendarDay`` per date the notice declares: a day off (``holiday``) or a weekend make-up working
day (``makeup_workday``). Every other date of a loaded year follows the weekday. A year with no
schedule is *not loaded*: answers for it come from the statute and are provisional (see
``zhifa.workdays.calendar``).

``CalendarVersion`` is one row whose number changes with every write, so every process can tell
cheaply whether its in-memory calendar is stale.

Writes go through ``zhifa.workdays.services.holiday_schedule_save`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.workdays.constants import DayKind, ScheduleOrigin


class HolidaySchedule(models.Model):
    """The holiday schedule of one year, as published by the State Council."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.TextField(
        "依据通知",
        help_text="通知标题和文号，例如：国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
    )
    source_url = models.URLField("通知网址", blank=True, max_length=500)
    published_at = models.DateField("通知发布日期", null=True, blank=True)
    origin = models.CharField(
        "来源", max_length=16, choices=ScheduleOrigin.choices, default=ScheduleOrigin.NOTICE
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年放假安排"


class CalendarDay(models.Model):
    """A date declared by a schedule: a day off, or a weekend made a working day."""

    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="放假安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    # The festival the day belongs to (放假) or makes up for (调休上班), e.g. 国庆节、中秋节.
    name = models.CharField("节日", max_length=80)

    class Meta:
        verbose_name = "放假/调休日"
        verbose_name_plural = "放假/调休日"
        ordering = ("date",)
        constraints = [
            models.UniqueConstraint(fields=("schedule", "date"), name="workdays_day_unique"),
        ]
        indexes = [models.Index(fields=("date",), name="workdays_day_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"


class CalendarVersion(models.Model):
    """A single row (id 1): ``version`` changes whenever any schedule changes."""

    version = models.PositiveBigIntegerField("版本", default=1)
    changed_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历版本"

    def __str__(self) -> str:
        return f"v{self.version}"
