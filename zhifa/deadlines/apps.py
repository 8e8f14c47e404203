from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "zhifa.deadlines"
    label = "deadlines"
    verbose_name = "期限"
