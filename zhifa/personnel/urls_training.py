"""URLs of the training area of the personnel app (names in the `personnel:` namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
