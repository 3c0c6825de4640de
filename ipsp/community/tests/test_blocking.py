"""Either side can block the other, per person: the blocked side cannot write any more
(a clear message, no email), in the conversation or about any entry; unblocking undoes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ipsp.community.models import Block, Conversation, Message
from ipsp.community.tests.conftest import Person, signed_in, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(a: Person, b: Person, organisation: Any) -> Conversation:
    write(signed_in(a.user), "actor", organisation.public_id)
    return Conversation.objects.get()


def block(client: Any, conversation: Conversation, person: Person, action: str = "block") -> Any:
    return client.post(
        f"/en/messages/{conversation.public_id}/block/",
        {"person": person.user.public_id, "action": action},
    )


def test_a_blocked_contributor_cannot_answer_nor_write_again_and_no_email_goes_out(
    a: Person,
    b: Person,
    conversation: Conversation,
    initiative: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    holder = signed_in(b.user)
    response = block(holder, conversation, a)
    assert response["Location"].endswith("?notice=blocked")
    assert Block.objects.filter(blocker=b.user, blocked=a.user).exists()

    writer = signed_in(a.user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = writer.post(
            f"/en/messages/{conversation.public_id}/answer/", {"body": "Hello?", "key": "a" * 40}
        )
        again = write(writer, "initiative", initiative.public_id)  # another entry of B's
    assert answer.status_code == 400
    assert "This contributor does not accept messages from you." in answer.content.decode()
    assert again.status_code == 400
    assert "This contributor does not accept messages from you." in again.content.decode()
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1
    assert mail.outbox == []
    page = writer.get(f"/en/actors/{conversation.entry_public_id}/").content.decode()
    assert "does not accept messages from you" in page


def test_the_blocker_cannot_write_either_until_they_unblock(
    a: Person, b: Person, conversation: Conversation
) -> None:
    holder = signed_in(b.user)
    block(holder, conversation, a)
    page = holder.get(f"/en/messages/{conversation.public_id}/").content.decode()
    assert "while one of you blocks the other" in page and 'name="body"' not in page
    refused = holder.post(
        f"/en/messages/{conversation.public_id}/answer/", {"body": "Bye", "key": "b" * 40}
    )
    assert "You blocked this contributor." in refused.content.decode()

    assert block(holder, conversation, a, "unblock")["Location"].endswith("?notice=unblocked")
    writer = signed_in(a.user)
    answer = writer.post(
        f"/en/messages/{conversation.public_id}/answer/", {"body": "Thanks", "key": "c" * 40}
    )
    assert answer.status_code == 302 and Message.objects.count() == 2


def test_blocked_people_are_listed_on_my_entries_and_can_be_unblocked_there(
    a: Person, b: Person, conversation: Conversation
) -> None:
    holder = signed_in(b.user)
    block(holder, conversation, a)
    page = holder.get("/en/my/").content.decode()
    assert "People you blocked" in page and "a contributor" in page
    response = holder.post("/en/messages/unblock/", {"person": a.user.public_id})
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_one_can_only_block_someone_of_the_conversation(
    a: Person, b: Person, c: Person, conversation: Conversation
) -> None:
    holder = signed_in(b.user)
    assert block(holder, conversation, c).status_code == 404
    assert block(holder, conversation, b).status_code == 404  # oneself
    assert block(signed_in(c.user), conversation, a).status_code == 404  # not a participant
    assert not Block.objects.exists()


def test_unblocking_from_my_entries_lifts_only_ones_own_blocks(
    a: Person, b: Person, c: Person, conversation: Conversation
) -> None:
    block(signed_in(b.user), conversation, a)
    signed_in(c.user).post("/en/messages/unblock/", {"person": a.user.public_id})
    assert Block.objects.filter(blocker=b.user, blocked=a.user).exists()
