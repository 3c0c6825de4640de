"""PostgreSQL: extended statistics telling the planner that a code implies its facet.

Without them the planner multiplies the selectivities of ``facet = 'theme'`` and
``code = 'theme-3'`` as if independent, expects ten times fewer rows than there are,
and hashes a filter's whole id list instead of probing it per match (measured: 175 ms
instead of 15 ms for a search with two filters at 100,000 entries). SQLite has no
such statistics; its queries are written to probe the index per match.
"""

from django.db import migrations


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS search_facet_code_dependency (dependencies)"
            " ON facet, code FROM search_facet"
        )
        schema_editor.execute("ANALYZE search_facet")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS search_facet_code_dependency")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_sort_indexes_without_redundant_key_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
