"""PostgreSQL: ``ipsp_search_matches(tsquery)``, a text search's matches read through the
GIN index whatever the planner estimates.

A search reads its matches in one statement when the planner expects at most 25,000 of
them (``PostgresBackend._considered``). Through the GIN index that costs a heap row per
match, and the tsvectors are not read (no recheck for words, prefixes and OR). With a
word in most of a small table's entries the planner reads the table instead and tests
every tsvector: for 5,000-word texts each is some 100 kB to fetch from TOAST and
decompress (measured: 500 ms for 3,000 entries), a cost its model does not count. The
function's ``SET enable_seqscan = off`` applies to its own statement only.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ipsp_search_matches(q tsquery)
RETURNS TABLE (entry_id bigint, facets text[])
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off
AS $$ SELECT p.entry_id, p.facets FROM search_pg p WHERE p.vector @@ q $$
"""


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS ipsp_search_matches(tsquery)")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_sqlite_facets_without_rowid")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
