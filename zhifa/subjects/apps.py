from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "zhifa.subjects"
    label = "subjects"
    verbose_name = "检查对象"
