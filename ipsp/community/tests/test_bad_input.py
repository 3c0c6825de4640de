# mypy: disable-error-code="union-attr"
"""Bad input gets a clear message at its field and writes nothing; a form posted twice
writes one message; forbidden entries (one's own, unpublished, withdrawn) are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ipsp.community.models import BODY_MAX, SUBJECT_MAX, Conversation, Message, Participant
from ipsp.community.tests.conftest import Person, signed_in, write

pytestmark = pytest.mark.django_db


def nothing_written() -> bool:
    return not (
        Conversation.objects.exists() or Message.objects.exists() or Participant.objects.exists()
    )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("subject", "", "Write a subject."),
        ("subject", "   ", "Write a subject."),
        ("body", "", "Write a message."),
        ("body", " \n ", "Write a message."),
        ("subject", "x" * (SUBJECT_MAX + 1), f"at most {SUBJECT_MAX} characters"),
        ("body", "x" * (BODY_MAX + 1), f"at most {BODY_MAX} characters"),
    ],
)
def test_empty_or_too_long_fields_are_refused_at_the_field(
    a: Person, organisation: Any, field: str, value: str, error: str
) -> None:
    response = write(signed_in(a.user), "actor", organisation.public_id, **{field: value})
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors[field])
    assert nothing_written()


def test_errors_are_localised(a: Person, organisation: Any) -> None:
    client = signed_in(a.user)
    page = client.get(f"/fr/messages/write/actor/{organisation.public_id}/")
    key = page.context["form"].initial["key"]
    response = client.post(
        f"/fr/messages/write/actor/{organisation.public_id}/",
        {"subject": "", "body": "Bonjour", "key": key},
    )
    assert response.status_code == 400
    assert "Écrivez un objet." in response.content.decode()


def test_a_form_posted_twice_writes_one_message_and_one_email(
    a: Person, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(a.user)
    page = client.get(f"/en/messages/write/actor/{organisation.public_id}/")
    data = {"subject": "Hello", "body": "Once only", "key": page.context["form"].initial["key"]}
    url = f"/en/messages/write/actor/{organisation.public_id}/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert second["Location"].endswith("?notice=again")
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert "it was not sent twice" in client.get(second["Location"]).content.decode()


def test_a_malformed_form_key_is_refused(a: Person, organisation: Any) -> None:
    response = write(signed_in(a.user), "actor", organisation.public_id, key="short")
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert nothing_written()


def test_one_cannot_write_to_ones_own_entry(b: Person, organisation: Any) -> None:
    response = write(signed_in(b.user), "actor", organisation.public_id)
    assert response.status_code == 400
    assert "This is your own entry." in response.content.decode()
    assert nothing_written()


def test_an_unpublished_entry_cannot_be_written_to(
    a: Person, b: Person, actor_terms: dict[str, Any]
) -> None:
    from ipsp.actors.tests.conftest import make_actor

    draft = make_actor(b.user, actor_terms, state="submitted", name="Not Yet Collective")
    response = write(signed_in(a.user), "actor", draft.public_id)
    assert response.status_code == 404
    assert nothing_written()


def test_a_withdrawn_entry_cannot_be_written_to(
    a: Person, b: Person, organisation: Any, secretariat: Any
) -> None:
    from ipsp.actors.services import actor_withdraw
    from ipsp.community import services

    actor_withdraw(actor=organisation, by=secretariat, reason="Closed down.")
    assert write(signed_in(a.user), "actor", organisation.public_id).status_code == 404
    with pytest.raises(services.MessageRefused) as refused:
        services.conversation_start(
            sender=a.user,
            kind="actor",
            entry_public_id=organisation.public_id,
            subject="Hello",
            body="Still there?",
            submission_key="w" * 40,
            language="en",
        )
    assert refused.value.code == "not_published"
    assert nothing_written()


def test_an_unknown_kind_of_entry_is_not_found(a: Person, organisation: Any) -> None:
    response = signed_in(a.user).get(f"/en/messages/write/question/{organisation.public_id}/")
    assert response.status_code == 404


def test_a_post_without_the_csrf_token_is_refused(a: Person, organisation: Any) -> None:
    client = signed_in(a.user, enforce_csrf_checks=True)
    response = client.post(
        f"/en/messages/write/actor/{organisation.public_id}/",
        {"subject": "Hello", "body": "Forged", "key": "f" * 40},
    )
    assert response.status_code == 403
    assert nothing_written()


def test_a_visitor_posting_is_sent_to_sign_in_and_nothing_is_written(organisation: Any) -> None:
    from django.test import Client

    response = Client().post(
        f"/en/messages/write/actor/{organisation.public_id}/",
        {"subject": "Hello", "body": "Anonymous", "key": "v" * 40},
    )
    assert response.status_code == 302 and response["Location"].startswith("/en/my/sign-in/")
    assert nothing_written()


def test_a_reviewer_without_a_token_cannot_write(reviewer: Any, organisation: Any) -> None:
    response = signed_in(reviewer).get(f"/en/messages/write/actor/{organisation.public_id}/")
    assert response.status_code == 403


def test_too_many_new_conversations_in_a_day_are_refused_with_the_wait(
    a: Person, organisation: Any, initiative: Any, settings: Any
) -> None:
    settings.COMMUNITY_NEW_CONVERSATIONS_PER_DAY = 1
    client = signed_in(a.user)
    assert write(client, "actor", organisation.public_id).status_code == 302
    response = write(client, "initiative", initiative.public_id, body="Another one")
    assert response.status_code == 400
    body = response.content.decode().replace("\xa0", " ")
    assert "You have written many messages today. Please try again in 1 day" in body
    assert Conversation.objects.count() == 1


def test_a_form_posted_twice_at_once_returns_the_message_the_other_request_wrote(
    a: Person, organisation: Any, monkeypatch: Any
) -> None:
    from ipsp.community import services

    key = "k" * 32
    sent = services.conversation_start(
        sender=a.user,
        kind="actor",
        entry_public_id=organisation.public_id,
        subject="Hello",
        body="Once only",
        submission_key=key,
        language="en",
    )
    # the second request checked for the key before the first one committed
    real_existing = services._existing
    calls = iter([None])
    monkeypatch.setattr(services, "_existing", lambda *args: next(calls, real_existing(*args)))
    again = services.conversation_start(
        sender=a.user,
        kind="actor",
        entry_public_id=organisation.public_id,
        subject="Hello",
        body="Once only",
        submission_key=key,
        language="en",
    )
    assert not again.created and again.message.pk == sent.message.pk
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1
    assert Participant.objects.count() == 2
