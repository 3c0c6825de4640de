"""PostgreSQL keeps a dropped column's values (here ~250 MB of TOASTed DataCite JSON at
100,000 initiatives) until the table is rewritten: rewrite identifiers_doi once.

VACUUM cannot run in a transaction, hence a migration of its own that is not atomic.
It locks the table while it runs (~10 s at 150,000 DOIs). SQLite rebuilt the table when
the column was dropped; its freed pages are reused (``VACUUM`` shrinks the file).
"""

from django.db import migrations


def rewrite_doi_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ANALYZE identifiers_doi")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("identifiers", "0002_doi_metadata_hash_and_stored_citations"),
    ]

    operations = [
        migrations.RunPython(rewrite_doi_table, migrations.RunPython.noop, elidable=True),
    ]
