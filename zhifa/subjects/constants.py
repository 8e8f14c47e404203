from django.db import models


class EntityCategory(models.TextChoices):
    """市场主体类别 (R-1.1-02: entity category of the inspection-target directory)."""

    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    OTHER = "other", "其他"
