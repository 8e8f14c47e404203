"""Names for the working-day calendar: kinds of days, festivals, the years Zhifa can answer for."""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    """What a ``CalendarDay`` row says about its date (other days follow the weekday)."""

    # A day off declared by a holiday notice (festival days and the weekends inside the block).
    HOLIDAY = "holiday", "放假"
    # A Saturday or Sunday declared a working day (调休上班) by a holiday notice.
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class ScheduleOrigin(models.TextChoices):
    """Where a year's ``HolidaySchedule`` came from."""

    # Seeded by the data migration from the chinesecalendar package.
    PACKAGE = "package", "chinesecalendar 数据包"
    # Entered by an operator (admin form or service) from the State Council notice.
    NOTICE = "notice", "按国务院通知录入"


# The festivals of 《全国年节及纪念日放假办法》 Art. 2, in calendar order, as the operator types them.
FESTIVAL_NAMES: tuple[str, ...] = (
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
)

# chinesecalendar's English holiday names → the names used in Zhifa.
PACKAGE_FESTIVAL_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# A notice for year Y may declare days in December of Y-1 (e.g. the 2019 notice: 2018-12-29
# make-up, 2018-12-30/31 off) or January of Y+1; anything further away is a typing error.
SCHEDULE_MARGIN_DAYS = 31

# The longest holiday range an operator may enter in one line (the longest block so far: 2020
# Spring Festival, 10 days including the epidemic extension).
MAX_HOLIDAY_RANGE_DAYS = 15

# Year bounds accepted by the service (sanity, not law).
MIN_SCHEDULE_YEAR = 2000
MAX_SCHEDULE_YEAR = 2100

# Ledger action written by ``holiday_schedule_save``.
LEDGER_ACTION_SCHEDULE_SAVE = "workdays.schedule.save"
