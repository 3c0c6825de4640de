"""Every transition of an initiative was written twice: to ``InitiativeEvent`` and to the
shared audit trail (``verification.AuditEntry``, the trail the secretariat reads). The
audit trail is now the only record: events it lacks (written before it existed, or in
bulk by the demo data) are copied into it, then ``InitiativeEvent`` goes.

The copy keeps who, when, what, from, to and why; the role is read from the person's
groups as they are now. Going back recreates the table empty: the records stay in the
audit trail, which nothing deletes.
"""

from typing import Any

from django.db import migrations

BATCH = 2000


def _role(user: Any) -> str:
    if user is None:
        return "system"
    if user.is_superuser:
        return "superuser"
    return ",".join(sorted(group.name for group in user.groups.all()))[:30]


def copy_missing_events(apps: Any, schema_editor: Any) -> None:
    Event = apps.get_model("initiatives", "InitiativeEvent")
    AuditEntry = apps.get_model("verification", "AuditEntry")
    roles: dict[int | None, str] = {}
    last = 0
    while True:
        events = list(
            Event.objects.filter(pk__gt=last)
            .select_related("initiative", "actor")
            .order_by("pk")[:BATCH]
        )
        if not events:
            return
        last = events[-1].pk
        public_ids = {event.initiative.public_id for event in events}
        recorded = {
            (entry.entry_public_id, entry.data.get("event"))
            for entry in AuditEntry.objects.filter(
                kind="initiative", entry_public_id__in=public_ids
            ).only("entry_public_id", "data")
        }
        rows = []
        for event in events:
            if (event.initiative.public_id, event.pk) in recorded:
                continue
            if event.actor_id not in roles:
                roles[event.actor_id] = _role(event.actor)
            rows.append(
                AuditEntry(
                    kind="initiative",
                    entry_public_id=event.initiative.public_id,
                    action=event.action[:40],
                    actor_id=event.actor_id,
                    actor_role=roles[event.actor_id],
                    at=event.at,
                    note=event.note,
                    data={"from": event.from_state, "to": event.to_state, "event": event.pk},
                )
            )
        AuditEntry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_version_terms_keyed_by_the_pair"),
        ("verification", "0003_rejection_reasons"),
    ]

    operations = [
        migrations.RunPython(copy_missing_events, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="InitiativeEvent"),
    ]
