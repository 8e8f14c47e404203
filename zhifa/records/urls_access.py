"""(filled in by the records work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
