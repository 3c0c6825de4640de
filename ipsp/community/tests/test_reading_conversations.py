# mypy: disable-error-code="union-attr"
"""Conversations are kept on both sides' My entries with unread counts; only participants
read them: another contributor, a visitor and the secretariat get nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.community.models import Conversation
from ipsp.community.queries import conversations_for, unread_total
from ipsp.community.tests.conftest import A_EMAIL, B_EMAIL, Person, signed_in, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(a: Person, b: Person, organisation: Any) -> Conversation:
    write(signed_in(a.user), "actor", organisation.public_id, body="Hello **B**")
    return Conversation.objects.get()


def test_both_sides_see_the_conversation_on_my_entries_with_unread_counts(
    a: Person, b: Person, conversation: Conversation
) -> None:
    holder = signed_in(b.user)
    page = holder.get("/en/my/").content.decode()
    assert "Working together in Kisumu" in page and "1 unread" in page
    assert f'href="/en/messages/{conversation.public_id}/"' in page
    assert [row.unread for row in conversations_for(a.user)] == [0]  # one's own message

    read = holder.get(f"/en/messages/{conversation.public_id}/").content.decode()
    assert "<strong>B</strong>" in read  # Markdown, rendered safely
    assert "1 unread" not in holder.get("/en/my/").content.decode()
    assert unread_total(b.user) == 0


def test_an_answer_reaches_the_first_writer_and_counts_as_unread(
    a: Person, b: Person, conversation: Conversation, django_capture_on_commit_callbacks: Any
) -> None:
    holder = signed_in(b.user)
    page = holder.get(f"/en/messages/{conversation.public_id}/")
    key = page.context["form"].initial["key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = holder.post(
            f"/en/messages/{conversation.public_id}/answer/", {"body": "Yes, gladly.", "key": key}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[A_EMAIL]]
    assert unread_total(a.user) == 1
    writer_page = signed_in(a.user).get(f"/en/messages/{conversation.public_id}/")
    text = writer_page.content.decode()
    assert "Yes, gladly." in text and "a contributor of “Maji Safi Collective”" in text
    assert unread_total(a.user) == 0


def test_no_page_of_the_conversation_shows_an_address(
    a: Person, b: Person, conversation: Conversation
) -> None:
    for person in (a, b):
        client = signed_in(person.user)
        for url in ("/en/my/", f"/en/messages/{conversation.public_id}/"):
            body = client.get(url).content.decode()
            assert A_EMAIL not in body and B_EMAIL not in body


def test_another_contributor_cannot_read_or_answer(c: Person, conversation: Conversation) -> None:
    client = signed_in(c.user)
    assert client.get(f"/en/messages/{conversation.public_id}/").status_code == 404
    answer = client.post(
        f"/en/messages/{conversation.public_id}/answer/", {"body": "Intruding", "key": "i" * 40}
    )
    assert answer.status_code == 404
    assert conversation.messages.count() == 1
    assert "Working together" not in client.get("/en/my/").content.decode()


def test_a_visitor_is_sent_to_sign_in_and_sees_nothing(conversation: Conversation) -> None:
    response = Client().get(f"/en/messages/{conversation.public_id}/")
    assert response.status_code == 302 and response["Location"].startswith("/en/my/sign-in/")
    assert b"Hello" not in response.content


def test_the_secretariat_cannot_read_conversations_it_is_not_part_of(
    secretariat: Any, conversation: Conversation
) -> None:
    client = signed_in(secretariat)
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get(f"/en/messages/{conversation.public_id}/").status_code == 404


def test_an_unknown_or_malformed_conversation_id_is_not_found(a: Person) -> None:
    client = signed_in(a.user)
    assert client.get("/en/messages/000000000/").status_code == 404
    assert client.get("/en/messages/1/").status_code == 404


def test_conversation_addresses_use_public_ids_not_database_ids(
    conversation: Conversation,
) -> None:
    assert conversation.public_id != str(conversation.pk) and len(conversation.public_id) == 9


def test_the_my_entries_list_takes_a_fixed_number_of_queries(
    a: Person, b: Person, organisation: Any, initiative: Any, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(a.user)
    write(client, "actor", organisation.public_id)
    write(client, "initiative", initiative.public_id)
    with django_assert_max_num_queries(4):
        rows = conversations_for(b.user)
    assert len(rows) == 2 and all(row.unread == 1 for row in rows)


def test_message_text_is_rendered_as_sanitised_markdown(
    a: Person, b: Person, organisation: Any
) -> None:
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=y>"
    write(signed_in(a.user), "actor", organisation.public_id, body=hostile)
    conversation = Conversation.objects.get()
    page = signed_in(b.user).get(f"/en/messages/{conversation.public_id}/").content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page  # the link is left as text
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
