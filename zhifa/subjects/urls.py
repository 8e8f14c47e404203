from django.urls import path

from zhifa.subjects import views

app_name = "subjects"

urlpatterns = [
    path("", views.entity_list, name="list"),
    path("new/", views.entity_create_view, name="create"),
    path("export/", views.export_view, name="export"),
    path("<int:entity_id>/", views.entity_detail, name="detail"),
    path("<int:entity_id>/edit/", views.entity_edit_view, name="edit"),
    path("<int:entity_id>/flag/", views.entity_flag_view, name="flag"),
    path("import/", views.import_view, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:run_id>/", views.import_run_view, name="import_run"),
    path("import/<int:run_id>/progress/", views.import_run_progress, name="import_run_progress"),
    path("import/<int:run_id>/errors/", views.import_run_errors, name="import_run_errors"),
]
