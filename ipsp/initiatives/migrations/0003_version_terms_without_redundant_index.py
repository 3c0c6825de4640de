"""The versions' terms get a table of their own declaring (``InitiativeVersionTerm``), the
same table Django made for the relation, so that the index on the version column alone can
go: the unique (version, term) index serves every lookup by version.

The first operation changes only Django's view of the table; the second drops the index
(found by introspection, since its name differs between SQLite and PostgreSQL, where names
are cut at 63 characters). On SQLite the table is copied once, with its rows.
"""

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_freshness_reminded_at"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InitiativeVersionTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "initiativeversion",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="initiatives.initiativeversion",
                            ),
                        ),
                        (
                            "term",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="taxonomy.term",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "term of a version",
                        "verbose_name_plural": "terms of versions",
                        "db_table": "initiatives_initiativeversion_terms",
                        "unique_together": {("initiativeversion", "term")},
                    },
                ),
                migrations.AlterField(
                    model_name="initiativeversion",
                    name="terms",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="initiative_versions",
                        through="initiatives.InitiativeVersionTerm",
                        to="taxonomy.term",
                        verbose_name="terms",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="initiativeversionterm",
            name="initiativeversion",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="initiatives.initiativeversion",
            ),
        ),
    ]
