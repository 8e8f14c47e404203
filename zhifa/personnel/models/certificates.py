"""Enforcement certificates and their history (system 1.7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.personnel.constants import CertificateStatus, FilingStatus


class Certificate(models.Model):
    """A 《中华人民共和国行政执法证》 (R-1.7-02): number, types, area, dates, status.

    One person, one certificate (R-1.7-04): at most one certificate per officer is not final
    (enforced by the services; a reissued certificate replaces the void one).
    """

    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField("证件编号", max_length=30, unique=True, null=True, blank=True)
    issuer = models.CharField("发证机关", max_length=60, default="山西省人民政府")
    enforcement_types = models.ManyToManyField(
        "catalog.EnforcementType", verbose_name="执法类型", related_name="certificates"
    )
    enforcement_area = models.CharField("执法区域", max_length=200)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=24, choices=CertificateStatus.choices, default=CertificateStatus.APPLIED
    )
    status_reason = models.TextField("状态原因", blank=True)
    status_changed_at = models.DateTimeField("状态变更时间")
    # The last annual review passed, and the date by which the next one must be passed.
    reviewed_until = models.DateField("年审有效至", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="补办所替代的证件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("申领时间")

    class Meta:
        verbose_name = "行政执法证"
        verbose_name_plural = "行政执法证"
        ordering = ("-applied_at",)
        indexes = [models.Index(fields=("officer", "status"))]
        constraints = [
            # R-1.7-04 one person, one certificate: at most one certificate per officer that is
            # not final (applied, issued, valid, withheld, reported lost).
            models.UniqueConstraint(
                fields=("officer",),
                condition=models.Q(
                    status__in=("applied", "issued", "valid", "withheld", "reported_lost")
                ),
                name="personnel_one_live_certificate",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"（申领中）{self.officer}"


class CertificateEvent(models.Model):
    """One transition of a certificate with its reason (the domain history; the ledger too)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=40)
    from_status = models.CharField(max_length=24, choices=CertificateStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=CertificateStatus.choices)
    reason = models.TextField("原因")
    reference = models.CharField("决定文号或依据", max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "证件变更记录"
        verbose_name_plural = "证件变更记录"
        ordering = ("certificate", "at", "id")

    def __str__(self) -> str:
        return f"{self.certificate} {self.action}"


class AnnualReview(models.Model):
    """年审 of one certificate for one year (R-1.7-07); the period is set by the Justice Bureau."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="annual_reviews"
    )
    year = models.PositiveIntegerField("年度")
    due_on = models.DateField("年审截止日期")
    passed = models.BooleanField("通过", null=True)  # None: not reviewed yet
    opinion = models.TextField("年审意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("年审时间", null=True, blank=True)

    class Meta:
        verbose_name = "证件年审"
        verbose_name_plural = "证件年审"
        ordering = ("-year",)
        constraints = [
            models.UniqueConstraint(fields=("certificate", "year"), name="personnel_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.year}年审"


class EquivalentCertificate(models.Model):
    """A certificate of equal effect designated by the State Council or the province, filed with
    the Justice Bureau (R-1.7-06)."""

    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="equivalent_certificates"
    )
    name = models.CharField("证件名称", max_length=100)
    number = models.CharField("证件编号", max_length=60)
    issuer = models.CharField("发证机关", max_length=100)
    designation_basis = models.TextField("同等效力依据（国务院或省政府规定）")
    enforcement_types = models.ManyToManyField(
        "catalog.EnforcementType", verbose_name="执法类型", related_name="+"
    )
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(
        "备案状态", max_length=16, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报备时间")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField("备案时间", null=True, blank=True)
    opinion = models.TextField("司法局意见", blank=True)

    class Meta:
        verbose_name = "同等效力证件备案"
        verbose_name_plural = "同等效力证件备案"
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(fields=("issuer", "number"), name="personnel_equivalent_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"


class CertificateFileFiling(models.Model):
    """A unit's certificate management file (证件管理档案) filed with the Justice Bureau
    (R-1.7-08): a snapshot of its officers, their certificates and their history when filed."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField("档案内容", default=dict)
    officer_count = models.PositiveIntegerField("人员数", default=0)
    certificate_count = models.PositiveIntegerField("证件数", default=0)
    status = models.CharField(
        "备案状态", max_length=16, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报备时间")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField("备案时间", null=True, blank=True)
    opinion = models.TextField("司法局意见", blank=True)

    class Meta:
        verbose_name = "证件管理档案备案"
        verbose_name_plural = "证件管理档案备案"
        ordering = ("-submitted_at",)

    def __str__(self) -> str:
        return f"{self.organisation} 证件管理档案（{self.submitted_at:%Y-%m-%d}）"
