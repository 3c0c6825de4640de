# mypy: disable-error-code="union-attr, attr-defined"
"""A contributor writes to the holders of an organisation or an initiative: one
conversation, one email to each holder, no address of anyone anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ipsp.community.models import Conversation, Message, Participant
from ipsp.community.tests.conftest import A_EMAIL, B_EMAIL, Person, signed_in, write
from ipsp.notifications.models import OutgoingEmail
from ipsp.verification.models import Level1Check

pytestmark = pytest.mark.django_db


def test_a_contributor_writes_to_an_organisation_and_its_holder_gets_an_email(
    a: Person, b: Person, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = write(client, "actor", organisation.public_id)

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/messages/{conversation.public_id}/?notice=sent"
    assert conversation.entry_kind == "actor" and conversation.entry_title == organisation.name
    seats = {p.user_id: p.side for p in Participant.objects.all()}
    assert seats == {a.user.pk: "sender", b.user.pk: "holder"}
    message = Message.objects.get()
    assert message.state == "delivered" and message.body == "Hello, could we meet?"
    assert Level1Check.objects.get(kind="message").entry_public_id == message.public_id

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [B_EMAIL]
    assert sent.subject == "a contributor wrote to you about “Maji Safi Collective”"
    assert f"/en/messages/{conversation.public_id}/" in sent.body
    assert "Hello, could we meet?" not in sent.body  # no text of the message by email
    assert OutgoingEmail.objects.get().category == "messages"


def test_the_sender_is_named_by_the_entry_they_hold_when_they_have_no_display_name(
    a: Person,
    b: Person,
    organisation: Any,
    initiative: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # A holds nothing published, so B is told "a contributor"; B's answer is signed
    # by the entry the conversation is about.
    client = signed_in(a.user)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, "initiative", initiative.public_id)
    conversation = Conversation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(b.user).post(
            f"/en/messages/{conversation.public_id}/answer/",
            {"body": "Gladly.", "key": "r" * 40},
        )
    assert [m.to for m in mail.outbox] == [[B_EMAIL], [A_EMAIL]]
    assert mail.outbox[1].subject == (
        "a contributor of “Water kiosks” wrote to you about “Water kiosks”"
    )


def test_a_display_name_is_used_when_the_person_has_one(
    a: Person, b: Person, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a.user.display_name = "Asha"
    a.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        write(signed_in(a.user), "actor", organisation.public_id)
    assert mail.outbox[0].subject == "Asha wrote to you about “Maji Safi Collective”"


def test_the_email_is_in_the_recipients_language(
    a: Person, b: Person, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    organisation.language = "fr"
    organisation.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        write(signed_in(a.user), "actor", organisation.public_id)
    sent = mail.outbox[0]
    assert sent.subject == "un contributeur vous a écrit au sujet de « Maji Safi Collective »"
    assert "/fr/messages/" in sent.body
    assert sent.alternatives and "text/html" in sent.alternatives[0][1]


def test_the_raw_email_carries_no_address_but_the_recipients(
    a: Person, b: Person, organisation: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(signed_in(a.user), "actor", organisation.public_id)
    sent = mail.outbox[0]
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    assert sent.to == [B_EMAIL] and sent.cc == [] and sent.bcc == [] and sent.reply_to == []
    raw = sent.message().as_bytes()
    assert A_EMAIL.encode() not in raw and b"asha" not in raw.lower()
    assert b"Reply-To" not in raw and b"Cc:" not in raw and b"Bcc:" not in raw
    message = sent.message()
    assert message["To"] == B_EMAIL
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    # it can be unsubscribed from, as its own category
    assert message["List-Unsubscribe"] and "List-Unsubscribe=One-Click" in str(
        message["List-Unsubscribe-Post"]
    )


def test_an_unsubscribed_holder_gets_no_email_but_still_the_message(
    a: Person, b: Person, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ipsp.notifications.services import unsubscribe
    from ipsp.notifications.unsubscribe import unsubscribe_token

    unsubscribe(token=unsubscribe_token(B_EMAIL, "messages"), source="page")
    with django_capture_on_commit_callbacks(execute=True):
        write(signed_in(a.user), "actor", organisation.public_id)
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().state == "suppressed"
    conversation = Conversation.objects.get()
    page = signed_in(b.user).get(f"/en/messages/{conversation.public_id}/")
    assert "Hello, could we meet?" in page.content.decode()
