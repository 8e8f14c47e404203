from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "zhifa.deadlines"
    label = "deadlines"
    verbose_name = "期限"

    def ready(self) -> None:
        from zhifa.deadlines.receivers import recompute_on_schedule_loaded
        from zhifa.workdays.signals import schedule_loaded

        schedule_loaded.connect(
            recompute_on_schedule_loaded, dispatch_uid="deadlines.recompute_provisional"
        )
