"""Facet counts without grouping ``search_facet`` rows (``ipsp.search.facet_totals``).

- ``search_facet_total``: how many entries of each kind carry each (facet, code). The
  search page without words and the list of one kind of entry read their counts there
  instead of counting every row of ``search_facet``.
- ``search_entry.facet_codes``: the entry's pairs as "facet:code" lines, so that the
  counts over the matches of any other search read one row per match.

The backends keep both in step in the transaction of every index write; here they are
filled once from the index as it stands.
"""

from django.db import migrations, models


def fill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        pairs = "string_agg(f.facet || ':' || f.code, E'\\n')"
    else:
        pairs = "group_concat(f.facet || ':' || f.code, char(10))"
    schema_editor.execute(
        f"UPDATE search_entry SET facet_codes = coalesce((SELECT {pairs} FROM search_facet f"
        " WHERE f.document_id = search_entry.id), '')"
    )
    schema_editor.execute(
        "INSERT INTO search_facet_total (kind, facet, code, entries)"
        " SELECT e.kind, f.facet, f.code, count(*) FROM search_facet f"
        " JOIN search_entry e ON e.id = f.document_id GROUP BY e.kind, f.facet, f.code"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_snippets_column")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="facet_codes",
            field=models.TextField(blank=True, default="", verbose_name="facet codes"),
        ),
        migrations.CreateModel(
            name="SearchFacetTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=32, verbose_name="kind")),
                ("facet", models.CharField(max_length=32, verbose_name="facet")),
                ("code", models.CharField(max_length=64, verbose_name="code")),
                ("entries", models.IntegerField(verbose_name="entries")),
            ],
            options={
                "verbose_name": "search facet total",
                "verbose_name_plural": "search facet totals",
                "db_table": "search_facet_total",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "facet", "code"), name="search_facet_total_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
