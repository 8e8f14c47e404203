"""States of an obligation, the transitions between them, and the engine's fixed numbers."""

from __future__ import annotations

from django.db import models


class ObligationState(models.TextChoices):
    # The period is running and the due-soon warning time has not come.
    RUNNING = "running", "进行中"
    # The warning time (``due_soon_at``) has passed; the due time has not.
    DUE_SOON = "due_soon", "即将到期"
    # The due time has passed and the duty is not fulfilled.
    OVERDUE = "overdue", "已逾期"
    # The clock is stopped (R-1.4-15: supplementing materials, expert argumentation, …).
    PAUSED = "paused", "已暂停"
    # Fulfilled at or before the due time.
    FULFILLED = "fulfilled", "按期完成"
    # Fulfilled after the due time.
    FULFILLED_LATE = "fulfilled_late", "逾期完成"
    # The period ran out on a right that lapses (a party's defence, an optional notice): nobody is
    # overdue (law spec ``on_expiry="lapses"``).
    LAPSED = "lapsed", "期满失效"
    # Withdrawn with a reason (the case was closed another way, opened by mistake, …).
    CANCELLED = "cancelled", "已撤销"


S = ObligationState

# States in which the clock is (or may again be) running: the scan and the board look at these.
OPEN_STATES: frozenset[str] = frozenset({S.RUNNING, S.DUE_SOON, S.OVERDUE, S.PAUSED})
# States the scan moves forward by time alone.
TICKING_STATES: frozenset[str] = frozenset({S.RUNNING, S.DUE_SOON})
CLOSED_STATES: frozenset[str] = frozenset({S.FULFILLED, S.FULFILLED_LATE, S.LAPSED, S.CANCELLED})

# Every transition a service may make, by the name of the service verb.
# (The scan's running → due_soon → overdue/lapsed moves are time-driven, listed under "scan".)
TRANSITIONS: dict[str, frozenset[str]] = {
    "fulfil": frozenset({S.RUNNING, S.DUE_SOON, S.OVERDUE, S.PAUSED}),
    "pause": frozenset({S.RUNNING, S.DUE_SOON}),
    "resume": frozenset({S.PAUSED}),
    "extend": frozenset({S.RUNNING, S.DUE_SOON, S.PAUSED}),
    "cancel": frozenset({S.RUNNING, S.DUE_SOON, S.OVERDUE, S.PAUSED}),
    "scan": frozenset({S.RUNNING, S.DUE_SOON}),
}

# Why a transition is refused, by (verb, current state), in Chinese for the user.
REFUSALS: dict[str, dict[str, str]] = {
    "fulfil": {
        S.FULFILLED: "该期限事项已经按期完成，不能重复办结。",
        S.FULFILLED_LATE: "该期限事项已经办结（逾期完成），不能重复办结。",
        S.LAPSED: "该期限已届满失效，不能再办结。如确有办理，请在业务记录中说明。",
        S.CANCELLED: "该期限事项已撤销，不能办结。如需继续跟踪，请重新建立期限。",
    },
    "pause": {
        S.PAUSED: "该期限已经暂停，无需重复暂停。",
        S.OVERDUE: "该期限已经逾期，不能再暂停计时。请尽快办结，或说明逾期原因。",
    },
    "resume": {
        S.RUNNING: "该期限正在计时，没有暂停，无需恢复。",
        S.DUE_SOON: "该期限正在计时（即将到期），没有暂停，无需恢复。",
        S.OVERDUE: "该期限已经逾期，没有暂停，无需恢复。",
    },
    "extend": {
        S.OVERDUE: "该期限已经届满，不能再延长。延长须在期限届满前批准。",
    },
    "cancel": {},
}
CLOSED_REFUSAL = "该期限事项已经{state}，不能再{verb}。"
VERB_LABELS = {
    "fulfil": "办结",
    "pause": "暂停",
    "resume": "恢复计时",
    "extend": "延长",
    "cancel": "撤销",
}

# Units of a period (the law registry's ``TimeLimitSpec.unit``).
WORKDAY = "workday"
DAY = "day"
HOUR = "hour"
MINUTE = "minute"
MONTH = "month"
YEAR = "year"
USER_SET = "user_set"
DATE_UNITS: frozenset[str] = frozenset({WORKDAY, DAY, MONTH, YEAR, USER_SET})
CLOCK_UNITS: frozenset[str] = frozenset({HOUR, MINUTE})

# The unit a pause is measured in, by the unit of the period (docs/adr/0007-deadlines.md):
# working days for working-day periods, seconds for hour/minute periods, calendar days otherwise.
PAUSE_WORKDAYS = "workday"
PAUSE_DAYS = "day"
PAUSE_SECONDS = "second"
PAUSE_UNIT_BY_PERIOD: dict[str, str] = {
    WORKDAY: PAUSE_WORKDAYS,
    DAY: PAUSE_DAYS,
    MONTH: PAUSE_DAYS,
    YEAR: PAUSE_DAYS,
    USER_SET: PAUSE_DAYS,
    HOUR: PAUSE_SECONDS,
    MINUTE: PAUSE_SECONDS,
}
PAUSE_UNIT_LABELS = {PAUSE_WORKDAYS: "个工作日", PAUSE_DAYS: "日", PAUSE_SECONDS: "秒"}

# For hour/minute periods the warning comes when this fraction of the period is left
# (e.g. 24 h → 4 h 48 min before; 20 min → 4 min before).
CLOCK_DUE_SOON_FRACTION = 0.2

# Longest label/subject text kept on the row (shown on boards).
LABEL_MAX_LENGTH = 200
SUBJECT_LABEL_MAX_LENGTH = 200

# Ledger actions.
ACTION_OPEN = "deadlines.obligation.open"
ACTION_FULFIL = "deadlines.obligation.fulfil"
ACTION_PAUSE = "deadlines.obligation.pause"
ACTION_RESUME = "deadlines.obligation.resume"
ACTION_EXTEND = "deadlines.obligation.extend"
ACTION_CANCEL = "deadlines.obligation.cancel"
ACTION_RECOMPUTE = "deadlines.obligation.recompute_provisional"
ACTION_SCAN = "deadlines.scan"
