from django.urls import path

from zhifa.law import views

app_name = "law"
urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("<str:rule_id>/", views.rule_detail, name="rule_detail"),
]
