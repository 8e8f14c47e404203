"""Staff: the requests filed on the portal (R-1.2-18, R-1.12-07, R-1.2-16)."""

from django.urls import path

from zhifa.publication import views_requests as views

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("<int:request_id>/", views.request_detail, name="request_detail"),
    path("<int:request_id>/step/<str:step>/", views.request_step, name="request_step"),
    path("files/<int:file_id>/", views.request_file, name="request_file"),
]
