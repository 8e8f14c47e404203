"""Writes on obligations: open, fulfil, pause, resume, extend, cancel, recompute.

Every function is keyword-only and atomic, checks the transition and the permission, changes the
row, and appends to the ledger in the same transaction. The state machine (constants.TRANSITIONS)::

    open ──► running ──(scan: due_soon_at)──► due_soon ──(scan: due_at)──► overdue
                │  ▲                              │                           │
          pause │  │ resume (due moves by the     │ pause                     │
                ▼  │  paused working days)        ▼                           │
              paused ◄────────────────────────────┘                           │
    running | due_soon | paused | overdue ──fulfil──► fulfilled (on time) | fulfilled_late
    running | due_soon | paused | overdue ──cancel──► cancelled
    running | due_soon ──(scan: due_at, rights that lapse)──► lapsed
    running | due_soon | paused ──extend──► (due moves) running | due_soon | paused

After a change that moves the due date (resume, extend, recompute) the state is settled at once
against the clock, and a notice that the new state calls for is sent at once (the scan would
send it within a minute anyway; the dedupe key makes sure it is sent once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import can_see_organisation
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.core.subjects import subject_key
from zhifa.deadlines import permissions
from zhifa.deadlines.constants import (
    ACTION_CANCEL,
    ACTION_EXTEND,
    ACTION_FULFIL,
    ACTION_OPEN,
    ACTION_PAUSE,
    ACTION_RECOMPUTE,
    ACTION_RESUME,
    CLOSED_REFUSAL,
    LABEL_MAX_LENGTH,
    OPEN_STATES,
    PAUSE_DAYS,
    PAUSE_SECONDS,
    PAUSE_UNIT_BY_PERIOD,
    PAUSE_WORKDAYS,
    REFUSALS,
    SUBJECT_LABEL_MAX_LENGTH,
    TRANSITIONS,
    USER_SET,
    VERB_LABELS,
    ObligationState,
)
from zhifa.deadlines.due import DueDates, compute_due, obligation_due
from zhifa.deadlines.models import Obligation, ObligationExtension, ObligationPause
from zhifa.deadlines.notifications import DUE_SOON, OVERDUE, NoticeRow, notify
from zhifa.law.registry import NoTimeLimit, UnknownRule, is_registered, time_limit_spec
from zhifa.law.time_limits import PAUSE_REASON_LABELS, UNIT_LABELS, TimeLimitSpec
from zhifa.ledger.services import ledger_append
from zhifa.workdays.calendar import workdays_between

S = ObligationState

__all__ = [
    "obligation_cancel",
    "obligation_extend",
    "obligation_fulfil",
    "obligation_fulfil_for",
    "obligation_open",
    "obligation_pause",
    "obligation_recompute_provisional",
    "obligation_resume",
    "spec_for",
]


# --- helpers ------------------------------------------------------------------------------------


def spec_for(rule_id: str, *, field: str = "rule_id") -> TimeLimitSpec:
    """The law registry's time-limit spec of ``rule_id``, or a DomainError in Chinese."""
    if not isinstance(rule_id, str) or not is_registered(rule_id):
        raise DomainError(
            f"规则编号 {rule_id} 不在规则目录中，请核对（例如 R-1.2-12）。",
            code="unknown_rule",
            field=field,
        )
    try:
        return time_limit_spec(rule_id)
    except (UnknownRule, NoTimeLimit):
        raise DomainError(
            f"规则 {rule_id} 没有规定期限，不能据此建立期限事项。",
            code="rule_without_time_limit",
            field=field,
        ) from None


def _guard(verb: str, obligation: Obligation) -> None:
    if obligation.state in TRANSITIONS[verb]:
        return
    message = REFUSALS[verb].get(obligation.state) or CLOSED_REFUSAL.format(
        state=S(obligation.state).label, verb=VERB_LABELS[verb]
    )
    raise TransitionNotAllowed(message, code=f"{verb}_not_allowed")


