"""Templates of official documents (文书), their versions, and the documents generated from them.

Files (template DOCX, generated DOCX and PDF) are stored through Django's storage under their
SHA-256 (``documents/ab/cd/abcd….docx``) and written completely before a row points to them; see
:mod:`zhifa.documents.storage`. Rows are never deleted: an old template version stays so every
generated document can say exactly which template made it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from zhifa.documents.constants import TemplateCategory


class DocumentTemplate(models.Model):
    """A kind of document, e.g. 行政处罚决定书 (``penalty_decision``); its text is in versions."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    category = models.CharField(
        "类别", max_length=20, choices=TemplateCategory.choices, default=TemplateCategory.OTHER
    )
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    # Example values for the preview; staff may edit them in the preview form.
    sample_context = models.JSONField(
        "示例数据", default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ("category", "code")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class DocumentTemplateVersion(models.Model):
    """One uploaded DOCX of a template. Exactly one version of a template is current."""

    template = models.ForeignKey(
        DocumentTemplate, verbose_name="模板", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField("版本号")
    docx = models.FileField("模板文件", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    variables = models.JSONField("占位符", default=list, blank=True)
    note = models.CharField("修改说明", max_length=200, blank=True)
    is_current = models.BooleanField("当前版本", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "文书模板版本"
        verbose_name_plural = "文书模板版本"
        ordering = ("template", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("template", "version"), name="documents_version_unique"
            ),
            models.UniqueConstraint(
                fields=("template",),
                condition=Q(is_current=True),
                name="documents_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} 第{self.version}版"

    @property
    def filename(self) -> str:
        return f"{self.template.code}-v{self.version}.docx"


class GeneratedDocument(models.Model):
    """A document made from a template version with a context, stored as DOCX and PDF.

    ``subject_type``/``subject_id`` name what it belongs to (``"cases.case"``/``"12"``), like the
    ledger does, so any app can attach documents without a foreign key into it.
    """

    template_version = models.ForeignKey(
        DocumentTemplateVersion,
        verbose_name="模板版本",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="generated_documents",
    )
    subject_type = models.CharField("所属对象类型", max_length=60, blank=True)
    subject_id = models.CharField("所属对象编号", max_length=64, blank=True)
    number = models.CharField("文号", max_length=100, blank=True)
    title = models.CharField("标题", max_length=200)
    context = models.JSONField("填写数据", default=dict, encoder=DjangoJSONEncoder)
    docx = models.FileField("Word 文件", max_length=255)
    docx_sha256 = models.CharField("Word SHA-256", max_length=64)
    docx_size = models.PositiveIntegerField("Word 大小", default=0)
    pdf = models.FileField("PDF 文件", max_length=255)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, db_index=True)
    pdf_size = models.PositiveIntegerField("PDF 大小", default=0)
    page_count = models.PositiveIntegerField("页数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("制作时间")

    class Meta:
        verbose_name = "已制作文书"
        verbose_name_plural = "已制作文书"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("subject_type", "subject_id"), name="documents_gen_subject_idx"),
            models.Index(fields=("organisation", "-created_at"), name="documents_gen_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()

    @property
    def base_filename(self) -> str:
        code = self.template_version.template.code if self.template_version_id else "document"
        return f"{code}-{self.pk}"
