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
- ``ipsp_search_page(...)``: a page of ranked matches with scores and snippets, as
  ``PostgresBackend._page_sql`` computes it (the same expressions), in a PL/pgSQL function
  so that its statement is planned once per connection instead of with every search
  (planning it took about as long as running it). A database migrated before the
  function was added here has the statement in the search's own SQL instead.

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


PAGE = """
CREATE OR REPLACE FUNCTION ipsp_search_page(
    ids bigint[], q tsquery, hq tsquery, now timestamptz, fresh_boost float8,
    half_life_days float8, flagged_boost float8, rank_weights real[], beyond_head real,
    page_limit integer, page_offset integer, headline_options text, cjk boolean
)
RETURNS TABLE (
    hit_id bigint, hit_kind text, hit_public_id text, hit_title text, hit_score float8,
    hit_snippet text
)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH r AS (
        SELECT e.id, e.kind::text AS kind, e.public_id::text AS public_id,
            e.title::text AS title,
            (CASE WHEN p.head_vector IS NULL THEN ts_rank_cd(rank_weights, p.vector, q, 1)
                ELSE greatest(ts_rank_cd(rank_weights, p.head_vector, q, 1), beyond_head)
            END)::float8
            * (CASE WHEN e.boost IS NULL OR e.boost = 0 THEN 1.0::float8 ELSE e.boost END)
            * (CASE WHEN e.fresh_at IS NULL THEN 1.0::float8 ELSE 1.0::float8 + fresh_boost
                * power(0.5::float8, greatest(0.0::float8,
                    extract(epoch FROM (now - e.fresh_at))::float8 / 86400.0::float8)
                    / half_life_days) END)
            * (CASE WHEN e.flagged THEN flagged_boost ELSE 1.0::float8 END) AS score
        FROM search_entry e JOIN search_pg p ON p.entry_id = e.id
        WHERE e.id = ANY(ids)
        ORDER BY score DESC, e.id DESC LIMIT page_limit OFFSET page_offset
    )
    SELECT r.id, r.kind, r.public_id, r.title, r.score,
        CASE WHEN cjk THEN coalesce(p.head, p.body)
            ELSE ts_headline(p.config::regconfig, coalesce(p.head, p.body), hq,
                headline_options) END
    FROM r JOIN search_pg p ON p.entry_id = r.id
    ORDER BY r.score DESC, r.id DESC;
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
    schema_editor.execute(PAGE)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS ipsp_search_page(bigint[], tsquery, tsquery, timestamptz,"
        " float8, float8, float8, real[], real, integer, integer, text, boolean)"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS ipsp_tsquery_or_distinct(text[])")
    schema_editor.execute("DROP FUNCTION IF EXISTS ipsp_search_estimate(tsquery)")
    schema_editor.execute(
        "ALTER TABLE search_pg DROP COLUMN IF EXISTS head, DROP COLUMN IF EXISTS head_vector"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0012_related_entries_kept")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
