"""Model field shorthands shared by the domain apps (cases, records, legal review)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def user_fk(verbose: str, *, null: bool = False, related_name: str = "+") -> models.ForeignKey:
    """A user who did something (registered, approved, reviewed): never deleted under the row."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


def document_fk(verbose: str = "文书") -> models.ForeignKey:
    """An optional generated document (文书) a step produced."""
    return models.ForeignKey(
        "documents.GeneratedDocument",
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
