"""Portal: correction requests (R-1.2-18), disclosure applications (R-1.2-16), tracking."""

from django.urls import path

from zhifa.publication import views_portal_requests as views

urlpatterns = [
    path("corrections/new/", views.correction_new, name="correction_new"),
    path("disclosure/new/", views.disclosure_new, name="disclosure_new"),
    path("requests/submitted/", views.request_submitted, name="request_submitted"),
    path("track/", views.track, name="track"),
]
