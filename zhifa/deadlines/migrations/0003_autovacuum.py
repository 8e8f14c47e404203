"""PostgreSQL only: vacuum and analyse the obligation table early.

The scan moves rows between states in bulk; a pass after a holiday (or after the worker was down)
can move 5–10 % of the table at once. Default autovacuum waits for 20 % dead rows, leaving the
scan's indexes full of dead entries and the planner's statistics stale. 2 % keeps both fresh.
"""

from django.db import migrations

TABLE = "deadlines_obligation"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} SET (autovacuum_vacuum_scale_factor = 0.02, "
            "autovacuum_analyze_scale_factor = 0.02)"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} RESET (autovacuum_vacuum_scale_factor, "
            "autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_scan_partial_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
