"""An actor's transitions were written to ``ActorEvent`` alone, so the secretariat's audit
trail (``verification.AuditEntry``) missed them. The audit trail is now their record:
the events are copied into it (who, when, what, from, to, why; the role read from the
person's groups as they are now), then ``ActorEvent`` goes.

Going back recreates the table empty: the records stay in the audit trail, which nothing
deletes.
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


def copy_events(apps: Any, schema_editor: Any) -> None:
    Event = apps.get_model("actors", "ActorEvent")
    AuditEntry = apps.get_model("verification", "AuditEntry")
    roles: dict[int | None, str] = {}
    last = 0
    while True:
        events = list(
            Event.objects.filter(pk__gt=last).select_related("actor", "by").order_by("pk")[:BATCH]
        )
        if not events:
            return
        last = events[-1].pk
        rows = []
        for event in events:
            if event.by_id not in roles:
                roles[event.by_id] = _role(event.by)
            rows.append(
                AuditEntry(
                    kind="actor",
                    entry_public_id=event.actor.public_id,
                    action=event.action[:40],
                    actor_id=event.by_id,
                    actor_role=roles[event.by_id],
                    at=event.at,
                    note=event.note,
                    data={"from": event.from_state, "to": event.to_state},
                )
            )
        AuditEntry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0005_invitations_and_validations"),
        ("verification", "0003_rejection_reasons"),
    ]

    operations = [
        migrations.RunPython(copy_events, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ActorEvent"),
    ]
