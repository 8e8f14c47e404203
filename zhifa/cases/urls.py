from django.urls import path

from zhifa.cases.views import pages

app_name = "cases"
urlpatterns = [
    path("", pages.case_list, name="list"),
    path("new/", pages.start_chooser, name="start_chooser"),
    path("new/<slug:code>/", pages.start_action, name="start"),
    path("approvals/", pages.approvals, name="approvals"),
    path("reviews/", pages.reviews, name="reviews"),
    path("overview/", pages.overview, name="overview"),
    path("clues/", pages.clue_list, name="clue_list"),
    path("clues/<int:pk>/", pages.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/do/<slug:code>/", pages.clue_action, name="clue_action"),
    path("<int:pk>/", pages.case_detail, name="detail"),
    path("<int:pk>/do/<slug:code>/", pages.case_action, name="action"),
]
