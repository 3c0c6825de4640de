"""``search_related.items`` kept zlib-compressed (binary): a list of ten related entries is
~1.4 kB of JSON as text and ~0.25 kB packed, since the same kinds and terms recur
(156 → ~25 MB at 100,000 entries). Lists kept before are packed here."""

import zlib

from django.db import migrations, models


def pack(apps, schema_editor) -> None:
    related = apps.get_model("search", "SearchRelated")
    batch = []
    for row in related.objects.only("pk", "items").iterator(chunk_size=2000):
        row.items_packed = zlib.compress(row.items.encode("utf-8"))
        batch.append(row)
        if len(batch) == 2000:
            related.objects.bulk_update(batch, ["items_packed"])
            batch = []
    related.objects.bulk_update(batch, ["items_packed"])


class Migration(migrations.Migration):
    dependencies = [("search", "0013_pg_search_heads_and_estimate")]

    operations = [
        migrations.AddField(
            model_name="searchrelated",
            name="items_packed",
            field=models.BinaryField(default=b"", verbose_name="items"),
            preserve_default=False,
        ),
        migrations.RunPython(pack, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchrelated", name="items"),
        migrations.RenameField(
            model_name="searchrelated", old_name="items_packed", new_name="items"
        ),
    ]
