from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhifa.ledger"
    label = "ledger"
    verbose_name = "留痕账本"
