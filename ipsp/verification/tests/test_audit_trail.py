"""The audit trail is append-only: written by services, never changed or deleted,
read-only in the admin for everyone (superusers included)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.core import publicid
from ipsp.verification.audit import (
    PastRecord,
    audit_last_id,
    audit_public_ids_since,
    audit_record,
    audit_record_many,
    audit_trail,
)
from ipsp.verification.models import AuditEntry, AuditTrailIsAppendOnly

pytestmark = pytest.mark.django_db


PID = publicid.generate()


def _entry(actor: Any = None) -> AuditEntry:
    return audit_record("question", PID, "publish", actor, "Relevant", {"n": 1})


def test_a_record_says_who_when_what_and_why(secretariat: User) -> None:
    entry = _entry(secretariat)

    assert entry.actor == secretariat and entry.actor_role == "secretariat"
    assert entry.action == "publish" and entry.note == "Relevant" and entry.data == {"n": 1}
    assert list(audit_trail("question", PID)) == [entry]


def test_the_platform_itself_is_recorded_as_system() -> None:
    assert _entry().actor_role == "system"


def test_a_recorded_entry_cannot_be_changed() -> None:
    entry = _entry()
    entry.note = "Rewritten history"

    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="Rewritten")
    entry.refresh_from_db()
    assert entry.note == "Relevant"


def test_a_recorded_entry_cannot_be_deleted() -> None:
    entry = _entry()

    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 1


def test_erasing_a_person_keeps_the_record_without_them(secretariat: User) -> None:
    entry = _entry(secretariat)
    secretariat.delete()

    entry.refresh_from_db()
    assert entry.actor is None and entry.action == "publish"


def test_the_admin_offers_no_add_change_or_delete_even_to_a_superuser() -> None:
    superuser = User.objects.create_superuser(email="root@example.org", password="x" * 20)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = site._registry[AuditEntry]
    entry = _entry()

    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert model_admin.get_actions(request) == {}


def test_the_secretariat_reads_the_trail_in_the_admin_but_cannot_post_to_it(
    client: Client, secretariat: User
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(secretariat)
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    entry = _entry()
    change_url = f"/admin/verification/auditentry/{entry.pk}/change/"

    assert client.get("/admin/verification/auditentry/").status_code == 200
    client.post(change_url, {"note": "Rewritten", "action": "reject"})
    client.post(f"/admin/verification/auditentry/{entry.pk}/delete/", {"post": "yes"})

    entry.refresh_from_db()
    assert entry.note == "Relevant" and entry.action == "publish"
    assert client.get("/admin/verification/auditentry/add/").status_code == 403


def test_reviewers_cannot_read_the_trail(client: Client, reviewer: User) -> None:
    entry = _entry()
    client.force_login(reviewer)
    assert client.get("/admin/verification/auditentry/").status_code in {302, 403}
    assert client.get(f"/en/staff/queue/audit/question/{entry.entry_public_id}/").status_code == 403


def test_past_transitions_are_written_in_bulk_with_each_persons_role(secretariat: User) -> None:
    when = timezone.now() - datetime.timedelta(days=365)
    written = audit_record_many(
        [
            PastRecord("question", PID, "create", None, when, data={"to": "draft"}),
            PastRecord("question", PID, "publish", secretariat, when, "Relevant", {"on": when}),
        ]
    )

    assert written == 2
    trail = list(audit_trail("question", PID))
    assert [(e.action, e.actor_role, e.at) for e in trail] == [
        ("create", "system", when),
        ("publish", "secretariat", when),
    ]
    assert trail[1].data == {"on": str(when)}  # dates kept as text


def test_the_last_id_changes_with_each_record_of_the_entry_only() -> None:
    assert audit_last_id("question", PID) == 0
    first = _entry()
    assert audit_last_id("question", PID) == first.pk
    audit_record("question", publicid.generate(), "create")  # another entry
    assert audit_last_id("question", PID) == first.pk
    second = _entry()
    assert audit_last_id("question", PID) == second.pk > first.pk


def test_entries_with_a_record_since_a_moment() -> None:
    now = timezone.now()
    other = publicid.generate()
    audit_record("question", other, "create", at=now - datetime.timedelta(days=2))
    audit_record("question", PID, "create", at=now)
    audit_record("resource", publicid.generate(), "create", at=now)  # another kind

    assert audit_public_ids_since("question", now - datetime.timedelta(hours=1)) == {PID}
    assert audit_public_ids_since("question", now - datetime.timedelta(days=3)) == {PID, other}
