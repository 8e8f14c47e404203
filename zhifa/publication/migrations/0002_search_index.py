"""The keyword index of published decisions on PostgreSQL (zhifa/publication/search.py).

``search_text`` holds ``tsvector`` input text (character bigrams with positions); the GIN index
is on its cast, so no text-search parser or locale is involved. SQLite has no GIN: there the
search is a LIKE scan, and this migration does nothing.
"""

from django.db import migrations

INDEX = "pub_search_bigrams"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON publication_publication "
        "USING gin ((search_text::tsvector)) WHERE status = 'published'"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
