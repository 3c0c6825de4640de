"""PostgreSQL: ``search_pg.facets`` holds the "flagged:yes" pair too. It was left out
because flags change in place (without the entry being indexed again) and only
``search_facet`` was changed then; the backend's ``flag_set`` now updates both, so the
filters and facet counts read one array. Existing flagged entries get theirs here.

SQLite has nothing to change.
"""

from django.db import migrations

FILL = """
UPDATE search_pg p SET facets = p.facets || ARRAY['flagged:yes']
FROM search_entry e
WHERE e.id = p.entry_id AND e.flagged AND NOT ('flagged:yes' = ANY(p.facets))
"""


def fill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [("search", "0014_related_items_packed")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
