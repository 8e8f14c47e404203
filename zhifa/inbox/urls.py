from django.urls import path

from zhifa.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:message_id>/open/", views.message_open, name="open"),
    path("read-all/", views.message_read_all, name="read_all"),
]
