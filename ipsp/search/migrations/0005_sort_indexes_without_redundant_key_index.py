"""Indexes for the sorts, and no separate index on search_facet.document_id.

- ``search_facet.document_id`` had its own index (Django's default for a foreign
  key) besides ``(document_id, facet, code)``, which serves the key as well: one
  index less to keep in step on every insert. ``search_facet`` and ``search_point``
  lose their foreign key constraints: the backends delete an entry's rows with it,
  and the check on each inserted row (~20 per entry) weighed as much as the rest
  of the rebuild on PostgreSQL.
- ``search_entry``: one index per sort order read backwards (newest, recently
  updated, and flagged-then-freshest for browsing without words), so that a page
  of a sorted list reads 20 rows instead of sorting every entry. PostgreSQL sorts
  with "DESC NULLS LAST", which only an ascending "NULLS FIRST" index read from
  the end serves; SQLite refuses NULLS FIRST in an index but sorts NULLs first
  anyway. The model declares the plain indexes; each database gets its form here.
"""

from django.db import migrations, models

SORT_INDEXES = (  # name, columns (the date column first after the optional flag)
    ("search_entry_newest", ("published_at", "id")),
    ("search_entry_updated_sort", ("updated_at", "id")),
    ("search_entry_browse", ("flagged", "fresh_at", "id")),
)


def create_sort_indexes(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, columns in SORT_INDEXES:
        parts = [
            f"{column} NULLS FIRST" if postgres and column.endswith("_at") else column
            for column in columns
        ]
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON search_entry ({', '.join(parts)})"
        )


def drop_sort_indexes(apps, schema_editor) -> None:
    for name, _columns in SORT_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_search_pg_without_foreign_key"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_published"),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_updated"),
        migrations.AlterField(
            model_name="searchfacet",
            name="entry",
            field=models.ForeignKey(
                db_column="document_id",
                db_constraint=False,
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="facets",
                to="search.searchentry",
            ),
        ),
        migrations.AlterField(
            model_name="searchpoint",
            name="entry",
            field=models.ForeignKey(
                db_column="document_id",
                db_constraint=False,
                on_delete=models.deletion.CASCADE,
                related_name="map_points",
                to="search.searchentry",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="searchentry",
                    index=models.Index(fields=["published_at", "id"], name="search_entry_newest"),
                ),
                migrations.AddIndex(
                    model_name="searchentry",
                    index=models.Index(
                        fields=["updated_at", "id"], name="search_entry_updated_sort"
                    ),
                ),
                migrations.AddIndex(
                    model_name="searchentry",
                    index=models.Index(
                        fields=["flagged", "fresh_at", "id"], name="search_entry_browse"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(create_sort_indexes, drop_sort_indexes)],
        ),
    ]
