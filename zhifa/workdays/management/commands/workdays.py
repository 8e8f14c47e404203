"""``zhifa workdays``: due dates and working days from the command line.

    zhifa workdays add 2025-09-26 7                 → 2025-10-13
    zhifa workdays add 2025-09-26 7 --json          → {"start": "2025-09-26", "days": 7, "unit": "workday", "due": "2025-10-13", "provisional": false}
    zhifa workdays add 2025-09-26 7 --unit day      → 2025-10-09 (calendar days, rest-day rule)
    zhifa workdays is 2025-10-11 [--json]           → 2025-10-11 工作日（调休上班：国庆节）
    zhifa workdays between 2025-09-26 2025-10-13    → 7
    zhifa workdays load-package 2027 [--replace]    → load a year from the installed chinesecalendar

A provisional answer (a year whose schedule is not loaded) is flagged on stderr (text) or by
``"provisional": true`` (JSON). Exit status: 0 on success, 2 for bad arguments or a date the
calendar cannot answer for.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.workdays.calendar import (
    KIND_LABELS,
    add_info,
    is_workday_info,
    parse_count,
    parse_date,
    parse_unit,
    workdays_between_info,
)
from zhifa.workdays.constants import PACKAGE_FESTIVAL_NAMES, ScheduleOrigin
from zhifa.workdays.models import HolidaySchedule
from zhifa.workdays.services import HolidayRange, MakeupWorkday, holiday_schedule_save

_ENGLISH = {
    "start": "start date",
    "date": "date",
    "end": "end date",
    "days": "count",
    "unit": "unit",
    "year": "year",
}


class Command(BaseCommand):
    help = "Working days: due dates (add), is a date a working day (is), working days between two dates."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="due date: START plus N working days (or calendar days)")
        add.add_argument("start", help="the day of the triggering event, YYYY-MM-DD (not counted)")
        add.add_argument("days", help="N, a whole number 0..3650")
        add.add_argument("--unit", default="workday", help="workday (default) or day")
        add.add_argument("--json", action="store_true", help="print JSON")
        is_ = sub.add_parser("is", help="is DATE a working day?")
        is_.add_argument("date", help="YYYY-MM-DD")
        is_.add_argument("--json", action="store_true", help="print JSON")
        between = sub.add_parser("between", help="working days after START up to and including END")
        between.add_argument("start", help="YYYY-MM-DD")
        between.add_argument("end", help="YYYY-MM-DD")
        between.add_argument("--json", action="store_true", help="print JSON")
        load = sub.add_parser(
            "load-package", help="load YEAR's schedule from the chinesecalendar package"
        )
        load.add_argument("year", help="e.g. 2027")
        load.add_argument(
            "--replace", action="store_true", help="replace a schedule entered by hand"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except DomainError as exc:
            english = _ENGLISH.get(exc.field or "", "")
            hint = f" (invalid {english})" if english else ""
            raise CommandError(f"{exc.message}{hint}", returncode=2) from None

    def _print(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(text)

    def _warn_provisional(self, options: dict[str, Any], provisional: bool) -> None:
        if provisional and not options["json"]:
            self.stderr.write(
                "暂定 provisional: 涉及尚未录入放假安排的年份，按法定节假日推算，未计调休上班日 "
                "(a year without a loaded holiday schedule: statutory holidays only)"
            )

    def _add(self, options: dict[str, Any]) -> None:
        start = parse_date(options["start"], field="start")
        days = parse_count(options["days"], field="days")
        unit = parse_unit(options["unit"])
        due = add_info(start, days, unit=unit)
        data = {
            "start": start.isoformat(),
            "days": days,
            "unit": unit,
            "due": due.due.isoformat(),
            "provisional": due.provisional,
        }
        self._print(options, data, due.due.isoformat())
        self._warn_provisional(options, due.provisional)

    def _is(self, options: dict[str, Any]) -> None:
        info = is_workday_info(parse_date(options["date"], field="date"))
        data = {
            "date": info.date.isoformat(),
            "workday": info.workday,
            "kind": info.kind,
            "name": info.name,
            "provisional": info.provisional,
        }
        verdict = "工作日" if info.workday else "休息日"
        detail = KIND_LABELS[info.kind] + (f"：{info.name}" if info.name else "")
        self._print(options, data, f"{info.date.isoformat()} {verdict}（{detail}）")
        self._warn_provisional(options, info.provisional)

    def _between(self, options: dict[str, Any]) -> None:
        start = parse_date(options["start"], field="start")
        end = parse_date(options["end"], field="end")
        span = workdays_between_info(start, end)
        data = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "workdays": span.days,
            "provisional": span.provisional,
        }
        self._print(options, data, str(span.days))
        self._warn_provisional(options, span.provisional)

    def _load_package(self, options: dict[str, Any]) -> None:
        import chinese_calendar
        from chinese_calendar.constants import holidays, workdays

        text = options["year"].strip()
        if not text.isdigit():
            raise DomainError(f"年份“{text}”无效。", code="invalid_year", field="year")
        year = int(text)
        days_off = sorted((d, v) for d, v in holidays.items() if d.year == year)
        if not days_off:
            raise DomainError(
                f"已安装的 chinesecalendar {chinese_calendar.__version__} 没有{year}年的数据；"
                "请升级该包，或在管理后台按国务院通知录入。",
                code="no_package_data",
                field="year",
            )
        existing = HolidaySchedule.objects.filter(year=year).first()
        if (
            existing is not None
            and existing.origin != ScheduleOrigin.PACKAGE
            and not options["replace"]
        ):
            raise DomainError(
                f"{year}年的放假安排已按通知录入；如确需以数据包覆盖，请加 --replace。",
                code="exists",
                field="year",
            )
        schedule = holiday_schedule_save(
            actor=None,
            year=year,
            holidays=[HolidayRange(d, d, PACKAGE_FESTIVAL_NAMES.get(v, v)) for d, v in days_off],
            makeup_workdays=[
                MakeupWorkday(d, PACKAGE_FESTIVAL_NAMES.get(v, v))
                for d, v in sorted(workdays.items())
                if d.year == year
            ],
            source=f"chinesecalendar {chinese_calendar.__version__} 数据包",
            origin=ScheduleOrigin.PACKAGE,
        )
        self.stdout.write(f"{schedule.year}年放假安排已载入（{schedule.days.count()}天）。")
