"""Generic references to "the row this is about" (the ledger, obligations, documents).

A subject is stored as ``("app_label.modelname", "<pk>")`` rather than a GenericForeignKey, so no
content-type join is needed and a reference survives the row's model being renamed in code.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models


def subject_key(subject: models.Model) -> tuple[str, str]:
    """``("app_label.modelname", "<pk>")`` of a saved model instance."""
    if subject.pk is None:
        raise ValueError("the subject must be saved before it is referred to")
    return subject._meta.label_lower, str(subject.pk)


def subject_resolve(subject_type: str, subject_id: str) -> models.Model | None:
    """The row named by a subject reference, or None when its model or row is gone."""
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        return None
    pk_field = model._meta.pk
    try:
        pk = pk_field.to_python(subject_id) if pk_field is not None else subject_id
    except Exception:  # noqa: BLE001 - a malformed id simply resolves to nothing
        return None
    return model._default_manager.filter(pk=pk).first()
