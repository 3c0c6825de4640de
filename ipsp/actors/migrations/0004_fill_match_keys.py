"""Fill the columns the actors issue added for actors created before it."""

from django.db import migrations


def fill(apps, schema_editor):
    from ipsp.actors.models import match_key

    Actor = apps.get_model("actors", "Actor")
    for actor in Actor.objects.all().only("pk", "name", "state", "created_at").iterator():
        changes = {"match_key": match_key(actor.name)}
        if actor.state == "published":
            changes["published_at"] = actor.created_at
            changes["last_published_at"] = actor.created_at
        Actor.objects.filter(pk=actor.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("actors", "0003_actor_record")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
