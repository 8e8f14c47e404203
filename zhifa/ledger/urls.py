from django.urls import path

from zhifa.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("roots/", views.roots, name="roots"),
]
