"""Choices and thresholds of the market-entity directory (检查对象名录库)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EntityCategory(models.TextChoices):
    """市场主体类别 (R-1.1-02: entity category of the inspection-target directory).

    Every category except ``NATURAL_PERSON`` carries a 统一社会信用代码; a natural person carries
    an ID number instead (database constraint ``subjects_entity_identifier_by_category``).
    """

    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    OTHER = "other", "其他组织"
    NATURAL_PERSON = "natural_person", "自然人"


class EntityStatus(models.TextChoices):
    """登记状态."""

    ACTIVE = "active", "存续"
    SUSPENDED = "suspended", "停业"
    MOVED_OUT = "moved_out", "迁出"
    DEREGISTERED = "deregistered", "注销"
    REVOKED = "revoked", "吊销"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class EntityFlag(models.TextChoices):
    """The flags of R-1.1-10 that staff set and clear (complaints are a counter, see services)."""

    ABNORMAL = "abnormal", "列入经营异常名录"
    SERIOUS_VIOLATION = "serious_violation", "有严重违法违规记录"
    HIGHER_LEVEL = "higher_level", "上级文件明确要求加大抽查力度"


# R-1.1-10 says "投诉举报多" without a number: this many complaints/reports or more raise the
# inspection intensity. Configurable by ZHIFA_SUBJECTS_COMPLAINTS_THRESHOLD in the settings.
COMPLAINTS_THRESHOLD_DEFAULT = 3


def complaints_threshold() -> int:
    return int(
        getattr(settings, "ZHIFA_SUBJECTS_COMPLAINTS_THRESHOLD", COMPLAINTS_THRESHOLD_DEFAULT)
    )


# Bulk import: rows processed and written per transaction (memory does not grow with the file).
IMPORT_BATCH_SIZE = 2000
IMPORT_MAX_BYTES = 512 * 1024 * 1024
IMPORT_STORAGE_PREFIX = "subjects/imports"
EXPORT_MAX_ROWS = 1_000_000
