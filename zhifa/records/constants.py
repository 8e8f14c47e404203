"""Choices of the full-process records (system 1.3, 行政执法全过程记录)."""

from __future__ import annotations

from django.db import models

# Where record files live in the storage (content-addressed: records/ab/cd/<sha256>).
STORAGE_PREFIX = "records"


class RecordStage(models.TextChoices):
    """R-1.3-02: the stages every act is recorded through."""

    INITIATION = "initiation", "启动"
    INVESTIGATION = "investigation", "调查取证"
    REVIEW_DECISION = "review_decision", "审核决定"
    SERVICE_EXECUTION = "service_execution", "送达执行"
    ARCHIVING = "archiving", "归档保存管理"


class RecordForm(models.TextChoices):
    """R-1.3-02, R-1.3-04: the written record is the basic form; audio-video where required."""

    WRITTEN = "written", "文字记录"
    AUDIO_VIDEO = "audio_video", "音像记录"


class MediaKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    DOCUMENT = "document", "文书、笔录（纸质扫描或电子文档）"
    OTHER = "other", "其他"


class DeviceKind(models.TextChoices):
    """R-1.3-02: the devices an audio-video record is made with."""

    BODY_CAMERA = "body_camera", "执法记录仪"
    PHONE = "phone", "手机"
    CAMERA = "camera", "照相机、摄像机"
    AUDIO_RECORDER = "audio_recorder", "录音笔"
    FIXED_CAMERA = "fixed_camera", "固定视频监控"
    OTHER = "other", "其他设备"


class FocusPoint(models.TextChoices):
    """R-1.3-09: what an audio-video record must capture."""

    TIMES = "times", "执法活动开始和结束的时间"
    SCENE = "scene", "执法现场环境"
    PERSONS = "persons", "当事人、证人、第三人等现场有关人员"
    PROPERTY = "property", "涉案场所、设施、设备和财物等"
    MEASURES = "measures", "对人身、财物采取措施的情况"
    DOCUMENTS = "documents", "现场制作、送达文书的情况"
    OTHER = "other", "其他重要内容"


class InterruptionCause(models.TextChoices):
    """R-1.3-11: objective causes for which recording may stop while enforcement goes on."""

    DEVICE_FAILURE = "device_failure", "设备突发故障"
    WEATHER = "weather", "天气恶劣"
    OBSTRUCTION = "obstruction", "现场人员阻挠"
    OTHER = "other", "其他客观原因"


class RecordStatus(models.TextChoices):
    """An AV record waits for its file (R-1.3-13/14: within 2 working days); then it is stored."""

    AWAITING_FILE = "awaiting_file", "待存储"
    STORED = "stored", "已存储"


class FileRole(models.TextChoices):
    ORIGINAL = "original", "原始文件"
    PREVIEW = "preview", "预览文件（由原始文件生成）"


class ExplanationStatus(models.TextChoices):
    """A written explanation in place of a mandatory AV record (R-1.3-07, R-1.3-11)."""

    PENDING = "pending", "待负责人审批"
    APPROVED = "approved", "负责人已批准"
    REJECTED = "rejected", "负责人不予批准"


class UploadStatus(models.TextChoices):
    OPEN = "open", "上传中"
    COMPLETE = "complete", "已完成"
    ABANDONED = "abandoned", "已放弃"


class ReleaseKind(models.TextChoices):
    """R-1.3-16, R-1.3-18: every way a record leaves the unit needs the head's approval; a party
    may ask to see the records about them."""

    EXTERNAL = "external", "对外提供"
    EXPORT = "export", "导出"
    PUBLISH = "publish", "公开发布"
    PARTY_ACCESS = "party_access", "当事人申请查阅"


class ReleaseStatus(models.TextChoices):
    PENDING = "pending", "待负责人审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"


class CheckSource(models.TextChoices):
    READ = "read", "读取时校验"
    VERIFY = "verify", "定期全量校验"
