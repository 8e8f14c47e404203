"""The portal's home and directory pages, at the root of /portal/ (namespace ``portal``)."""

from django.urls import path

from zhifa.publication import views_portal_directory as directory
from zhifa.publication import views_portal_home as home

urlpatterns = [
    path("", home.home, name="home"),
    path("powers/", directory.powers, name="powers"),
    path("guides/", directory.guides, name="guides"),
    path("flowcharts/", directory.flowcharts, name="flowcharts"),
    path("remedies/", directory.remedies, name="remedies"),
    path("reports/", directory.reports, name="reports"),
    path("reports/<int:organisation_id>/<int:year>/", directory.report, name="report"),
]
