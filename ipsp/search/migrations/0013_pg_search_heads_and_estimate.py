"""PostgreSQL: a long text's beginning kept apart for ranking and snippets, and the
planner's estimate of a search's matches read without a round trip of its own.

- ``search_pg.head`` and ``search_pg.head_vector``: when an entry has a text longer than
  ``HEAD_CHARS`` characters (``ipsp.search.backends.sqlite``), the first ~1,000 characters
  of each of its texts (as SQLite keeps them in ``body``) and their tsvector with the
  titles'; NULL otherwise (the whole text is short: ``body`` and ``vector`` serve). A
  search ranks (``ts_rank_cd``) and highlights (``ts_headline``) from them: a 5,000-word
  text's tsvector is some 100 kB to fetch from TOAST and decompress for each ranked match,
  and ``ts_headline`` parsed the whole text of each hit. ``vector`` (the whole text)
  still decides what matches. Rows indexed before this migration keep NULL (ranked and
  highlighted from the whole text, as before) until ``rebuild_search_index``.
- ``ipsp_search_estimate(tsquery)``: the planner's estimate of the rows of
  ``search_pg`` matching the tsquery, from the ``EXPLAIN`` a search ran as a statement
  of its own; ``ipsp_tsquery_or_distinct(text[])`` ORs the distinct tsqueries of a list
  in their order (what ``ResolvedQuery`` does in Python), so that the estimate's
  tsquery is the search's, computed in the statement that resolves the words.

SQLite has nothing to change.
"""

from django.db import migrations

# "%%": the statement goes through the driver's placeholders (a literal "%"). VOLATILE:
# PostgreSQL runs no EXPLAIN in a function declared otherwise.
ESTIMATE = """
CREATE OR REPLACE FUNCTION ipsp_search_estimate(q tsquery) RETURNS float8
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE format(
        'EXPLAIN (FORMAT JSON) SELECT 1 FROM search_pg p WHERE p.vector @@ %%L::tsquery', q::text
    ) INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END
$$
"""

OR_DISTINCT = """
CREATE OR REPLACE FUNCTION ipsp_tsquery_or_distinct(parts text[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    result tsquery;
    part text;
    seen text[] := '{}';
BEGIN
    FOREACH part IN ARRAY parts LOOP
        IF NOT part = ANY(seen) THEN
            seen := seen || part;
            result := CASE WHEN result IS NULL THEN part::tsquery ELSE result || part::tsquery END;
        END IF;
    END LOOP;
    RETURN result;
END
$$
"""


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE search_pg ADD COLUMN IF NOT EXISTS head text,"
        " ADD COLUMN IF NOT EXISTS head_vector tsvector"
    )
    schema_editor.execute(
        "ALTER TABLE search_pg ALTER COLUMN head SET STORAGE MAIN,"
        " ALTER COLUMN head_vector SET STORAGE MAIN"
    )
    schema_editor.execute(ESTIMATE)
    schema_editor.execute(OR_DISTINCT)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS ipsp_tsquery_or_distinct(text[])")
    schema_editor.execute("DROP FUNCTION IF EXISTS ipsp_search_estimate(tsquery)")
    schema_editor.execute(
        "ALTER TABLE search_pg DROP COLUMN IF EXISTS head, DROP COLUMN IF EXISTS head_vector"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0012_related_entries_kept")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
