"""The public portal at /portal/: no login; everything here is what the rules make public."""

from django.urls import include, path

from zhifa.publication import views_portal

app_name = "portal"
urlpatterns = [
    path("decisions/", views_portal.decision_list, name="decisions"),
    path("decisions/<int:publication_id>/", views_portal.decision_detail, name="decision"),
    path("", include("zhifa.publication.urls_portal_directory")),
    path("", include("zhifa.publication.urls_portal_requests")),
]
