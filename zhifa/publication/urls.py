"""Staff pages of publication (login required): drafts, review, approval, changes, requests."""

from django.urls import include, path

from zhifa.publication import views

app_name = "publication"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<int:publication_id>/", views.publication_detail, name="detail"),
    path("<int:publication_id>/<str:step>/", views.publication_step, name="step"),
    path("from-case/<int:case_id>/", views.draft_from_case, name="draft_from_case"),
    path("case/<int:case_id>/", views.case_publication, name="case"),
    path("changes/<int:change_id>/<str:step>/", views.change_step, name="change_step"),
    path("requests/", include("zhifa.publication.urls_requests")),
]
