"""URLs of the training area of the personnel app (names in the `personnel:` namespace)."""

from django.urls import path

from zhifa.personnel.views import training as views

urlpatterns: list = [
    path("", views.session_list, name="training_session_list"),
    path("new/", views.session_create, name="training_session_create"),
    path("<int:pk>/", views.session_detail, name="training_session_detail"),
    path("<int:pk>/attendance/", views.session_attendance, name="training_session_attendance"),
    path("exams/new/", views.exam_record, name="training_exam_record"),
    path("exams/import/", views.exam_import, name="training_exam_import"),
    path("exams/import/confirm/", views.exam_import_confirm, name="training_exam_import_confirm"),
    path("exams/import/errors/", views.exam_import_errors, name="training_exam_import_errors"),
    path(
        "exams/import/template/", views.exam_import_template, name="training_exam_import_template"
    ),
    path("exams/<int:pk>/decision/", views.decision, name="training_decision"),
    path("worklist/", views.worklist, name="training_worklist"),
    path("makeups/new/", views.makeup_create, name="training_makeup_create"),
    path("makeups/<int:pk>/complete/", views.makeup_complete, name="training_makeup_complete"),
    path("rotation/open/", views.rotation_open, name="training_rotation_open"),
    path("officers/<int:officer_id>/", views.officer_record, name="training_officer_record"),
    path("summary/", views.summary, name="training_summary"),
]
