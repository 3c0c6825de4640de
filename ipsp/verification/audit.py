"""The audit trail: an append-only record of every transition of every entry.

Directory packages and the verification services call ``audit_record`` inside the
transaction of the transition, so the record exists exactly when the change does.
Recorded entries are never changed: ``AuditEntry.save`` refuses updates, its
QuerySet refuses ``update`` and ``delete``, and the admin offers no change at all.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
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
    # keep only what JSON can hold (dates become strings)
    clean = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, default=str))
    return AuditEntry.objects.create(
        kind=kind[:30],
        entry_public_id=str(public_id)[:40],
        action=action[:40],
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_role=_role(actor),
        at=at or timezone.now(),
        note=note or "",
        data=clean,
    )


def audit_trail(kind: str, public_id: str) -> QuerySet[AuditEntry]:
    """Every record of one entry, oldest first."""
    return AuditEntry.objects.filter(kind=kind, entry_public_id=public_id).select_related("actor")
