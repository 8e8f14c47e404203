from django.urls import path

from zhifa.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("templates/new/", views.template_create_view, name="template_create"),
    path("templates/<slug:code>/", views.template_detail, name="template_detail"),
    path("templates/<slug:code>/upload/", views.template_upload, name="template_upload"),
    path("templates/<slug:code>/toggle/", views.template_toggle, name="template_toggle"),
    path("templates/<slug:code>/preview/", views.template_preview, name="template_preview"),
    path(
        "templates/<slug:code>/versions/<int:version>/download/",
        views.template_version_download,
        name="template_version_download",
    ),
    path("generated/", views.document_list, name="document_list"),
    path(
        "generated/<int:document_id>/<str:fmt>/", views.document_download, name="document_download"
    ),
]
