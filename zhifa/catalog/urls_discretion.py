"""URLs of the discretion area of the catalog app (names in the `catalog:` namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
