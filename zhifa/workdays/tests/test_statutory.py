"""The statutory fallback (《全国年节及纪念日放假办法》 as amended in 2024) and its lunar table."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays as package_holidays

from zhifa.workdays import statutory
from zhifa.workdays.tests.conftest import d


@pytest.mark.parametrize("year", [2025, 2026])
def test_festival_days_are_days_off_in_the_official_schedule(year: int) -> None:
    """Every statutory festival day of 2025/2026 is a day off in the State Council schedule."""
    for day, name in statutory.festival_days(year):
        assert day in package_holidays, (day, name)


@pytest.mark.parametrize("year", sorted(statutory.FESTIVAL_DATES))
def test_qingming_matches_the_solar_term(year: int) -> None:
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    qingming = [day for day, name in terms if name == "清明"]
    assert qingming == [dt.date(year, *statutory.FESTIVAL_DATES[year][1])]


@pytest.mark.parametrize("year", sorted(statutory.FESTIVAL_DATES))
def test_lunar_table_is_plausible(year: int) -> None:
    """正月初一 between 21 Jan and 20 Feb; 端午 and 中秋 about 4 and 7 lunar months later."""
    spring, _, dragon, autumn = (dt.date(year, *md) for md in statutory.FESTIVAL_DATES[year])
    assert dt.date(year, 1, 21) <= spring <= dt.date(year, 2, 20)
    # Four lunar months of 29-30 days (+ a possible leap month) from 正月初一 to 五月初五.
    assert 4 * 29 + 4 <= (dragon - spring).days <= 5 * 30 + 4
    assert 7 * 29 + 14 <= (autumn - spring).days <= 8 * 30 + 14
    assert dt.date(year, 9, 7) <= autumn <= dt.date(year, 10, 8)


def test_2027_statutory_holidays_with_compensatory_days() -> None:
    days = statutory.statutory_holidays(2027)
    assert days[d("2027-01-01")] == "元旦"
    # 除夕 + 正月初一至初三: Fri 5 Feb .. Mon 8 Feb; Sat/Sun lost → Tue 9, Wed 10 (Art. 6).
    assert [days[d(f"2027-02-{n:02d}")] for n in range(5, 9)] == ["春节"] * 4
    assert days[d("2027-02-09")] == "春节（补假）"
    assert days[d("2027-02-10")] == "春节（补假）"
    assert d("2027-02-11") not in days
    # 劳动节 1-2 May fall on Sat/Sun → Mon 3, Tue 4 off.
    assert days[d("2027-05-03")] == days[d("2027-05-04")] == "劳动节（补假）"
    assert days[d("2027-04-05")] == "清明节"
    assert days[d("2027-06-09")] == "端午节"
    assert days[d("2027-09-15")] == "中秋节"
    assert [days[d(f"2027-10-0{n}")] for n in (1, 2, 3)] == ["国庆节"] * 3
    assert days[d("2027-10-04")] == days[d("2027-10-05")] == "国庆节（补假）"
    assert len(days) == 19


def test_two_festivals_on_one_day_give_a_compensatory_day() -> None:
    """2031: 中秋 is 1 October; the lost day is given after the National Day block."""
    days = statutory.statutory_holidays(2031)
    assert days[d("2031-10-01")] == "中秋节、国庆节"
    assert days[d("2031-10-06")] == "国庆节（补假）"


def test_compensatory_days_are_weekdays_after_their_festival() -> None:
    for year in statutory.FESTIVAL_DATES:
        festivals = dict(statutory.festival_days(year))
        for day, name in statutory.statutory_holidays(year).items():
            if name.endswith(statutory.COMPENSATORY_SUFFIX):
                assert day.weekday() < 5
                assert day not in festivals
                assert day.year == year


def test_unsupported_years_raise() -> None:
    assert not statutory.supports(2024)  # before the amended 办法 took effect
    assert not statutory.supports(statutory.LAST_STATUTORY_YEAR + 1)
    with pytest.raises(LookupError):
        statutory.statutory_holidays(2041)
