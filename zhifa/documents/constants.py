"""Template categories and the ledger actions of the documents app."""

from django.db import models


class TemplateCategory(models.TextChoices):
    FILING = "filing", "立案"
    INVESTIGATION = "investigation", "调查取证"
    NOTICE = "notice", "告知"
    ORDER = "order", "责令改正"
    DECISION = "decision", "决定"
    SERVICE = "service", "送达"
    ENFORCEMENT = "enforcement", "执行"
    CLOSING = "closing", "结案"
    INSPECTION = "inspection", "检查"
    OTHER = "other", "其他"


# Ledger actions (app.thing.verb).
ACTION_TEMPLATE_CREATE = "documents.template.create"
ACTION_TEMPLATE_VERSION_UPLOAD = "documents.template.version_upload"
ACTION_TEMPLATE_ACTIVATE = "documents.template.activate"
ACTION_TEMPLATE_DEACTIVATE = "documents.template.deactivate"
ACTION_DOCUMENT_RENDER = "documents.document.render"

# Where generated and template files live in storage (under their SHA-256).
STORAGE_PREFIX = "documents"
