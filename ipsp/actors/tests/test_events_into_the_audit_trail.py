"""Migration 0006: an actor's transitions move from ``ActorEvent`` into the shared audit
trail, which the secretariat reads (it missed them before)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import migrate_to
from ipsp.accounts.tokens import contributor_create
from ipsp.verification.audit import audit_trail

BEFORE = [
    ("actors", "0005_invitations_and_validations"),
    ("verification", "0003_rejection_reasons"),
]


@pytest.mark.django_db(transaction=True)
def test_each_event_becomes_a_record_of_the_audit_trail() -> None:
    old = migrate_to(BEFORE)
    user = contributor_create(language="en")
    actor = old.get_model("actors", "Actor").objects.create(
        public_id="b2c3d4e5f", name="Maji Safi Collective", state="withdrawn"
    )
    event = old.get_model("actors", "ActorEvent")
    created_at = timezone.now() - datetime.timedelta(days=400)
    event.objects.create(
        actor=actor, by_id=user.pk, at=created_at, action="create", to_state="draft"
    )
    withdrawn = event.objects.create(
        actor=actor,
        by=None,
        at=created_at + datetime.timedelta(days=30),
        action="withdraw",
        from_state="published",
        to_state="withdrawn",
        note="The collective closed.",
    )

    migrate_to(None)

    trail = list(audit_trail("actor", "b2c3d4e5f"))
    assert [(entry.action, entry.at, entry.actor_id) for entry in trail] == [
        ("create", created_at, user.pk),
        ("withdraw", withdrawn.at, None),
    ]
    assert (trail[1].actor_role, trail[1].note, trail[1].data) == (
        "system",
        "The collective closed.",
        {"from": "published", "to": "withdrawn"},
    )
