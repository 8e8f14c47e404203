"""The enforcement-subject directory confirmed by the county government (R-1.2-07, R-1.2-08 (1))."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.catalog.constants import SubjectStatus


class EnforcementSubject(models.Model):
    """An enforcement subject (执法主体): a department or township confirmed as one.

    R-1.2-08 (1): name, duties, internal enforcement bodies and their division of duties,
    enforcement types, enforcement area; plus the legal basis of its status (R-1.2-07).
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="enforcement_subject",
    )
    name = models.CharField("主体名称", max_length=100)
    legal_basis = models.TextField("主体资格依据")
    duties = models.TextField("职责")
    enforcement_types = models.ManyToManyField(
        "catalog.EnforcementType", verbose_name="执法类型", related_name="subjects", blank=True
    )
    enforcement_area = models.CharField("执法区域", max_length=200)
    confirmation_document = models.CharField("县政府确认文件", max_length=100, blank=True)
    confirmed_at = models.DateField("确认日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=SubjectStatus.choices, default=SubjectStatus.DRAFT
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤销原因", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体名录"
        ordering = ("organisation__sort_order", "name")

    def __str__(self) -> str:
        return self.name


class InternalBody(models.Model):
    """An internal enforcement body of a subject and its division of duties (R-1.2-08 (1))."""

    subject = models.ForeignKey(
        EnforcementSubject, on_delete=models.CASCADE, related_name="internal_bodies"
    )
    name = models.CharField("内设执法机构", max_length=100)
    duties = models.TextField("职责分工")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "内设执法机构"
        verbose_name_plural = "内设执法机构"
        ordering = ("sort_order", "id")

    def __str__(self) -> str:
        return self.name
