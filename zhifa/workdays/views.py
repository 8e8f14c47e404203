"""The staff calendar page: a year month by month, and a due-date calculator that answers in Chinese."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.workdays.calendar import Due, add_info, current_calendar, is_workday_info
from zhifa.workdays.forms import DueDateForm
from zhifa.workdays.permissions import can_edit_schedule
from zhifa.workdays.selectors import calendar_years, year_view

_WEEKDAYS = "一二三四五六日"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"


def describe_due(start: dt.date, days: int, unit: str, due: Due) -> dict[str, object]:
    """The calculator's answer as sentences for the page."""
    lines = []
    if unit == "workday":
        lines.append(
            f"自{_cn(start)}起算（当日不计入），{days}个工作日，期限届满日为{_cn(due.due)}。"
        )
    else:
        last = start + dt.timedelta(days=days)
        lines.append(f"自{_cn(start)}起算（当日不计入），{days}日，期限届满日为{_cn(due.due)}。")
        if days and last != due.due:
            info = is_workday_info(last)
            reason = f"{info.name}放假" if info.name else "休息日"
            lines.append(
                f"第{days}日{_cn(last)}为{reason}，依《民法典》第二百零三条顺延至其后第一个工作日。"
            )
    if days == 0:
        lines.append("期限为0，届满日即起算日。")
    years = range(min(start, due.due).year, max(start, due.due).year + 1)
    unloaded = [y for y in years if current_calendar().is_provisional_year(y)]
    warning = ""
    if due.provisional:
        names = "、".join(f"{y}年" for y in unloaded)
        warning = (
            f"暂定结果：{names}的放假安排尚未录入，已按《全国年节及纪念日放假办法》的法定节假日推算，"
            "未计调休上班日。国务院公布放假安排并录入后，以重新计算的结果为准。"
        )
    return {"lines": lines, "due": due.due, "provisional": due.provisional, "warning": warning}


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    error = ""
    try:
        year = int(request.GET.get("year", today.year))
    except (TypeError, ValueError):
        year, error = today.year, "年份应为数字，已显示今年。"
    try:
        view = year_view(year=year)
    except DomainError as exc:
        error = exc.message
        year = today.year
        view = year_view(year=year)

    form = DueDateForm(request.GET if "start" in request.GET else None, initial={"unit": "workday"})
    answer = None
    if form.is_bound and form.is_valid():
        start, days, unit = (
            form.cleaned_data["start"],
            form.cleaned_data["days"],
            form.cleaned_data["unit"],
        )
        try:
            answer = describe_due(start, days, unit, add_info(start, days, unit=unit))
        except DomainError as exc:
            form.add_error(None, exc.message)

    years = calendar_years()
    context = {
        "view": view,
        "year": year,
        "years": years,
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
        "today": today,
        "form": form,
        "answer": answer,
        "error": error,
        "weekday_names": _WEEKDAYS,
        "perms_edit": can_edit_schedule(request.user),
    }
    return render(request, "workdays/calendar.html", context)
