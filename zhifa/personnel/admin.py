"""Django admin of the personnel app; each area registers its models in its own module."""

from zhifa.personnel import admin_officers, admin_training  # noqa: F401
