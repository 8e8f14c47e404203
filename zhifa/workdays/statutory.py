"""Statutory holidays for a year whose State Council schedule is not loaded yet (provisional).

《全国年节及纪念日放假办法》 as amended by State Council Decree No. 795 (2024-11-10), in force from
2025-01-01, Art. 2 gives every citizen these days off:

============  ==========================================
元旦           1 day: 1 January
春节           4 days: 农历除夕 and 正月初一至初三
清明节         1 day: the day of the solar term 清明
劳动节         2 days: 1 and 2 May
端午节         1 day: 农历五月初五
中秋节         1 day: 农历八月十五
国庆节         3 days: 1 to 3 October
============  ==========================================

Art. 6: a festival day for all citizens that falls on a Saturday or Sunday is compensated by a day
off on a working day (补假). The law does not say which day; we take the first following weekday
that is not already off (the practice of the notices, e.g. 2022 元旦: Saturday 1 January, Monday
3 January off). Two festivals on the same day (中秋 on 1 October in 2031) lose a day the same way.

What this module never assumes: weekend make-up working days (调休上班). Those exist only when a
notice declares them; until it is loaded every answer that depends on the year is *provisional*.

The lunar festivals and 清明 are a small table (no lunar library is a dependency). The dates for
2025–2040 were checked against the 2025 and 2026 State Council schedules (in chinesecalendar),
chinesecalendar's solar-term formula (清明) and an independent lunar-month table (1900–2100) of
the kind most calendar libraries ship. To extend the table, add a row per year and run the tests.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

# year: (正月初一, 清明, 端午 五月初五, 中秋 八月十五), each as (month, day).
FESTIVAL_DATES: dict[
    int, tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]
] = {
    2025: ((1, 29), (4, 4), (5, 31), (10, 6)),
    2026: ((2, 17), (4, 5), (6, 19), (9, 25)),
    2027: ((2, 6), (4, 5), (6, 9), (9, 15)),
    2028: ((1, 26), (4, 4), (5, 28), (10, 3)),
    2029: ((2, 13), (4, 4), (6, 16), (9, 22)),
    2030: ((2, 3), (4, 5), (6, 5), (9, 12)),
    2031: ((1, 23), (4, 5), (6, 24), (10, 1)),
    2032: ((2, 11), (4, 4), (6, 12), (9, 19)),
    2033: ((1, 31), (4, 4), (6, 1), (9, 8)),
    2034: ((2, 19), (4, 5), (6, 20), (9, 27)),
    2035: ((2, 8), (4, 5), (6, 10), (9, 16)),
    2036: ((1, 28), (4, 4), (5, 30), (10, 4)),
    2037: ((2, 15), (4, 4), (6, 18), (9, 24)),
    2038: ((2, 4), (4, 5), (6, 7), (9, 13)),
    2039: ((1, 24), (4, 5), (5, 27), (10, 2)),
    2040: ((2, 12), (4, 4), (6, 14), (9, 20)),
}

# The amended 办法 applies from 2025; the table ends in 2040.
FIRST_STATUTORY_YEAR = 2025
LAST_STATUTORY_YEAR = max(FESTIVAL_DATES)

COMPENSATORY_SUFFIX = "（补假）"


def supports(year: int) -> bool:
    """Whether the statutory rule can answer for ``year`` (amended 办法 in force, lunar data known)."""
    return FIRST_STATUTORY_YEAR <= year <= LAST_STATUTORY_YEAR and year in FESTIVAL_DATES


def festival_days(year: int) -> list[tuple[dt.date, str]]:
    """The statutory festival days of ``year`` (Art. 2), in date order; a date may appear twice."""
    if not supports(year):
        raise LookupError(f"no statutory holiday data for {year}")
    spring, qingming, dragon_boat, mid_autumn = FESTIVAL_DATES[year]
    new_year_day = dt.date(year, *spring)
    days = [
        (dt.date(year, 1, 1), "元旦"),
        *((new_year_day + dt.timedelta(days=offset), "春节") for offset in (-1, 0, 1, 2)),
        (dt.date(year, *qingming), "清明节"),
        (dt.date(year, 5, 1), "劳动节"),
        (dt.date(year, 5, 2), "劳动节"),
        (dt.date(year, *dragon_boat), "端午节"),
        (dt.date(year, *mid_autumn), "中秋节"),
        (dt.date(year, 10, 1), "国庆节"),
        (dt.date(year, 10, 2), "国庆节"),
        (dt.date(year, 10, 3), "国庆节"),
    ]
    return sorted(days, key=lambda item: item[0])


@cache
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Every statutory day off of ``year`` with its name: festival days plus Art. 6 补假 days.

    Weekends are not listed unless a festival falls on them. Raises ``LookupError`` for a year the
    rule cannot answer for (see ``supports``).
    """
    result: dict[dt.date, str] = {}
    lost: list[tuple[dt.date, str]] = []
    for day, name in festival_days(year):
        if day in result:
            # Two festivals on one day: one day off is lost (Art. 6 by analogy).
            if name not in result[day]:
                result[day] = f"{result[day]}、{name}"
            lost.append((day, name))
            continue
        result[day] = name
        if day.weekday() >= 5:
            lost.append((day, name))
    for day, name in lost:
        candidate = day + dt.timedelta(days=1)
        while candidate.weekday() >= 5 or candidate in result:
            candidate += dt.timedelta(days=1)
        result[candidate] = f"{name}{COMPENSATORY_SUFFIX}"
    return dict(sorted(result.items()))
