from django.urls import path

from zhifa.web import views

app_name = "web"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("healthz", views.healthz, name="healthz"),
    path("public/", views.public_home, name="public_home"),
]
