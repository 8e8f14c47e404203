from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhifa.ledger"
    label = "ledger"
    verbose_name = "留痕账本"

    def ready(self) -> None:
        from zhifa.ledger import checks  # noqa: F401  (registers the system checks)
