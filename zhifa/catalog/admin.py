"""Django admin of the catalog app; each area registers its models in its own module."""

from zhifa.catalog import admin_discretion, admin_items  # noqa: F401
