"""Pages of the records themselves: a record, registering one on a case, interruptions, and the
written explanations in place of a mandatory AV record."""

from django.urls import URLPattern, path

from zhifa.records import views_list, views_records

urlpatterns: list[URLPattern] = [
    path("", views_list.record_list, name="list"),
    path("<int:pk>/", views_records.record_detail, name="detail"),
    path("case/<int:case_id>/new/", views_records.record_register_view, name="register"),
    path("<int:pk>/interruptions/new/", views_records.interruption_view, name="interruption"),
    path(
        "case/<int:case_id>/explanations/new/",
        views_records.explanation_new,
        name="explanation_new",
    ),
    path("explanations/", views_records.explanations, name="explanations"),
    path(
        "explanations/<int:pk>/decide/",
        views_records.explanation_decide,
        name="explanation_decide",
    ),
]
