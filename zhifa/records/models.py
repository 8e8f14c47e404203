"""全过程记录 (system 1.3): the written and audio-video records of every enforcement act.

- :class:`StoredFile` — one file's bytes, stored once under its SHA-256 through Django's storage
  (``records/ab/cd/<sha256>``) and never modified (R-1.3-18). Two uploads of the same bytes share
  it (a duplicate is recognised).
- :class:`Record` — a written record (笔录, 文书, scan) or an audio-video record (photo, audio,
  video) of one stage (R-1.3-02) of a case or one of its field steps; an AV record carries what
  R-1.3-09/10 require and waits for its file (R-1.3-13/14: 2 working days).
- :class:`RecordFile` — a file of a record: an original (as uploaded) or a preview derived from it.
- :class:`Interruption` — R-1.3-11: recording stopped for an objective cause.
- :class:`AvExplanation` — R-1.3-07/11: why a mandatory AV record could not be made or
  continued, approved by the head.
- :class:`UploadSession` — a resumable upload in progress (chunks land in a staging file).
- :class:`ReleaseRequest` — R-1.3-16/18: release outside the unit, export, publication, or a
  party's request to see records — each needs the head's approval.
- :class:`FileCheck` — a hash check of a stored file that failed or passed (read or verify run).

Rows are written only by ``zhifa/records/services/`` and never deleted within the retention
period (database triggers).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from zhifa.core.fields import user_fk as _user
from zhifa.records.constants import (
    CheckSource,
    DeviceKind,
    ExplanationStatus,
    FileRole,
    InterruptionCause,
    MediaKind,
    RecordForm,
    RecordStage,
    RecordStatus,
    ReleaseKind,
    ReleaseStatus,
    UploadStatus,
)


class StoredFile(models.Model):
    """The bytes of one file, stored once under their SHA-256; the original is never modified."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    name = models.CharField("存储位置", max_length=255)
    size = models.BigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    created_at = models.DateTimeField("存储时间")

    class Meta:
        verbose_name = "存储文件"
        verbose_name_plural = "存储文件"

    def __str__(self) -> str:
        return self.sha256


