"""``search_related``: each entry's related entries as last computed, so that an entry page
reads one row instead of computing them (``ipsp.search.related``; filled by
``manage.py related_refresh`` and after each index write)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_pg_matches_through_the_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchRelated",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=32, verbose_name="kind")),
                ("public_id", models.CharField(max_length=32, verbose_name="public id")),
                ("items", models.TextField(default="[]", verbose_name="items")),
                ("computed_at", models.DateTimeField(db_index=True, verbose_name="computed at")),
            ],
            options={
                "verbose_name": "related entries",
                "verbose_name_plural": "related entries",
                "db_table": "search_related",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "public_id"), name="search_related_unique_id"
                    )
                ],
            },
        ),
    ]
