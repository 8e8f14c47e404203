"""R-1.3-18: install the triggers that refuse deleting records within their retention period,
deleting files, interruptions and file checks, altering a stored file's hash, name or size or a
record file's blob, record or role (and TRUNCATE on PostgreSQL).

The SQL is per database vendor; it lives in ``zhifa/records/triggers.py`` so ``manage.py flush``
can reinstall the same triggers after wiping a test database.
"""

from django.db import migrations

from zhifa.records import triggers


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.install(schema_editor)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