class Record(models.Model):
    """One record of an enforcement act: written (the basic form) or audio-video."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="执法单位", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    field_action = models.ForeignKey(
        "cases.FieldAction",
        verbose_name="调查措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    stage = models.CharField("执法环节", max_length=20, choices=RecordStage.choices)
    form = models.CharField("记录形式", max_length=20, choices=RecordForm.choices)
    media = models.CharField("载体", max_length=20, choices=MediaKind.choices)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("内容摘要", blank=True)

    # R-1.3-10: what is stated at the start of an AV record, and the device checked before it.
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    reason = models.CharField("执法事由", max_length=200, blank=True)
    target = models.CharField("执法对象", max_length=200, blank=True)
    device_kind = models.CharField(
        "记录设备", max_length=20, choices=DeviceKind.choices, blank=True
    )
    device_label = models.CharField("设备编号", max_length=100, blank=True)
    precheck_device = models.BooleanField("已检查设备性能", default=False)
    precheck_battery = models.BooleanField("已检查电量", default=False)
    precheck_storage = models.BooleanField("已检查储存空间", default=False)
    announced = models.BooleanField("开始时已语音说明并告知正在记录", default=False)
    focus = models.JSONField("记录重点（R-1.3-09）", default=list, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="执法人员", related_name="+", blank=True
    )

    # R-1.3-13/14: stored within 2 working days of completion, or of the return to the unit.
    away_from_base = models.BooleanField("连续执法、异地执法或偏远地区执法", default=False)
    returned_on = models.DateField("返回单位日期", null=True, blank=True)
    away_reason = models.TextField("不能及时移交存储的原因", blank=True)
    status = models.CharField(
        "存储状态", max_length=20, choices=RecordStatus.choices, default=RecordStatus.AWAITING_FILE
    )
    stored_at = models.DateTimeField("存储时间", null=True, blank=True)

    retain_until = models.DateField("保存期限至")  # AMB-1.3-a: per record form, in settings
    created_by = _user("登记人")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "执法全过程记录"
        verbose_name_plural = "执法全过程记录"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"]),
            models.Index(fields=["case", "stage"]),
            models.Index(fields=["status", "form"]),
        ]

    def __str__(self) -> str:
        return self.title


class RecordFile(models.Model):
    """A file of a record: the original as uploaded, or a preview derived from it."""

    record = models.ForeignKey(
        Record, verbose_name="记录", on_delete=models.PROTECT, related_name="files"
    )
    blob = models.ForeignKey(
        StoredFile, verbose_name="存储文件", on_delete=models.PROTECT, related_name="uses"
    )
    role = models.CharField(
        "文件性质", max_length=20, choices=FileRole.choices, default=FileRole.ORIGINAL
    )
    derived_from = models.ForeignKey(
        "self",
        verbose_name="原始文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derivatives",
    )
    original_name = models.CharField("文件名", max_length=255)
    taken_at = models.DateTimeField("拍摄时间（EXIF）", null=True, blank=True)
    latitude = models.DecimalField(
        "纬度（EXIF）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "经度（EXIF）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = _user("上传人")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "记录文件"
        verbose_name_plural = "记录文件"
        ordering = ("record_id", "uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


class Interruption(models.Model):
    """R-1.3-11: recording stopped for an objective cause; enforcement went on."""

    record = models.ForeignKey(
        Record, verbose_name="记录", on_delete=models.PROTECT, related_name="interruptions"
    )
    started_at = models.DateTimeField("中断时间")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)  # None: not resumed
    cause = models.CharField("中断原因", max_length=20, choices=InterruptionCause.choices)
    detail = models.TextField("情况说明", blank=True)
    voice_explained = models.BooleanField("恢复记录时已语音说明中断原因", default=False)
    written_note = models.TextField("事后书面说明", blank=True)
    recorded_by = _user("登记人")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "音像记录中断"
        verbose_name_plural = "音像记录中断"
        ordering = ("record_id", "started_at", "id")

    def __str__(self) -> str:
        return f"{self.get_cause_display()} {self.started_at:%Y-%m-%d %H:%M}"


class AvExplanation(models.Model):
    """R-1.3-07, R-1.3-11: why a mandatory AV record could not be made or continued, in writing,
    approved by the head — the only way such an act completes without its AV file."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="执法单位", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="av_explanations"
    )
    field_action = models.ForeignKey(
        "cases.FieldAction",
        verbose_name="调查措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="av_explanations",
    )
    reason = models.TextField("未能音像记录的情况说明")
    written_by = _user("说明人")
    written_at = models.DateTimeField("说明时间")
    status = models.CharField(
        "审批状态",
        max_length=20,
        choices=ExplanationStatus.choices,
        default=ExplanationStatus.PENDING,
    )
    decided_by = _user("审批人", null=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "未音像记录情况说明"
        verbose_name_plural = "未音像记录情况说明"
        ordering = ("-written_at", "-id")

    def __str__(self) -> str:
        return f"未音像记录情况说明（{self.get_status_display()}）"


class UploadSession(models.Model):
    """A resumable upload: chunks are appended to a staging file until ``received == size``;
    only then is the file hashed, moved into the storage and attached (see ADR 0012)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="执法单位", on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        Record, verbose_name="记录", on_delete=models.PROTECT, related_name="uploads"
    )
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.BigIntegerField("大小（字节）")
    received = models.BigIntegerField("已接收（字节）", default=0)
    expected_sha256 = models.CharField("客户端计算的 SHA-256", max_length=64, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=UploadStatus.choices, default=UploadStatus.OPEN
    )
    result = models.ForeignKey(
        RecordFile,
        verbose_name="上传结果",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = _user("上传人")
    created_at = models.DateTimeField("开始时间")
    updated_at = models.DateTimeField("最后接收时间")

    class Meta:
        verbose_name = "上传任务"
        verbose_name_plural = "上传任务"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.filename} {self.received}/{self.size}"


class ReleaseRequest(models.Model):
    """R-1.3-16, R-1.3-18: records leave the unit (provision, export, publication) or are shown to
    the party only with the head's approval."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="执法单位", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="record_releases",
    )
    records = models.ManyToManyField(Record, verbose_name="记录", related_name="releases")
    kind = models.CharField("事项", max_length=20, choices=ReleaseKind.choices)
    recipient = models.CharField("提供对象（申请人）", max_length=200)
    purpose = models.TextField("用途（申请理由）")
    requested_by = _user("提请人")
    requested_at = models.DateTimeField("提请时间")
    status = models.CharField(
        "审批状态", max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PENDING
    )
    decided_by = _user("审批人", null=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    valid_until = models.DateTimeField("批准有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "记录调取、导出、公开审批"
        verbose_name_plural = "记录调取、导出、公开审批"
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.recipient}"


class FileCheck(models.Model):
    """A hash check of a stored file: on every read, and by ``manage.py records verify``."""

    blob = models.ForeignKey(
        StoredFile, verbose_name="存储文件", on_delete=models.PROTECT, related_name="checks"
    )
    source = models.CharField("校验方式", max_length=20, choices=CheckSource.choices)
    ok = models.BooleanField("校验通过")
    problem = models.CharField("问题", max_length=200, blank=True)  # missing / altered / size
    checked_at = models.DateTimeField("校验时间")
    checked_by = _user("校验人", null=True)

    class Meta:
        verbose_name = "文件校验"
        verbose_name_plural = "文件校验"
        ordering = ("-checked_at", "-id")
        indexes = [models.Index(fields=["ok", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.blob_id} {'通过' if self.ok else self.problem}"
