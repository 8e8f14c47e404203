"""Template helpers for obligations: "还剩 N 个工作日 / 已逾期 N 个工作日"."""

from __future__ import annotations

import datetime as dt

from django import template

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.constants import CLOSED_STATES, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.law.time_limits import period_zh
from zhifa.workdays.calendar import workdays_between

register = template.Library()

S = ObligationState


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 24:
        days, hours = divmod(hours, 24)
        return f"{days} 天 {hours} 小时"
    if hours:
        return f"{hours} 小时 {minutes} 分钟"
    return f"{max(minutes, 1)} 分钟"


def due_hint_text(obligation: Obligation, *, now: dt.datetime | None = None) -> str:
    """How much time is left (or how late it is), in the unit people count in.

    Working days for date periods (the calendar is in memory: no query per row), hours and
    minutes for hour/minute periods. Closed obligations say when they were closed.
    """
    now = now or clock.now()
    state = obligation.state
    if state in CLOSED_STATES:
        if obligation.fulfilled_at is not None:
            return f"已于 {clock.local(obligation.fulfilled_at):%Y-%m-%d} 办结"
        return S(state).label
    if state == S.PAUSED:
        return "已暂停计时（恢复后顺延）"
    if obligation.is_clock_unit:
        delta = (obligation.due_at - now).total_seconds()
        return f"还剩 {_span(delta)}" if delta >= 0 else f"已逾期 {_span(-delta)}"
    today = clock.local(now).date()
    due = obligation.due_date
    try:
        if today < due:
            return f"还剩 {workdays_between(today, due)} 个工作日"
        if today == due:
            return "今日到期"
        late = workdays_between(due, today)
    except DomainError:
        return ""
    return f"已逾期 {late} 个工作日" if late > 0 else "已逾期（不足 1 个工作日）"


@register.filter
def due_hint(obligation: Obligation) -> str:
    return due_hint_text(obligation)


@register.filter
def period_text(obligation: Obligation) -> str:
    if obligation.user_due_at is not None and obligation.unit == "user_set":
        return "无法定期限（设定日期）"
    return period_zh(obligation.duration, obligation.unit)


@register.filter
def pause_reason(code: str) -> str:
    from zhifa.law.time_limits import PAUSE_REASON_LABELS

    return PAUSE_REASON_LABELS.get(code, code)
