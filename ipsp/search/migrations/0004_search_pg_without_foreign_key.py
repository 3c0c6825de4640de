"""search_pg no longer references search_entry.

Django's flush (run by every transactional test and by ``manage.py flush``)
truncates the model tables without CASCADE, which PostgreSQL refuses while an
unmanaged table references one of them. The backend deletes text rows itself
(``_delete_ids``, ``rebuild``), and a flush clears them through post_migrate
(``ipsp.search.apps``), so the constraint added nothing but that failure.
"""

from django.db import migrations


def drop_foreign_key(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_pg DROP CONSTRAINT IF EXISTS search_pg_entry_id_fkey")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_map_points")]

    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
