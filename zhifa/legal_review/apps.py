from django.apps import AppConfig


class LegalReviewConfig(AppConfig):
    name = "zhifa.legal_review"
    label = "legal_review"
    verbose_name = "重大行政执法决定法制审核"
