"""Seed the State Council holiday schedules from the chinesecalendar package (2004–2026 in 1.11.0).

One HolidaySchedule per year the package covers, one CalendarDay per declared date (days off,
including the weekends inside a holiday block, and weekend make-up working days), and the
CalendarVersion row. The package keys dates by calendar year, so a notice's days in December of
the previous year (e.g. the 2019 notice's 2018-12-29..31) land in that previous year's schedule.

No ledger entries: the seed is the initial state of reference data, reproducible from the
package version named in ``source``. Later years are loaded with ``holiday_schedule_save``
(admin form, or ``zhifa workdays load-package YEAR`` after upgrading the package).
"""

from django.db import migrations

PACKAGE_FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _name(value):
    return PACKAGE_FESTIVAL_NAMES.get(value, value)


def seed(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar.constants import holidays, workdays

    HolidaySchedule = apps.get_model("workdays", "HolidaySchedule")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")

    source = (
        f"chinesecalendar {chinese_calendar.__version__} 数据包"
        "（据国务院办公厅历年《关于部分节假日安排的通知》整理）"
    )
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    existing = set(HolidaySchedule.objects.values_list("year", flat=True))
    for year in years:
        if year in existing:
            continue
        schedule = HolidaySchedule.objects.create(year=year, source=source, origin="package")
        rows = [
            CalendarDay(schedule=schedule, date=d, kind="holiday", name=_name(v))
            for d, v in sorted(holidays.items())
            if d.year == year
        ]
        rows += [
            CalendarDay(schedule=schedule, date=d, kind="makeup_workday", name=_name(v))
            for d, v in sorted(workdays.items())
            if d.year == year
        ]
        CalendarDay.objects.bulk_create(rows)
    CalendarVersion.objects.update_or_create(pk=1, defaults={"version": 1})


def unseed(apps, schema_editor):
    HolidaySchedule = apps.get_model("workdays", "HolidaySchedule")
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")
    HolidaySchedule.objects.filter(origin="package").delete()
    CalendarVersion.objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
