"""Pages for adding files to a record: the resumable uploader and the plain form."""

from django.urls import URLPattern, path

from zhifa.records import views_uploads

urlpatterns: list[URLPattern] = [
    path("<int:record_id>/upload/", views_uploads.upload_page, name="upload"),
    path("<int:record_id>/upload/form/", views_uploads.upload_form, name="upload_form"),
]
