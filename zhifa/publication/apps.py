from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "zhifa.publication"
    label = "publication"
    verbose_name = "行政执法公示"
