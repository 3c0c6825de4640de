"""Messages pass level 1: spam is held (its author is told it will be delivered after a
check, nobody is emailed), sits in the spam folder, and restoring it delivers it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ipsp.community.models import Conversation, Message
from ipsp.community.queries import conversations_for
from ipsp.community.tests.conftest import B_EMAIL, Person, signed_in, write
from ipsp.verification.models import BlockedWord, Level1Check

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(a: Person, organisation: Any, django_capture_on_commit_callbacks: Any) -> Any:
    BlockedWord.objects.create(word="casino bonus", weight=20)
    with django_capture_on_commit_callbacks(execute=True):
        return write(signed_in(a.user), "actor", organisation.public_id, body="Best casino bonus!")


def test_spam_is_held_not_emailed_and_its_author_is_told_neutrally(
    a: Person, b: Person, held: Any
) -> None:
    assert held["Location"].endswith("?notice=held")
    message = Message.objects.get()
    assert message.state == "held" and mail.outbox == []
    check = Level1Check.objects.spam_folder().get(kind="message")
    assert check.entry_public_id == message.public_id
    assert check.content["texts"] == ["Best casino bonus!"]  # what the secretariat reviews
    page = signed_in(a.user).get(held["Location"]).content.decode()
    assert "Your message will be delivered after a check." in page
    assert "spam" not in page.lower()


def test_the_holder_sees_nothing_of_a_held_message(b: Person, held: Any) -> None:
    conversation = Conversation.objects.get()
    assert conversations_for(b.user) == []
    assert signed_in(b.user).get(f"/en/messages/{conversation.public_id}/").status_code == 404


def test_restoring_from_the_spam_folder_delivers_and_emails(
    b: Person, held: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ipsp.verification.services import spam_restore

    check = Level1Check.objects.get(kind="message")
    with django_capture_on_commit_callbacks(execute=True):
        spam_restore(check.pk, secretariat)
    assert Message.objects.get().state == "delivered"
    assert [m.to for m in mail.outbox] == [[B_EMAIL]]
    assert len(conversations_for(b.user)) == 1


def test_purging_the_spam_folder_erases_the_held_text(held: Any) -> None:
    import datetime

    from django.utils import timezone

    from ipsp.verification.services import spam_purge_expired

    spam_purge_expired(now=timezone.now() + datetime.timedelta(days=31))
    message = Message.objects.get()
    assert message.state == "removed" and message.body == ""
