"""Invitations as services: creation, the guard of every email, reminders, expiry, blocks,
bounces and the deletion of contact data after the retention period."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ipsp.accounts.models import User
from ipsp.actors import invitations
from ipsp.actors.models import Actor, Invitation, InvitationBlock
from ipsp.actors.tests.outreach_helpers import invite
from ipsp.verification.audit import audit_trail

# Committed transactions, so that each email leaves when its service commits.
pytestmark = pytest.mark.django_db(transaction=True)
State = Invitation.State
DAY = datetime.timedelta(days=1)


def test_an_invitation_creates_a_draft_prefilled_with_name_and_website(secretariat: User) -> None:
    invitation = invite(secretariat)
    actor = invitation.actor
    assert actor.state == Actor.State.DRAFT and actor.owner_id is None
    assert actor.name == "Kibera Water Women"
    assert [link.url for link in actor.links.all()] == ["https://kww.example.org/"]
    assert invitation.state == State.SENT and invitation.last_sent_at is not None
    assert audit_trail("actor", actor.public_id).filter(action="invited").exists()
    assert len(mail.outbox) == 1


def test_an_invitation_can_link_an_existing_draft_instead(secretariat: User) -> None:
    existing = Actor.objects.create(name="Kibera Water Women e.V.")
    candidates = invitations.invitation_candidates("KIBERA WATER WOMEN")
    assert [c.public_id for c in candidates] == [existing.public_id]
    invitation = invite(secretariat, actor=existing)
    assert invitation.actor_id == existing.pk
    assert Actor.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("contact_email", {"contact_email": "not-an-address"}),
        ("organisation_name", {"organisation_name": "   "}),
        ("reason", {"reason": ""}),
        ("website", {"website": "javascript:alert(1)"}),
        ("language", {"language": "xx"}),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(
    secretariat: User, field: str, overrides: dict[str, str]
) -> None:
    with pytest.raises(invitations.InvitationError) as refused:
        invite(secretariat, **overrides)
    assert refused.value.field == field
    assert Invitation.objects.count() == 0 and Actor.objects.count() == 0
    assert mail.outbox == []


def test_a_second_open_invitation_to_the_same_address_is_refused(secretariat: User) -> None:
    invite(secretariat)
    with pytest.raises(invitations.InvitationError) as refused:
        invite(secretariat, organisation_name="Other", contact_email="WANJIRU@kww.example.org")
    assert refused.value.field == "contact_email"


def test_an_address_that_declined_is_never_invited_again(secretariat: User) -> None:
    invitation = invite(secretariat)
    invitations.invitation_decline(invitation=invitation, reason="Not now")
    with pytest.raises(invitations.InvitationError) as refused:
        invite(secretariat, organisation_name="Kibera Water Women again")
    assert refused.value.field == "contact_email"
    assert len(mail.outbox) == 1


def test_reminders_are_spaced_limited_and_then_the_invitation_expires(
    secretariat: User, settings: Any
) -> None:
    settings.INVITATION_REMINDERS = 2
    settings.INVITATION_REMINDER_DAYS = 14
    start = timezone.now()
    invitation = invite(secretariat, now=start)
    assert invitations.invitations_remind(now=start + 13 * DAY) == (0, 0)
    assert invitations.invitations_remind(now=start + 14 * DAY) == (1, 0)
    assert invitations.invitations_remind(now=start + 15 * DAY) == (0, 0)  # not twice
    assert invitations.invitations_remind(now=start + 28 * DAY) == (1, 0)
    assert invitations.invitations_remind(now=start + 41 * DAY) == (0, 0)  # no third one
    assert invitations.invitations_remind(now=start + 42 * DAY) == (0, 1)
    invitation.refresh_from_db()
    assert invitation.state == State.EXPIRED and invitation.reminders_sent == 2
    assert len(mail.outbox) == 3
    assert invitations.invitations_remind(now=start + 100 * DAY) == (0, 0)
    assert len(mail.outbox) == 3
    assert invitations.is_blocked("wanjiru@kww.example.org")


@pytest.mark.parametrize("end", ["decline", "bounce", "claim"])
def test_nobody_who_answered_or_bounced_gets_a_reminder(secretariat: User, end: str) -> None:
    start = timezone.now()
    invitation = invite(secretariat, now=start)
    if end == "decline":
        invitations.invitation_decline(invitation=invitation)
    elif end == "bounce":
        invitations.invitation_bounce(invitation=invitation, by=secretariat)
    else:
        invitations.invitation_accept(invitation=invitation)
    assert invitations.invitations_remind(now=start + 14 * DAY) == (0, 0)
    assert len(mail.outbox) == 1  # the claim gave no contact address: no token email


def test_the_guard_refuses_an_email_to_a_blocked_address_even_on_an_open_invitation(
    secretariat: User,
) -> None:
    start = timezone.now()
    first = invite(secretariat, now=start)
    invitations._block(first.contact_email, "declined")  # e.g. declined through another row
    assert invitations.invitations_remind(now=start + 14 * DAY) == (0, 0)
    assert len(mail.outbox) == 1


def test_contact_data_is_deleted_after_the_retention_period_and_the_block_stays(
    secretariat: User,
) -> None:
    invitations.invitation_retention_set(days=30, by=secretariat)
    declined = invite(secretariat)
    invitations.invitation_decline(invitation=declined, reason="We are a private company")
    waiting = invite(secretariat, organisation_name="Other", contact_email="ana@other.example.org")
    later = timezone.now() + 29 * DAY
    assert invitations.invitation_contacts_purge(now=later) == 0
    assert invitations.invitation_contacts_purge(now=later + 2 * DAY) == 1
    declined.refresh_from_db()
    waiting.refresh_from_db()
    assert declined.contact_email == "" and declined.contact_name == ""
    assert declined.decline_reason == "" and declined.contacts_purged_at is not None
    assert waiting.contact_email == "ana@other.example.org"
    stored = list(InvitationBlock.objects.values_list("address_hash", flat=True))
    assert stored and "wanjiru" not in "".join(stored)
    with pytest.raises(invitations.InvitationError):
        invite(secretariat, organisation_name="Third try")


def test_the_retention_period_must_be_sensible(secretariat: User, settings: Any) -> None:
    settings.INVITATION_RETENTION_DAYS = 45
    assert invitations.retention_days() == 45
    for days in (0, 5000):
        with pytest.raises(invitations.InvitationError):
            invitations.invitation_retention_set(days=days, by=secretariat)
    invitations.invitation_retention_set(days=10, by=secretariat)
    assert invitations.retention_days() == 10


def test_an_answer_is_accepted_once(secretariat: User) -> None:
    invitation = invite(secretariat)
    invitations.invitation_accept(invitation=invitation)
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_accept(invitation=invitation)
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_decline(invitation=invitation)
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_bounce(invitation=invitation)


def test_a_block_survives_a_key_rotation_that_keeps_the_old_key(
    secretariat: User, settings: Any
) -> None:
    invitation = invite(secretariat)
    invitations.invitation_decline(invitation=invitation)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-rotated-signing-key-" + "k" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert invitations.is_blocked("Wanjiru@KWW.example.org")
    settings.SECRET_KEY_FALLBACKS = []
    assert not invitations.is_blocked("wanjiru@kww.example.org")  # the documented limit
