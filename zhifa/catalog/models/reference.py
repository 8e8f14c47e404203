"""执法类型: the enforcement types a certificate covers and an item belongs to (R-1.7-02, R-1.7-04)."""

from __future__ import annotations

from django.db import models


class EnforcementType(models.Model):
    """An enforcement type (执法类型 / 执法领域), e.g. 市场监管, 城市管理, 乡镇综合行政执法.

    Certificates list the types their holder may act in; every catalogue item names its type, so
    "may this officer act on this item" is one comparison (R-1.7-04). Reference data: never
    deleted, deactivated instead.
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "执法类型"
        verbose_name_plural = "执法类型"
        ordering = ("sort_order", "code")

    def __str__(self) -> str:
        return self.name
