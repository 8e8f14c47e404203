"""URLs of the personnel app: each area has its own module (no app_name there, so names share the
`personnel:` namespace; the training area prefixes its names with `training_`)."""

from django.urls import include, path

app_name = "personnel"

urlpatterns = [
    path("", include("zhifa.personnel.urls_officers")),
    path("training/", include("zhifa.personnel.urls_training")),
]
