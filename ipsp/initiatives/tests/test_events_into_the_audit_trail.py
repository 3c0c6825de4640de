"""Migration 0004: the audit trail becomes the only record of an initiative's transitions.
Events it lacked are copied into it; events it had are not copied twice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import migrate_to
from ipsp.accounts.tokens import contributor_create
from ipsp.verification.audit import audit_trail

BEFORE = [
    ("initiatives", "0003_version_terms_keyed_by_the_pair"),
    ("verification", "0003_rejection_reasons"),
]


@pytest.mark.django_db(transaction=True)
def test_events_missing_from_the_audit_trail_are_copied_once() -> None:
    old = migrate_to(BEFORE)
    user = contributor_create(language="en")
    initiative = old.get_model("initiatives", "Initiative").objects.create(
        public_id="7kq2m9xa4", contributor_id=user.pk
    )
    event = old.get_model("initiatives", "InitiativeEvent")
    created_at = timezone.now() - datetime.timedelta(days=400)
    create = event.objects.create(
        initiative=initiative, actor_id=user.pk, at=created_at, action="create", to_state="draft"
    )
    withdraw = event.objects.create(
        initiative=initiative,
        actor_id=user.pk,
        at=created_at + datetime.timedelta(days=30),
        action="withdraw",
        from_state="published",
        to_state="withdrawn",
        note="The project ended.",
    )
    old.get_model("verification", "AuditEntry").objects.create(  # written at the time
        kind="initiative",
        entry_public_id="7kq2m9xa4",
        action="create",
        actor_id=user.pk,
        actor_role="contributor",
        at=created_at,
        data={"from": "", "to": "draft", "event": create.pk},
    )

    migrate_to(None)

    trail = list(audit_trail("initiative", "7kq2m9xa4"))
    assert [(entry.action, entry.at) for entry in trail] == [
        ("create", created_at),
        ("withdraw", withdraw.at),
    ]
    copied = trail[1]
    assert (copied.actor_id, copied.note, copied.data) == (
        user.pk,
        "The project ended.",
        {"from": "published", "to": "withdrawn", "event": withdraw.pk},
    )
