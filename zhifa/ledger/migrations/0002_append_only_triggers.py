"""Install the triggers that refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) on the ledger.

The SQL is per database vendor (``connection.vendor``); it lives in ``zhifa/ledger/triggers.py``
so ``manage.py flush`` can reinstall the same triggers after wiping a test database.
"""

from django.db import migrations

from zhifa.ledger import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor)


def drop(apps, schema_editor):
    triggers.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
