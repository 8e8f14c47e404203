"""Access, release and supervision pages of the records (R-1.3-16…19)."""

from django.urls import URLPattern, path

from zhifa.records import views_access

urlpatterns: list[URLPattern] = [
    path("files/<int:pk>/", views_access.record_file, name="file"),
    path("<int:record_id>/access-log/", views_access.access_log_panel, name="access_log"),
    path("<int:record_id>/releases/", views_access.release_panel, name="release_panel"),
    path("<int:record_id>/releases/new/", views_access.release_new, name="release_new"),
    path("releases/", views_access.release_list, name="releases"),
    path("releases/<int:pk>/", views_access.release_detail, name="release_detail"),
    path("releases/<int:pk>/decide/", views_access.release_decide_view, name="release_decide"),
    path("releases/<int:pk>/use/", views_access.release_use_view, name="release_use"),
    path("releases/<int:pk>/export/", views_access.release_export, name="release_export"),
    path("supervision/", views_access.supervision, name="supervision"),
]
