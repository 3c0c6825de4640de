"""DOIs keep a hash of their DataCite metadata instead of the whole document (built
from the entry when it is sent), and formatted APA/Chicago references get a table.

The hash of each existing row is computed from the document it kept, so a DOI whose
entry has not changed is not sent again. References are formatted at the next
reservation or page view, not here (citeproc costs 10-20 ms each).
"""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def metadata_hash(data):
    # the same as ipsp.identifiers.metadata.metadata_hash, frozen here
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_kept_metadata(apps, schema_editor):
    Doi = apps.get_model("identifiers", "Doi")
    last = 0
    while True:
        rows = list(
            Doi.objects.filter(pk__gt=last).order_by("pk").only("pk", "metadata")[:BATCH]
        )
        if not rows:
            return
        for row in rows:
            row.metadata_hash = metadata_hash(row.metadata) if row.metadata else ""
        Doi.objects.bulk_update(rows, ["metadata_hash"], batch_size=500)
        last = rows[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('identifiers', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='doi',
            name='metadata_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='metadata hash'),
        ),
        migrations.RunPython(hash_kept_metadata, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name='doi',
            name='metadata',
        ),
        migrations.CreateModel(
            name='FormattedCitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('locale', models.CharField(max_length=10, verbose_name='CSL locale')),
                ('revision', models.PositiveIntegerField(verbose_name='revision')),
                ('apa', models.TextField(verbose_name='APA')),
                ('chicago', models.TextField(verbose_name='Chicago')),
                ('doi', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citations', to='identifiers.doi')),
            ],
            options={
                'verbose_name': 'formatted citation',
                'verbose_name_plural': 'formatted citations',
                'constraints': [models.UniqueConstraint(fields=('doi', 'locale'), name='identifiers_one_citation_per_doi_locale')],
            },
        ),
    ]
