"""PostgreSQL: each entry's facet codes on its text row, and its tsvector kept in the row.

- ``search_pg.facets`` ("facet:code" texts, the same pairs as ``search_facet``): a text
  search reads each match's row anyway, so its filters are tested on that row instead
  of probing ``search_facet`` twice per match (measured: 17 ms of a 31 ms search at
  100,000 entries). ``flagged`` is left out: it changes in place (``entry_flag_set``),
  in ``search_facet`` only, and is looked up there.
- ``vector``, ``facets`` and ``title_norm`` with ``STORAGE MAIN``: a tsvector of a
  100-word text (two analyses) takes about 2.5 kB, past the 2 kB from which PostgreSQL
  moves values out of the row into the TOAST table (the largest first, down to any value
  longer than a TOAST pointer); every match then cost TOAST index lookups and chunk
  reads. MAIN keeps them in the row up to the page's size (about 8 kB); only the text
  kept for ``ts_headline`` (``body``, read for the 20 hits of a page) goes out.

Existing rows are rewritten here (their facets filled from ``search_facet``, their
tsvectors brought back into the row); ``rebuild_search_index`` would do the same.
SQLite has neither column nor storage to change.
"""

from django.db import migrations


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE search_pg ADD COLUMN IF NOT EXISTS facets text[] NOT NULL DEFAULT '{}'"
    )
    schema_editor.execute(
        "ALTER TABLE search_pg ALTER COLUMN vector SET STORAGE MAIN,"
        " ALTER COLUMN facets SET STORAGE MAIN, ALTER COLUMN title_norm SET STORAGE MAIN"
    )
    # "vector || ''" is the same value, but a new one, which the new storage applies to
    schema_editor.execute(
        "UPDATE search_pg p SET facets = f.codes, vector = p.vector || ''::tsvector,"
        " title_norm = p.title_norm || ''"
        " FROM (SELECT document_id, coalesce(array_agg(facet || ':' || code)"
        " FILTER (WHERE facet <> 'flagged'), '{}') AS codes"
        " FROM search_facet GROUP BY document_id) AS f WHERE f.document_id = p.entry_id"
    )
    schema_editor.execute("ANALYZE search_pg")


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_pg DROP COLUMN IF EXISTS facets")
    schema_editor.execute(
        "ALTER TABLE search_pg ALTER COLUMN vector SET STORAGE EXTENDED,"
        " ALTER COLUMN title_norm SET STORAGE EXTENDED"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0008_facet_totals")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
