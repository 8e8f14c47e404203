from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    label = "documents"
    verbose_name = "文书"
