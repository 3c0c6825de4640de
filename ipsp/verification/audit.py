"""The audit trail: an append-only record of every transition of every entry.

Directory packages and the verification services call ``audit_record`` inside the
transaction of the transition, so the record exists exactly when the change does.
Recorded entries are never changed: ``AuditEntry.save`` refuses updates, its
QuerySet refuses ``update`` and ``delete``, and the admin offers no change at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, QuerySet
from django.utils import timezone

from ipsp.verification.models import AuditEntry


def _role(actor: Any) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return "system"
    from ipsp.accounts.services import user_roles

    held = sorted(user_roles(actor))
    if getattr(actor, "is_superuser", False):
        held.insert(0, "superuser")
    return ",".join(held)[:30]


def _json(data: dict[str, Any] | None) -> dict[str, Any]:
    """Only what JSON can hold (dates become strings)."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, default=str))  # type: ignore[no-any-return]


def _person(actor: Any) -> Any:
    """The user to record, or None for the platform (no actor, or one never saved)."""
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _entry(
    kind: str,
    public_id: str,
    action: str,
    person: Any,
    role: str,
    at: datetime,
    note: str,
    data: dict[str, Any] | None,
) -> AuditEntry:
    """One record, not yet written, with each value cut to its column."""
    return AuditEntry(
        kind=kind[:30],
        entry_public_id=str(public_id)[:40],
        action=action[:40],
        actor=person,
        actor_role=role,
        at=at,
        note=note or "",
        data=_json(data),
    )


def audit_record(
    kind: str,
    public_id: str,
    action: str,
    actor: Any = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one record: ``actor`` (a user, or None for the platform) did ``action`` on
    the entry ``kind``/``public_id`` at ``at``, because ``note``; ``data`` says what."""
    person = _person(actor)
    entry = _entry(kind, public_id, action, person, _role(person), at or timezone.now(), note, data)
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class PastRecord:
    """A transition that already happened, for ``audit_record_many``."""

    kind: str
    public_id: str
    action: str
    actor: Any
    at: datetime
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def audit_record_many(records: Iterable[PastRecord], batch_size: int = 2000) -> int:
    """Append many records at once (bulk imports, generated demo data); each person's
    role is read once. Returns how many were written."""
    roles: dict[int | None, str] = {}
    rows: list[AuditEntry] = []
    for record in records:
        person = _person(record.actor)
        key = person.pk if person is not None else None
        if key not in roles:
            roles[key] = _role(person)
        rows.append(
            _entry(
                record.kind,
                record.public_id,
                record.action,
                person,
                roles[key],
                record.at,
                record.note,
                record.data,
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def audit_trail(kind: str, public_id: str) -> QuerySet[AuditEntry]:
    """Every record of one entry, oldest first."""
    return AuditEntry.objects.filter(kind=kind, entry_public_id=public_id).select_related("actor")


def audit_last_id(kind: str, public_id: str) -> int:
    """The id of the entry's latest record (0 if none): it changes with every transition,
    so a page can tell whether what it showed is still current."""
    last = AuditEntry.objects.filter(kind=kind, entry_public_id=public_id).aggregate(top=Max("pk"))
    return int(last["top"] or 0)


def audit_public_ids_since(kind: str, since: datetime) -> set[str]:
    """The public ids of the entries of ``kind`` with a record at or after ``since``."""
    return set(
        AuditEntry.objects.filter(kind=kind, at__gte=since).values_list(
            "entry_public_id", flat=True
        )
    )
