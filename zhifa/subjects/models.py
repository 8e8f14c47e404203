"""Market entities and other counterparts: the inspection-target directory (R-1.1-02).

One model for every kind of counterpart (see docs/adr/0009-market-entity-directory.md): organisations carry a
统一社会信用代码 (``uscc``), natural persons an ID number (``id_number``); a database constraint
ties the identifier to the category, and both are unique when present.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from zhifa.core.identifiers import mask_id_number, validate_id_number, validate_uscc
from zhifa.subjects.constants import (
    EntityCategory,
    EntityStatus,
    ImportStatus,
    complaints_threshold,
)


class MarketEntity(models.Model):
    """A counterpart of the directory (检查对象名录库).

    R-1.1-02: name, legal representative, person in charge, category, address, qualification.
    R-1.1-10: the flags that raise the inspection intensity (abnormal-operation list, serious
    violations, complaints/reports, a higher-level requirement) — see ``raises_intensity``.
    """

    name = models.CharField("名称", max_length=200)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    id_number = models.CharField(
        "身份证号",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_id_number],
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
    status = models.CharField(
        "登记状态", max_length=16, choices=EntityStatus.choices, default=EntityStatus.ACTIVE
    )
    # R-1.1-10 flags
    abnormal_listed = models.BooleanField("列入经营异常名录", default=False)
    abnormal_listed_on = models.DateField("列入异常名录日期", null=True, blank=True)
    serious_violation = models.BooleanField("有严重违法违规记录", default=False)
    complaint_count = models.PositiveIntegerField("投诉举报次数", default=0)
    higher_level_required = models.BooleanField("上级文件要求加大抽查", default=False)
    flag_note = models.CharField("标记说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        ordering = ("name", "id")
        constraints = [
            models.CheckConstraint(
                name="subjects_entity_identifier_by_category",
                condition=(
                    Q(category=EntityCategory.NATURAL_PERSON, uscc__isnull=True)
                    & Q(id_number__isnull=False)
                )
                | (
                    ~Q(category=EntityCategory.NATURAL_PERSON)
                    & Q(uscc__isnull=False, id_number__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="subjects_entity_abnormal_date",
                condition=Q(abnormal_listed=False) | Q(abnormal_listed_on__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "name"], name="subjects_entity_town_name"),
            models.Index(fields=["category", "name"], name="subjects_entity_cat_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.category == EntityCategory.NATURAL_PERSON

    @property
    def code(self) -> str:
        """The identifier: 统一社会信用代码, or the ID number of a natural person."""
        return (self.id_number if self.is_natural_person else self.uscc) or ""

    @property
    def masked_code(self) -> str:
        return mask_id_number(self.id_number or "") if self.is_natural_person else (self.uscc or "")

    @property
    def raises_intensity(self) -> bool:
        """R-1.1-10: raise the inspection intensity (higher draw weight or extra inspection)."""
        return (
            self.abnormal_listed
            or self.serious_violation
            or self.higher_level_required
            or self.complaint_count >= complaints_threshold()
        )

    @property
    def intensity_reasons(self) -> list[str]:
        reasons = []
        if self.abnormal_listed:
            reasons.append("列入经营异常名录")
        if self.serious_violation:
            reasons.append("有严重违法违规记录")
        if self.complaint_count >= complaints_threshold():
            reasons.append(f"投诉举报{self.complaint_count}次")
        if self.higher_level_required:
            reasons.append("上级文件明确要求")
        return reasons


def intensity_q() -> Q:
    """R-1.1-10: the rows whose inspection intensity is raised, as a filter."""
    return (
        Q(abnormal_listed=True)
        | Q(serious_violation=True)
        | Q(higher_level_required=True)
        | Q(complaint_count__gte=complaints_threshold())
    )


class ImportRun(models.Model):
    """One bulk import of a CSV or XLSX file, processed by the worker; the page polls it."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="导入单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField("文件名", max_length=200)
    file_format = models.CharField("格式", max_length=8)
    file_path = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_read = models.PositiveIntegerField("已读行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变化", default=0)
    rejected_count = models.PositiveIntegerField("有误", default=0)
    progress = models.PositiveSmallIntegerField("进度（‰）", default=0)
    error_file_path = models.CharField(max_length=255, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if self.status == ImportStatus.DONE else self.progress // 10


class ImportKey(models.Model):
    """Scratch row: a credit code / ID number already met in a run, with the digest of its row.

    Lets the import find a code repeated in the same file across batches without keeping a set
    in memory (memory must not grow with the file). Deleted when the run finishes.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=18)
    digest = models.CharField(max_length=32)
    row_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="subjects_importkey_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.key}"
