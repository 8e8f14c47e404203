"""The enforcement-item catalogue with versions (system 1.8, R-1.8-02, R-1.8-06, R-1.5-15).

An item is an identity (unit + code); what it says lives in its versions. A change is a new
version that goes through the adjustment workflow and takes effect on publication; nothing is
deleted: cancelling an item is a version of kind ``delete`` that ends it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.catalog.constants import ChangeKind, ChangeTrigger, ItemType, VersionStatus


class EnforcementItem(models.Model):
    """One enforcement item of a unit's catalogue (执法事项), identified by unit + code."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="实施单位",
        on_delete=models.PROTECT,
        related_name="enforcement_items",
    )
    code = models.CharField("事项编码", max_length=40)
    # Items authorised by local regulations are outside the adjustment flow (R-1.8-06).
    locally_authorised = models.BooleanField("地方法规法定授权事项", default=False)
    # The version in force now (denormalised by the services on publication; null until then).
    current_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name="现行版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_in_force = models.BooleanField("有效", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项清单"
        ordering = ("organisation__sort_order", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "code"), name="catalog_item_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}"


class ItemVersion(models.Model):
    """One version of an item, with the adjustment workflow it went through (R-1.8-06)."""

    item = models.ForeignKey(EnforcementItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    change_kind = models.CharField("调整类型", max_length=10, choices=ChangeKind.choices)
    change_trigger = models.CharField("调整原因", max_length=32, choices=ChangeTrigger.choices)
    change_reason = models.TextField("调整说明", blank=True)
    # --- the item's elements (R-1.8-02, R-1.2-08 (4), R-1.5-15) -------------------------------
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=16, choices=ItemType.choices)
    enforcement_type = models.ForeignKey(
        "catalog.EnforcementType",
        verbose_name="执法类型",
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.TextField("设立依据")
    implementing_subject = models.CharField("实施主体", max_length=100)
    conditions = models.TextField("实施条件", blank=True)
    procedure = models.TextField("实施程序", blank=True)
    time_limit = models.CharField("办理时限", max_length=100)  # never empty (R-1.5-15)
    time_limit_basis = models.CharField("时限依据", max_length=200, blank=True)
    remedies = models.TextField("救济途径", blank=True)
    # --- workflow --------------------------------------------------------------------------
    status = models.CharField(
        "状态", max_length=16, choices=VersionStatus.choices, default=VersionStatus.PROPOSED
    )
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_to = models.DateField("失效日期", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_opinion = models.TextField("审核意见", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("同意时间", null=True, blank=True)
    approval_document = models.CharField("县政府批复文号", max_length=100, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    closed_reason = models.TextField("未通过或撤回原因", blank=True)

    class Meta:
        verbose_name = "执法事项版本"
        verbose_name_plural = "执法事项版本"
        ordering = ("item", "-number")
        constraints = [
            models.UniqueConstraint(fields=("item", "number"), name="catalog_version_unique_number")
        ]
        indexes = [models.Index(fields=("status", "effective_from"))]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"
