"""Market entities and other counterparts: the inspection-target directory (R-1.1-02)."""

from __future__ import annotations

from django.db import models

from zhifa.core.identifiers import validate_uscc
from zhifa.subjects.constants import EntityCategory


class MarketEntity(models.Model):
    """A market entity of the directory (检查对象名录库), identified by its 统一社会信用代码.

    R-1.1-02: name, legal representative, person in charge, category, address, qualification.
    """

    name = models.CharField("名称", max_length=200)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    category = models.CharField(
        "类别", max_length=32, choices=EntityCategory.choices, default=EntityCategory.ENTERPRISE
    )
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    person_in_charge = models.CharField("负责人", max_length=50, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    township = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="所在乡镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.CharField("行业", max_length=50, blank=True)
    qualification = models.CharField("资质等级", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("存续", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
