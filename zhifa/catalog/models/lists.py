"""The lists each unit keeps: random-inspection items (R-1.1-01), major decisions needing legal
review (R-1.4-08, filed with the Justice Bureau), matters that need audio-video recording
(R-1.3-05). Entries are deactivated, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.catalog.constants import FilingStatus, UnitListKind


class UnitListEntry(models.Model):
    """One entry of one of a unit's lists; which fields matter depends on ``kind``.

    random_inspection (R-1.1-01): name, content, legal_basis, inspecting_body.
    major_decision (R-1.4-08): name, category, enforcement_level, field, amount_threshold,
    content (the standard for the matter).
    av_recording (R-1.3-05): name (the matter), content, stage, method.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("清单", max_length=24, choices=UnitListKind.choices)
    item = models.ForeignKey(
        "catalog.EnforcementItem",
        verbose_name="对应执法事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_entries",
    )
    name = models.CharField("事项名称", max_length=200)
    content = models.TextField("内容或标准", blank=True)
    legal_basis = models.TextField("依据", blank=True)
    inspecting_body = models.CharField("抽查主体", max_length=100, blank=True)
    category = models.CharField("类别", max_length=60, blank=True)
    enforcement_level = models.CharField("执法层级", max_length=60, blank=True)
    field = models.CharField("所属领域", max_length=60, blank=True)
    amount_threshold = models.DecimalField(
        "涉案金额标准（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField("记录环节", max_length=100, blank=True)
    method = models.CharField("记录方式", max_length=100, blank=True)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "单位清单事项"
        ordering = ("organisation", "kind", "name")
        indexes = [models.Index(fields=("organisation", "kind", "is_active"))]

    def __str__(self) -> str:
        return self.name


class UnitListFiling(models.Model):
    """A unit's list as filed with the Justice Bureau (备案), frozen as a snapshot (R-1.4-08)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("清单", max_length=24, choices=UnitListKind.choices)
    snapshot = models.JSONField("报备内容")
    snapshot_hash = models.CharField("内容摘要", max_length=64)
    status = models.CharField(
        "状态", max_length=16, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报备时间")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    opinion = models.TextField("司法局意见", blank=True)

    class Meta:
        verbose_name = "清单备案"
        verbose_name_plural = "清单备案"
        ordering = ("-submitted_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}备案"
