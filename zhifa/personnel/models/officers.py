"""The officer record (system 1.7, R-1.7-03, R-3.1-09, R-3.1-10, R-1.10-05)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.core.identifiers import validate_id_number
from zhifa.personnel.constants import Gender, StaffingType


class Officer(models.Model):
    """A person who holds or may hold an enforcement certificate.

    Linked to a login (``user``) when the person uses Zhifa; a record may exist without one.
    Eligibility facts are kept here; the services refuse what the rules exclude.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officer",
    )
    full_name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = models.CharField(
        "身份证号", max_length=18, unique=True, validators=[validate_id_number]
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("职务", max_length=50)
    in_enforcement_post = models.BooleanField("在行政执法岗位", default=True)
    staffing_type = models.CharField("人员身份", max_length=32, choices=StaffingType.choices)
    ever_dismissed = models.BooleanField("曾被开除公职", default=False)
    # R-1.10-05: put on duty only after passing the induction assessment.
    induction_passed_on = models.DateField("入职培训考核合格日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("在职", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ("organisation__sort_order", "full_name")
        indexes = [models.Index(fields=("organisation", "is_active"))]

    def __str__(self) -> str:
        return self.full_name
