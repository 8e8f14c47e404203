"""Enumerations of the training area of the personnel app (systems 1.10, 1.11)."""

from django.db import models


class MakeupDecision(models.TextChoices):
    """The Justice Bureau's choice after a failed make-up exam (R-1.11-05, AMB-1.11-a)."""

    WITHHOLD = "withhold", "暂扣执法证件"
    CANCEL = "cancel", "注销执法证件"


class MakeupReason(models.TextChoices):
    """Why an officer must make training up (R-1.11-06)."""

    MISSED = "missed", "缺训"
    FAILED = "failed", "考试不合格"
