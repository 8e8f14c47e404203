from django.urls import path

from zhifa.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.board, name="board"),
    path("<int:obligation_id>/", views.detail, name="detail"),
    path("<int:obligation_id>/<slug:action>/", views.act, name="act"),
]
