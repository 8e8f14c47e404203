"""Obligations: one row per running time limit, with its pauses and extensions.

An obligation says "``organisation`` must do what rule ``rule_id`` requires about ``subject`` by
``due_at``". Its due date is computed once, by :func:`zhifa.deadlines.due.compute_due`, from the
law registry's spec and the working-day calendar, and recomputed only when a pause ends, an
extension is approved or a provisional calendar year is loaded. The scan moves states forward by
time with set-based UPDATEs (``zhifa.deadlines.scan``); everything else goes through
``zhifa.deadlines.services``. Design: docs/adr/0007-deadlines.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.accounts.models import Organisation
from zhifa.core.subjects import subject_resolve
from zhifa.deadlines.constants import (
    CLOSED_STATES,
    LABEL_MAX_LENGTH,
    OPEN_STATES,
    PAUSE_UNIT_LABELS,
    SUBJECT_LABEL_MAX_LENGTH,
    ObligationState,
)


class Obligation(models.Model):
    # --- what, about what, for whom ---------------------------------------------------------
    subject_type = models.CharField("对象类型", max_length=100)  # "app_label.modelname"
    subject_id = models.CharField("对象编号", max_length=64)
    # str(subject) when the obligation was opened: shown on boards without loading the subject.
    subject_label = models.CharField("对象", max_length=SUBJECT_LABEL_MAX_LENGTH, blank=True)
    rule_id = models.CharField("规则编号", max_length=20)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="obligations",
        db_index=False,  # led by the (organisation, state) index
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
        db_index=False,  # led by the (responsible, state) index
    )
    label = models.CharField("事项", max_length=LABEL_MAX_LENGTH)

    # --- the period (snapshot of the law spec when opened) ---------------------------------
    unit = models.CharField("期限单位", max_length=10)
    # The period in ``unit``; the item's own period when overridden (AMB-G-e); None for user_set.
    duration = models.PositiveIntegerField("期限", null=True, blank=True)
    urgent = models.BooleanField("情况紧急", default=False)
    override_basis = models.CharField("另行规定的依据", max_length=300, blank=True)
    # For unit "user_set": the due time a person set (AMB-G-d); pauses shift it.
    user_due_at = models.DateTimeField("设定期限", null=True, blank=True)
    # Law spec on_expiry="lapses": the period is a window for a right; expiry makes it lapse.
    lapses = models.BooleanField("期满失效", default=False)

    start_at = models.DateTimeField("起算时间")
    start_date = models.DateField("起算日")
    due_at = models.DateTimeField("届满时间")
    due_date = models.DateField("届满日")
    due_soon_at = models.DateTimeField("预警时间")
    # The due date depends on a year whose holiday schedule is not loaded yet.
    provisional = models.BooleanField("暂定", default=False)
    # Sum of the finished pauses, in the pause unit of ``unit`` (constants.PAUSE_UNIT_BY_PERIOD).
    paused_total = models.PositiveIntegerField("暂停累计", default=0)
    # Sum of the approved extensions in the spec's ``extension_unit`` (0 when none).
    extended_total = models.PositiveIntegerField("延长累计", default=0)

    # --- state ------------------------------------------------------------------------------
    state = models.CharField(
        "状态", max_length=16, choices=ObligationState.choices, default=ObligationState.RUNNING
    )
    fulfilled_at = models.DateTimeField("完成时间", null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_reason = models.TextField("撤销原因", blank=True)
    due_soon_notified_at = models.DateTimeField("预警通知时间", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("逾期通知时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="建立人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "期限事项"
        verbose_name_plural = "期限事项"
        ordering = ("due_at", "id")
        indexes = [
            # The scan (docs/adr/0007): partial, so only ticking rows are indexed — overdue and
            # closed rows (most of the table, in time) cost nothing here, and moving a row out of
            # "running"/"due soon" writes no entry into them.
            models.Index(
                fields=("due_soon_at",),
                condition=Q(state="running"),
                name="deadlines_running_soon_idx",
            ),
            models.Index(
                fields=("due_at",),
                condition=Q(state__in=["due_soon", "running"]),
                name="deadlines_ticking_due_idx",
            ),
            # Boards and counts per unit; "my" counts.
            models.Index(fields=("organisation", "state"), name="deadlines_org_state_idx"),
            models.Index(fields=("responsible", "state"), name="deadlines_resp_state_idx"),
            # All obligations of a subject (a case page), open or closed.
            models.Index(fields=("subject_type", "subject_id"), name="deadlines_subject_idx"),
            # Recomputed when a holiday schedule is loaded; few rows, so a partial index.
            models.Index(
                fields=("due_date",),
                condition=Q(provisional=True),
                name="deadlines_provisional_idx",
            ),
        ]
        constraints = [
            # One open obligation per subject and rule: opening twice is a mistake.
            models.UniqueConstraint(
                fields=("subject_type", "subject_id", "rule_id"),
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="deadlines_one_open_per_subject_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.rule_id}）"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_basis)

    @property
    def is_clock_unit(self) -> bool:
        return self.unit in ("hour", "minute")

    @property
    def tone(self) -> str:
        """Badge colour of the state: ok / warn / danger / muted."""
        return {
            ObligationState.RUNNING: "info",
            ObligationState.DUE_SOON: "warn",
            ObligationState.OVERDUE: "danger",
            ObligationState.PAUSED: "muted",
            ObligationState.FULFILLED: "ok",
            ObligationState.FULFILLED_LATE: "warn",
            ObligationState.LAPSED: "muted",
            ObligationState.CANCELLED: "muted",
        }[ObligationState(self.state)]

    def subject(self) -> models.Model | None:
        """The subject row (one query), or None when it is gone."""
        return subject_resolve(self.subject_type, self.subject_id)

    def subject_url(self) -> str:
        obj = self.subject()
        get_url: Any = getattr(obj, "get_absolute_url", None)
        return get_url() if callable(get_url) else ""


class ObligationPause(models.Model):
    """An interval during which the clock of an obligation stood still (R-1.4-15)."""

    obligation = models.ForeignKey(
        Obligation, verbose_name="期限事项", on_delete=models.CASCADE, related_name="pauses"
    )
    reason = models.CharField("暂停事由", max_length=40)
    note = models.TextField("说明", blank=True)
    paused_at = models.DateTimeField("暂停时间")
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="暂停人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resumed_at = models.DateTimeField("恢复时间", null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="恢复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How much the due date moved when the pause ended, in ``lost_unit`` (working days for a
    # working-day period, calendar days for day/month/year periods, seconds for hours/minutes).
    lost = models.PositiveIntegerField("不计入期限", null=True, blank=True)
    lost_unit = models.CharField("单位", max_length=10)

    class Meta:
        verbose_name = "期限暂停"
        verbose_name_plural = "期限暂停"
        ordering = ("paused_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("obligation",),
                condition=Q(resumed_at__isnull=True),
                name="deadlines_one_running_pause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} 暂停于 {self.paused_at:%Y-%m-%d}"

    @property
    def lost_display(self) -> str:
        if self.lost is None:
            return "—"
        if self.lost_unit == "second":
            hours, rest = divmod(self.lost, 3600)
            return f"{hours} 小时 {rest // 60} 分钟"
        return f"{self.lost} {PAUSE_UNIT_LABELS.get(self.lost_unit, self.lost_unit)}"


class ObligationExtension(models.Model):
    """An approved extension of an obligation's period (e.g. R-1.4-14: +10 WD, unit head)."""

    obligation = models.ForeignKey(
        Obligation, verbose_name="期限事项", on_delete=models.CASCADE, related_name="extensions"
    )
    # How much, in ``unit``; None when the spec has no cap and a person set the new date.
    amount = models.PositiveIntegerField("延长", null=True, blank=True)
    unit = models.CharField("单位", max_length=10)
    rule_id = models.CharField("依据规则", max_length=20, blank=True)
    reason = models.TextField("延长理由")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("批准时间")
    previous_due_at = models.DateTimeField("原届满时间")
    new_due_at = models.DateTimeField("新届满时间")

    class Meta:
        verbose_name = "期限延长"
        verbose_name_plural = "期限延长"
        ordering = ("approved_at", "id")

    def __str__(self) -> str:
        return f"{self.obligation_id} 延长 {self.amount or ''}{self.unit}"
