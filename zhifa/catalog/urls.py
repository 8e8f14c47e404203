"""URLs of the catalog app: each area has its own module (no app_name there, so names share the
`catalog:` namespace; the discretion area prefixes its names with `discretion_`)."""

from django.urls import include, path

app_name = "catalog"

urlpatterns = [
    path("", include("zhifa.catalog.urls_items")),
    path("discretion/", include("zhifa.catalog.urls_discretion")),
]
