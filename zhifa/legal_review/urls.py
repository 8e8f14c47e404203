from django.urls import path

from zhifa.legal_review import views, views_stats

app_name = "legal_review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("stats/", views_stats.review_stats, name="stats"),
    path("case/<int:case_id>/", views.case_review, name="case"),
    path("<int:pk>/", views.submission, name="submission"),
    path("<int:pk>/<slug:code>/", views.step, name="step"),
]
