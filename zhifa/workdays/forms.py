"""Forms: the admin form that enters a year's schedule at once, and the due-date calculator.

The admin form takes the notice's content as two text boxes, one item per line::

    放假安排                              调休上班日
    2025-10-01 至 2025-10-08 国庆节、中秋节   2025-09-28 国庆节
    1月28日至2月4日 春节                   2025-10-11

A line is a date or a range (至 / 到 / ~ / — / ..), then the festival name. Dates may be written
2025-10-01, 2025/10/01, 2025年10月1日 or, within the form's year, 10-01 or 10月1日; the end of a
range may leave out the year and month (10月1日至8日). Weekday remarks such as （星期三） are
ignored. A make-up day without a name gets the name of the nearest holiday.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from zhifa.core.errors import DomainError
from zhifa.workdays.models import HolidaySchedule
from zhifa.workdays.services import (
    HolidayRange,
    MakeupWorkday,
    ScheduleInput,
    holiday_schedule_check,
)

_WEEKDAY_REMARK = re.compile(r"[（(]\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]")
_DATE = (
    r"(?:(?P<{p}y>\d{{4}})\s*[-/.年]\s*)?(?P<{p}m>\d{{1,2}})\s*[-/.月]\s*(?P<{p}d>\d{{1,2}})\s*日?"
)
_END = r"(?:(?:(?P<ey>\d{4})\s*[-/.年]\s*)?(?P<em>\d{1,2})\s*[-/.月]\s*)?(?P<ed>\d{1,2})\s*日?"
_LINE = re.compile(
    r"^\s*"
    + _DATE.format(p="s")
    + r"\s*(?:(?:至|到|~|～|—|–|\.\.|(?<=\s)-(?=\s))\s*"
    + _END
    + r")?"
    r"\s*[,，:：、]?\s*(?P<name>.*?)\s*[。；;]?\s*$"
)

EXAMPLE_HOLIDAYS = "2025-10-01 至 2025-10-08 国庆节、中秋节"
EXAMPLE_MAKEUP = "2025-09-28 国庆节"


def _make_date(year: str | None, month: str | None, day: str, default_year: int, line_no: int):
    try:
        return dt.date(int(year) if year else default_year, int(month or 0), int(day))
    except ValueError:
        raise ValidationError(f"第{line_no}行：日期不存在，请检查月份和日期。") from None


def parse_lines(text: str, *, year: int) -> list[tuple[dt.date, dt.date, str]]:
    """Parse one item per line into ``(start, end, name)``; raise ``ValidationError`` per line."""
    items: list[tuple[dt.date, dt.date, str]] = []
    errors: list[ValidationError] = []
    for line_no, raw in enumerate((text or "").splitlines(), start=1):
        line = _WEEKDAY_REMARK.sub("", raw).strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            errors.append(
                ValidationError(
                    f"第{line_no}行“{raw.strip()}”无法识别。每行写一个日期或日期段，再写节日名称，"
                    f"例如：{EXAMPLE_HOLIDAYS}"
                )
            )
            continue
        try:
            start = _make_date(match["sy"], match["sm"], match["sd"], year, line_no)
            if match["ed"]:
                end_month = int(match["em"]) if match["em"] else start.month
                end_year = int(match["ey"]) if match["ey"] else start.year
                if not match["ey"] and end_month < start.month:
                    end_year += 1  # 12月30日至1月1日
                end = _make_date(str(end_year), str(end_month), match["ed"], year, line_no)
            else:
                end = start
        except ValidationError as exc:
            errors.append(exc)
            continue
        if end < start:
            errors.append(ValidationError(f"第{line_no}行：结束日期早于开始日期。"))
            continue
        items.append((start, end, match["name"]))
    if errors:
        raise ValidationError(errors)
    return items


def format_schedule_days(schedule: HolidaySchedule) -> tuple[str, str]:
    """The two text boxes for an existing schedule: holiday ranges and make-up days."""
    holiday_lines: list[str] = []
    makeup_lines: list[str] = []
    run: list[Any] = []  # [start, end, name]
    for day in schedule.days.order_by("date"):
        if day.kind == "makeup_workday":
            makeup_lines.append(f"{day.date:%Y-%m-%d} {day.name}")
            continue
        if run and day.name == run[2] and day.date == run[1] + dt.timedelta(days=1):
            run[1] = day.date
            continue
        if run:
            holiday_lines.append(_range_line(*run))
        run = [day.date, day.date, day.name]
    if run:
        holiday_lines.append(_range_line(*run))
    return "\n".join(holiday_lines), "\n".join(makeup_lines)


def _range_line(start: dt.date, end: dt.date, name: str) -> str:
    if start == end:
        return f"{start:%Y-%m-%d} {name}"
    return f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d} {name}"


class HolidayScheduleAdminForm(forms.ModelForm):
    """One form for a whole year: the notice, its holidays and its make-up working days."""

    holidays_text = forms.CharField(
        label="放假安排",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
        help_text=(
            "每行一段：日期或日期段 + 节日名称，例如“2025-10-01 至 2025-10-08 国庆节、中秋节”"
            "或“1月28日至2月4日 春节”。包括放假期间的星期六、星期日。"
        ),
    )
    source_url = forms.URLField(
        label="通知网址", required=False, assume_scheme="https", max_length=500
    )
    makeup_text = forms.CharField(
        label="调休上班日",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="每行一个星期六或星期日，例如“2025-09-28 国庆节”。节日名称可省略（取最近的放假）。",
    )

    class Meta:
        model = HolidaySchedule
        fields = ("year", "source", "source_url", "published_at")
        widgets = {"source": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            holidays, makeups = format_schedule_days(self.instance)
            self.initial.setdefault("holidays_text", holidays)
            self.initial.setdefault("makeup_text", makeups)
        self.checked: ScheduleInput | None = None

    _FIELD_OF = {
        "year": "year",
        "source": "source",
        "published_at": "published_at",
        "holidays": "holidays_text",
        "makeup_workdays": "makeup_text",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year") if not self.instance.pk else self.instance.year
        if year is None or self.errors:
            return data
        try:
            holidays = parse_lines(data.get("holidays_text", ""), year=year)
        except ValidationError as exc:
            self.add_error("holidays_text", exc)
            holidays = None
        try:
            makeups = parse_lines(data.get("makeup_text", ""), year=year)
        except ValidationError as exc:
            self.add_error("makeup_text", exc)
            makeups = None
        if holidays is None or makeups is None:
            return data
        makeup_days: list[MakeupWorkday] = []
        for start, end, name in makeups:
            day = start
            while day <= end:
                makeup_days.append(MakeupWorkday(day, name))
                day += dt.timedelta(days=1)
        try:
            self.checked = holiday_schedule_check(
                year=year,
                holidays=[HolidayRange(s, e, n) for s, e, n in holidays],
                makeup_workdays=makeup_days,
                source=data.get("source", ""),
                source_url=data.get("source_url", ""),
                published_at=data.get("published_at"),
            )
        except DomainError as exc:
            self.add_error(self._FIELD_OF.get(exc.field or "", None), exc.message)
        return data


class DueDateForm(forms.Form):
    """The calculator on the calendar page: start date, N, unit."""

    UNIT_CHOICES = (("workday", "工作日"), ("day", "日（自然日）"))

    start = forms.DateField(
        label="起算事件发生日",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"],
        error_messages={"required": "请填写起算日期。", "invalid": "日期格式应为 2025-09-26。"},
    )
    days = forms.IntegerField(
        label="期限",
        min_value=0,
        max_value=3650,
        error_messages={
            "required": "请填写期限天数。",
            "invalid": "期限应为整数。",
            "min_value": "期限不能为负数。",
            "max_value": "期限不能超过3650天。",
        },
    )
    unit = forms.ChoiceField(label="单位", choices=UNIT_CHOICES, initial="workday", required=False)

    def clean_unit(self) -> str:
        return self.cleaned_data.get("unit") or "workday"