def _lock(obligation: Obligation) -> Obligation:
    """The row again, locked for this transaction (PostgreSQL; SQLite writers are serialised)."""
    return (
        Obligation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=obligation.pk)
    )


def _instant(value: dt.datetime | None, *, field: str, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise DomainError("时间必须带时区（北京时间）。", code="naive_datetime", field=field)
    return value


def _check_when(at: dt.datetime, obligation: Obligation, now: dt.datetime, *, field: str) -> None:
    if at > now:
        raise DomainError("时间不能晚于当前时间，请检查。", code="time_in_future", field=field)
    if at < obligation.start_at:
        raise DomainError(
            f"时间不能早于期限起算时间（{clock.local(obligation.start_at):%Y-%m-%d %H:%M}）。",
            code="time_before_start",
            field=field,
        )


def _time_state(obligation: Obligation, now: dt.datetime) -> str:
    if obligation.due_at < now:
        return S.LAPSED if obligation.lapses else S.OVERDUE
    if obligation.due_soon_at <= now:
        return S.DUE_SOON
    return S.RUNNING


def _notice_row(obligation: Obligation) -> NoticeRow:
    return NoticeRow(
        id=obligation.pk,
        organisation_id=obligation.organisation_id,
        responsible_id=obligation.responsible_id,
        label=obligation.label,
        rule_id=obligation.rule_id,
        due_date=obligation.due_date,
    )


def _settle(obligation: Obligation, now: dt.datetime) -> str | None:
    """Set a ticking obligation's state from the clock; returns the notice kind it now needs."""
    obligation.state = _time_state(obligation, now)
    if obligation.state == S.OVERDUE and obligation.overdue_notified_at is None:
        obligation.overdue_notified_at = now
        return OVERDUE
    if obligation.state == S.DUE_SOON and obligation.due_soon_notified_at is None:
        obligation.due_soon_notified_at = now
        return DUE_SOON
    return None


def _apply_due(obligation: Obligation, spec: TimeLimitSpec) -> bool:
    """Recompute the due times from the obligation's period, pauses and extensions; True when
    the due date moved (the warnings of the old date then no longer count)."""
    dates = obligation_due(obligation, spec)
    moved = dates.due_at != obligation.due_at
    obligation.due_at = dates.due_at
    obligation.due_date = dates.due_date
    obligation.due_soon_at = dates.due_soon_at
    obligation.provisional = dates.provisional
    if moved:
        obligation.due_soon_notified_at = None
        obligation.overdue_notified_at = None
    return moved


_DUE_FIELDS = [
    "due_at",
    "due_date",
    "due_soon_at",
    "provisional",
    "state",
    "due_soon_notified_at",
    "overdue_notified_at",
    "updated_at",
]


def _require_text(value: str, *, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    return text


# --- open ---------------------------------------------------------------------------------------


@transaction.atomic
def obligation_open(
    *,
    rule_id: str,
    subject: models.Model,
    organisation: Organisation,
    start_at: dt.datetime | dt.date,
    responsible: User | None = None,
    label: str = "",
    actor: User | None = None,
    due_at: dt.datetime | dt.date | None = None,
    override_duration: int | None = None,
    override_basis: str = "",
    urgent: bool = False,
) -> Obligation:
    """Open the obligation that rule ``rule_id`` imposes on ``organisation`` about ``subject``.

    The due date comes from the law spec and the working-day calendar (:func:`compute_due`).
    ``due_at`` only for specs without a statutory number (``user_set``, AMB-G-d).
    ``override_duration`` (in the spec's unit) is the enforcement item's own period where a law,
    regulation or rule provides otherwise (AMB-G-e); ``override_basis`` must cite it. A rule that
    repeats another rule's duty (``same_as``) opens the obligation under that rule.
    ``actor=None`` is the system (a domain service acting on an event).
    """
    requested_rule = rule_id
    spec = spec_for(rule_id)
    if spec.same_as:
        rule_id = spec.same_as
        spec = spec_for(rule_id)
    if spec.modifies:
        raise DomainError(
            f"规则 {rule_id} 是对 {spec.modifies} 期限的延长或暂停规定，不单独建立期限；"
            f"请对 {spec.modifies} 的期限事项办理延长或暂停。",
            code="rule_modifies_another",
            field="rule_id",
        )
    if spec.timing == "after":
        raise DomainError(
            f"规则 {rule_id} 规定的是期满后才产生的义务，请在期满时建立相应的待办事项。",
            code="rule_timing_after",
            field="rule_id",
        )
    basis = (override_basis or "").strip()
    if override_duration is not None:
        if not spec.overridable_by_item:
            raise DomainError(
                f"规则 {rule_id} 的期限不允许按执法事项另行规定。",
                code="override_not_allowed",
                field="override_duration",
            )
        if not basis:
            raise DomainError(
                "另行规定期限的，须写明所依据的法律、法规、规章条款。",
                code="override_basis_required",
                field="override_basis",
            )
    elif basis:
        raise DomainError(
            "没有另行规定期限，不需要填写依据。",
            code="override_basis_unused",
            field="override_basis",
        )
    if actor is not None and not can_see_organisation(user=actor, organisation=organisation):
        raise PermissionDenied("不能为本单位管辖范围以外的单位建立期限事项。")
    if responsible is not None:
        own = responsible.organisation
        if (
            not responsible.is_active
            or own is None
            or not (
                own.path.startswith(organisation.path) or organisation.path.startswith(own.path)
            )
        ):
            raise DomainError(
                f"责任人 {responsible} 不属于 {organisation}，请选择本单位的人员。",
                code="responsible_not_in_unit",
                field="responsible",
            )
    subject_type, subject_id = subject_key(subject)
    dates = compute_due(
        spec, start_at, override_duration=override_duration, urgent=urgent, due_at=due_at
    )
    now = clock.now()
    start = start_at if isinstance(start_at, dt.datetime) else clock.start_of_day(start_at)
    obligation = Obligation(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=str(subject)[:SUBJECT_LABEL_MAX_LENGTH],
        rule_id=rule_id,
        organisation=organisation,
        responsible=responsible,
        label=((label or "").strip() or spec.fulfilled_text)[:LABEL_MAX_LENGTH],
        unit=dates.unit,
        duration=dates.duration,
        urgent=urgent,
        override_basis=basis,
        user_due_at=dates.due_at if dates.unit == USER_SET else None,
        lapses=spec.on_expiry == "lapses",
        start_at=start,
        start_date=dates.start_date,
        due_at=dates.due_at,
        due_date=dates.due_date,
        due_soon_at=dates.due_soon_at,
        provisional=dates.provisional,
        created_by=actor,
    )
    notice = _settle(obligation, now)
    try:
        with transaction.atomic():
            obligation.save()
    except IntegrityError:
        raise DomainError(
            f"{obligation.subject_label or '该对象'} 已有未办结的 {rule_id} 期限事项，不能重复建立。",
            code="already_open",
            field="rule_id",
        ) from None
    if notice:
        notify([_notice_row(obligation)], notice)
    ledger_append(
        actor=actor,
        action=ACTION_OPEN,
        subject=obligation,
        payload={
            "rule_id": rule_id,
            "requested_rule_id": requested_rule,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "organisation_id": organisation.pk,
            "responsible_id": responsible.pk if responsible else None,
            "start_at": obligation.start_at,
            "unit": obligation.unit,
            "duration": obligation.duration,
            "urgent": urgent,
            "override_basis": basis,
            "due_at": obligation.due_at,
            "provisional": obligation.provisional,
            "state": obligation.state,
        },
    )
    return obligation


# --- fulfil -------------------------------------------------------------------------------------


def _close_running_pause(
    obligation: Obligation, *, at: dt.datetime, actor: User | None
) -> ObligationPause:
    pause = obligation.pauses.select_for_update().get(resumed_at__isnull=True)
    if at < pause.paused_at:
        raise DomainError(
            f"时间不能早于暂停时间（{clock.local(pause.paused_at):%Y-%m-%d %H:%M}）。",
            code="time_before_pause",
            field="at",
        )
    pause.lost = _paused_amount(obligation.unit, pause.paused_at, at)
    pause.resumed_at = at
    pause.resumed_by = actor
    pause.save(update_fields=["lost", "resumed_at", "resumed_by"])
    obligation.paused_total += pause.lost
    return pause


@transaction.atomic
def obligation_fulfil(
    *, obligation: Obligation, actor: User | None, at: dt.datetime | None = None
) -> Obligation:
    """Record that the duty was done at ``at`` (default now): fulfilled if at or before the due
    time, fulfilled late after it. A paused obligation's pause ends at ``at`` first (its due date
    moves by the paused time, R-1.4-15). ``actor=None`` is the system."""
    obligation = _lock(obligation)
    _guard("fulfil", obligation)
    if actor is not None and not permissions.can_manage(actor, obligation):
        raise PermissionDenied("您不能办结该期限事项：只有责任人、本单位承办人员或负责人可以办结。")
    now = clock.now()
    at = _instant(at, field="at", default=now)
    _check_when(at, obligation, now, field="at")
    fields = ["state", "fulfilled_at", "fulfilled_by", "updated_at"]
    if obligation.state == S.PAUSED:
        _close_running_pause(obligation, at=at, actor=actor)
        _apply_due(obligation, spec_for(obligation.rule_id))
        fields = list({*fields, *_DUE_FIELDS, "paused_total"})
    late = at > obligation.due_at
    obligation.state = S.FULFILLED_LATE if late else S.FULFILLED
    obligation.fulfilled_at = at
    obligation.fulfilled_by = actor
    obligation.save(update_fields=fields)
    ledger_append(
        actor=actor,
        action=ACTION_FULFIL,
        subject=obligation,
        payload={
            "rule_id": obligation.rule_id,
            "at": at,
            "due_at": obligation.due_at,
            "late": late,
            "state": obligation.state,
        },
    )
    return obligation


def obligation_fulfil_for(
    *, subject: models.Model, rule_id: str, actor: User | None, at: dt.datetime | None = None
) -> Obligation | None:
    """Fulfil the open obligation of ``rule_id`` about ``subject``, if there is one (a domain
    service calls this on the event that fulfils the rule). Returns None when none is open."""
    spec = spec_for(rule_id)
    if spec.same_as:
        rule_id = spec.same_as
    subject_type, subject_id = subject_key(subject)
    obligation = Obligation.objects.filter(
        subject_type=subject_type,
        subject_id=subject_id,
        rule_id=rule_id,
        state__in=OPEN_STATES,
    ).first()
    if obligation is None:
        return None
    return obligation_fulfil(obligation=obligation, actor=actor, at=at)


# --- pause / resume -----------------------------------------------------------------------------


def _paused_amount(unit: str, paused_at: dt.datetime, resumed_at: dt.datetime) -> int:
    """How far a pause from ``paused_at`` to ``resumed_at`` moves the due date.

    Working-day periods: the working days after the pause day up to and including the resume
    day (a pause and resume on the same day move nothing; the day the pause begins still counts,
    as the day of an event does not, 民法典 Art. 201). Calendar-day, month, year and user-set
    periods: the calendar days between the two dates. Hour and minute periods: the seconds.
    """
    kind = PAUSE_UNIT_BY_PERIOD[unit]
    if kind == PAUSE_SECONDS:
        return max(0, int((resumed_at - paused_at).total_seconds()))
    first = clock.local(paused_at).date()
    last = clock.local(resumed_at).date()
    if kind == PAUSE_WORKDAYS:
        return max(0, workdays_between(first, last))
    if kind == PAUSE_DAYS:
        return max(0, (last - first).days)
    raise ValueError(kind)


@transaction.atomic
def obligation_pause(
    *,
    obligation: Obligation,
    actor: User,
    reason: str,
    at: dt.datetime | None = None,
    note: str = "",
) -> ObligationPause:
    """Stop the clock (R-1.4-15: supplementing materials, expert argumentation or a request for
    interpretation do not count towards the review period). Only if the spec is pausable, for
    one of its pause reasons."""
    obligation = _lock(obligation)
    spec = spec_for(obligation.rule_id)
    if not spec.pausable:
        raise DomainError(
            f"依据 {obligation.rule_id}，该期限不允许暂停计时。",
            code="not_pausable",
            field="reason",
        )
    _guard("pause", obligation)
    if not permissions.can_manage(actor, obligation):
        raise PermissionDenied("您不能暂停该期限：只有责任人、本单位承办人员或负责人可以操作。")
    if spec.pause_reasons and reason not in spec.pause_reasons:
        allowed = "、".join(PAUSE_REASON_LABELS.get(r, r) for r in spec.pause_reasons)
        raise DomainError(
            f"暂停事由不符合规定。依据 {spec.pause_rule or obligation.rule_id}，只能因{allowed}暂停计时。",
            code="invalid_pause_reason",
            field="reason",
        )
    now = clock.now()
    at = _instant(at, field="at", default=now)
    _check_when(at, obligation, now, field="at")
    pause = ObligationPause.objects.create(
        obligation=obligation,
        reason=reason,
        note=(note or "").strip(),
        paused_at=at,
        paused_by=actor,
        lost_unit=PAUSE_UNIT_BY_PERIOD[obligation.unit],
    )
    previous = obligation.state
    obligation.state = S.PAUSED
    obligation.save(update_fields=["state", "updated_at"])
    ledger_append(
        actor=actor,
        action=ACTION_PAUSE,
        subject=obligation,
        payload={
            "rule_id": obligation.rule_id,
            "pause_rule": spec.pause_rule,
            "reason": reason,
            "at": at,
            "previous_state": previous,
            "pause_id": pause.pk,
        },
    )
    return pause


@transaction.atomic
def obligation_resume(
    *, obligation: Obligation, actor: User, at: dt.datetime | None = None
) -> Obligation:
    """Restart the clock; the due date moves by the paused time (see :func:`_paused_amount`)."""
    obligation = _lock(obligation)
    _guard("resume", obligation)
    if not permissions.can_manage(actor, obligation):
        raise PermissionDenied("您不能恢复该期限：只有责任人、本单位承办人员或负责人可以操作。")
    now = clock.now()
    at = _instant(at, field="at", default=now)
    _check_when(at, obligation, now, field="at")
    previous_due = obligation.due_at
    pause = _close_running_pause(obligation, at=at, actor=actor)
    _apply_due(obligation, spec_for(obligation.rule_id))
    notice = _settle(obligation, now)
    obligation.save(update_fields=[*_DUE_FIELDS, "paused_total"])
    if notice:
        notify([_notice_row(obligation)], notice)
    ledger_append(
        actor=actor,
        action=ACTION_RESUME,
        subject=obligation,
        payload={
            "rule_id": obligation.rule_id,
            "at": at,
            "paused_at": pause.paused_at,
            "lost": pause.lost,
            "lost_unit": pause.lost_unit,
            "previous_due_at": previous_due,
            "due_at": obligation.due_at,
            "state": obligation.state,
        },
    )
    return obligation


# --- extend -------------------------------------------------------------------------------------


@transaction.atomic
def obligation_extend(
    *,
    obligation: Obligation,
    actor: User,
    reason: str,
    amount: int | None = None,
    new_due_date: dt.date | None = None,
) -> ObligationExtension:
    """Extend the period, approved by ``actor`` (e.g. R-1.4-14: complex case, +10 working days
    with the organ head's approval, once; R-4.2-11: ≤ +30 days with the principal head's consent).

    Only if the spec is extendable; the total of all extensions stays within ``extension_max``;
    the approver holds the spec's ``extension_approver`` role (or is a unit head) in the
    obligation's unit or a unit above it. A spec with no cap (``extension_max=None``, e.g.
    R-2.6-11 appraisal) takes a ``new_due_date`` set by the approver instead of an amount.
    """
    obligation = _lock(obligation)
    spec = spec_for(obligation.rule_id)
    if not spec.extendable:
        raise DomainError(
            f"依据 {obligation.rule_id}，该期限不得延长。", code="not_extendable", field="amount"
        )
    _guard("extend", obligation)
    if not permissions.can_extend(actor, obligation, spec):
        raise PermissionDenied(
            f"延长该期限须经{permissions.approver_label(spec)}批准，您没有批准权限。",
            code="not_approver",
        )
    reason = _require_text(reason, field="reason", what="延长理由")
    previous_due = obligation.due_at
    unit = spec.extension_unit or obligation.unit
    if spec.extension_max is not None:
        if new_due_date is not None:
            raise DomainError(
                "该期限按规定的天数延长，请填写延长的期限，不能直接设定日期。",
                code="due_not_allowed",
                field="new_due_date",
            )
        if type(amount) is not int or amount <= 0:
            raise DomainError("请填写延长的期限（正整数）。", code="invalid_amount", field="amount")
        left = spec.extension_max - obligation.extended_total
        unit_label = UNIT_LABELS.get(unit, unit)
        if amount > left:
            raise DomainError(
                f"依据 {spec.extension_rule or obligation.rule_id}，延长合计不得超过 "
                f"{spec.extension_max} {unit_label}；已延长 {obligation.extended_total} "
                f"{unit_label}，本次最多还能延长 {max(left, 0)} {unit_label}。",
                code="extension_exceeds_max",
                field="amount",
            )
        obligation.extended_total += amount
    else:
        if amount is not None:
            raise DomainError(
                "该期限的延长没有固定上限，请直接设定新的届满日期。",
                code="amount_not_allowed",
                field="amount",
            )
        if not isinstance(new_due_date, dt.date) or isinstance(new_due_date, dt.datetime):
            raise DomainError("请设定新的届满日期。", code="required", field="new_due_date")
        if new_due_date <= obligation.due_date:
            raise DomainError(
                f"新的届满日期须晚于原届满日期（{obligation.due_date:%Y-%m-%d}）。",
                code="not_later",
                field="new_due_date",
            )
        # A date set by a person already includes the pauses before it (docs/adr/0007).
        obligation.user_due_at = clock.end_of_day(new_due_date)
        obligation.paused_total = 0
    _apply_due(obligation, spec)
    now = clock.now()
    notice = None if obligation.state == S.PAUSED else _settle(obligation, now)
    obligation.save(update_fields=[*_DUE_FIELDS, "extended_total", "user_due_at", "paused_total"])
    extension = ObligationExtension.objects.create(
        obligation=obligation,
        amount=amount,
        unit=unit if amount is not None else USER_SET,
        rule_id=spec.extension_rule or obligation.rule_id,
        reason=reason,
        approved_by=actor,
        approved_at=now,
        previous_due_at=previous_due,
        new_due_at=obligation.due_at,
    )
    if notice:
        notify([_notice_row(obligation)], notice)
    ledger_append(
        actor=actor,
        action=ACTION_EXTEND,
        subject=obligation,
        payload={
            "rule_id": obligation.rule_id,
            "extension_rule": extension.rule_id,
            "amount": amount,
            "unit": extension.unit,
            "reason": reason,
            "previous_due_at": previous_due,
            "due_at": obligation.due_at,
            "extension_id": extension.pk,
        },
    )
    return extension


# --- cancel -------------------------------------------------------------------------------------


@transaction.atomic
def obligation_cancel(*, obligation: Obligation, actor: User | None, reason: str) -> Obligation:
    """Withdraw an open obligation with a reason (opened by mistake, the case ended otherwise).
    A unit head of the unit (or above) or an administrator; ``actor=None`` is the system."""
    obligation = _lock(obligation)
    _guard("cancel", obligation)
    if actor is not None and not permissions.can_cancel(actor, obligation):
        raise PermissionDenied("撤销期限事项须由本单位负责人或系统管理员操作。")
    reason = _require_text(reason, field="reason", what="撤销原因")
    now = clock.now()
    if obligation.state == S.PAUSED:
        _close_running_pause(obligation, at=now, actor=actor)
    previous = obligation.state
    obligation.state = S.CANCELLED
    obligation.closed_reason = reason
    obligation.save(update_fields=["state", "closed_reason", "paused_total", "updated_at"])
    ledger_append(
        actor=actor,
        action=ACTION_CANCEL,
        subject=obligation,
        payload={"rule_id": obligation.rule_id, "reason": reason, "previous_state": previous},
    )
    return obligation


# --- provisional due dates ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeResult:
    checked: int
    changed: int
    notified: int


@transaction.atomic
def obligation_recompute_provisional(*, now: dt.datetime | None = None) -> RecomputeResult:
    """Recompute the due dates of open obligations whose due date was provisional (it depended
    on a year whose holiday schedule was not loaded). Called when a schedule is loaded.

    Set-based: one read of the provisional rows, one calendar computation per distinct period
    (most obligations share their start day and period), bulk updates in batches, one ledger
    entry. Rows whose due date moved get their warnings back and their state settled.
    """
    now = now or clock.now()
    rows = list(
        Obligation.objects.select_for_update()
        .filter(provisional=True, state__in=OPEN_STATES)
        .order_by("pk")
    )
    cache: dict[tuple[object, ...], DueDates] = {}
    changed: list[Obligation] = []
    notices: dict[str, list[NoticeRow]] = {OVERDUE: [], DUE_SOON: []}
    specs: dict[str, TimeLimitSpec] = {}
    for obligation in rows:
        spec = specs.get(obligation.rule_id) or specs.setdefault(
            obligation.rule_id, spec_for(obligation.rule_id)
        )
        key = (
            obligation.rule_id,
            obligation.unit,
            obligation.duration,
            obligation.start_at,
            obligation.user_due_at,
            obligation.paused_total,
            obligation.extended_total,
        )
        dates = cache.get(key)
        if dates is None:
            dates = cache.setdefault(key, obligation_due(obligation, spec))
        before = (obligation.due_at, obligation.due_soon_at, obligation.provisional)
        obligation.due_at = dates.due_at
        obligation.due_date = dates.due_date
        obligation.due_soon_at = dates.due_soon_at
        obligation.provisional = dates.provisional
        if (obligation.due_at, obligation.due_soon_at, obligation.provisional) == before:
            continue
        if obligation.due_at != before[0]:
            obligation.due_soon_notified_at = None
            obligation.overdue_notified_at = None
        if obligation.state != S.PAUSED:
            kind = _settle(obligation, now)
            if kind:
                notices[kind].append(_notice_row(obligation))
        obligation.updated_at = now
        changed.append(obligation)
    if changed:
        Obligation.objects.bulk_update(changed, _DUE_FIELDS, batch_size=1000)
    notified = notify(notices[OVERDUE], OVERDUE) + notify(notices[DUE_SOON], DUE_SOON)
    if changed:
        ledger_append(
            actor=None,
            action=ACTION_RECOMPUTE,
            payload={
                "checked": len(rows),
                "changed": len(changed),
                "obligation_ids": [o.pk for o in changed[:1000]],
                "notified": notified,
            },
        )
    return RecomputeResult(checked=len(rows), changed=len(changed), notified=notified)
