"""Access, release and supervision pages of the records (R-1.3-16…19)."""

from django.urls import URLPattern, path

from zhifa.records import views_access

urlpatterns: list[URLPattern] = [
    path("files/<int:pk>/", views_access.record_file, name="file"),
]
