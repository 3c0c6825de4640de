from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ipsp.accounts import services, tokens
from ipsp.accounts.tests.helpers import form_token

URL = "/en/my/lost-token/"
SAME_ANSWER = "If this address is known, we have sent a link to it."


@pytest.fixture
def with_email(db: None) -> Any:
    return services.contributor_welcome(
        language="fr", contact_email="ana@example.org", consent_text="I agree."
    )


def ask(client: Client, email: str, capture: Callable[..., Any]) -> str:
    with capture(execute=True):
        response = client.post(URL, {"email": email, "form_token": form_token("lost_token")})
    assert response.status_code == 200
    assert not response.cookies
    return response.content.decode()


def link_in_last_mail() -> str:
    body = mail.outbox[-1].body
    return next(word for word in body.split() if "/my/lost-token/" in word)


def test_unknown_and_known_addresses_get_the_same_answer(
    client: Client, with_email: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    unknown = ask(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert SAME_ANSWER in unknown
    assert mail.outbox == []
    known = ask(client, "ANA@example.org", django_capture_on_commit_callbacks)
    assert SAME_ANSWER in known
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]


def test_lost_token_flow_end_to_end(
    client: Client, with_email: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    ask(client, "ana@example.org", django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == "Remplacez votre jeton d’accès perdu"  # noqa: RUF001 (French typography)
    link = link_in_last_mail()
    assert (
        link.startswith("http://127.0.0.1:8000/fr/my/lost-token/") or "/fr/my/lost-token/" in link
    )
    path = link.split("8000", 1)[-1]

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert not confirm.cookies
    assert tokens.token_authenticate(with_email.raw) is not None  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        shown = client.post(path, {"form_token": form_token("token_recover")})
    html = shown.content.decode()
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    new_raw = html.split('id="token-once-value"')[1].split('value="')[1].split('"')[0]
    assert tokens.token_authenticate(with_email.raw) is None
    assert tokens.token_authenticate(new_raw) == with_email.token.user
    assert new_raw in mail.outbox[-1].body
    assert not shown.cookies

    again = client.post(path, {"form_token": form_token("token_recover")})
    assert again.status_code == 410
    assert tokens.token_authenticate(new_raw) is not None
    assert client.get(path).status_code == 410


def test_the_link_expires_after_an_hour(
    client: Client,
    with_email: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ask(client, "ana@example.org", django_capture_on_commit_callbacks)
    path = link_in_last_mail().split("8000", 1)[-1]
    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    response = client.post(path, {"form_token": form_token("token_recover")})
    assert response.status_code == 410
    assert "Ce lien ne fonctionne plus" in response.content.decode()  # the link is in French
    assert tokens.token_authenticate(with_email.raw) is not None


def test_a_forged_link_is_refused(client: Client, with_email: Any) -> None:
    forged = tokens.recovery_value_make(with_email.token.user)[:-2] + "xx"
    assert client.get(f"/en/my/lost-token/{forged}/").status_code == 410


def test_changing_the_contact_email_voids_earlier_links(
    client: Client, with_email: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    ask(client, "ana@example.org", django_capture_on_commit_callbacks)
    path = link_in_last_mail().split("8000", 1)[-1]
    services.contributor_contact_email_set(
        user=with_email.token.user, email="other@example.org", consent_text="I agree."
    )
    assert client.get(path).status_code == 410


def test_repeated_requests_for_one_address_stop_sending_but_answer_the_same(
    client: Client, with_email: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    for _attempt in range(5):
        assert SAME_ANSWER in ask(client, "ana@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def test_a_malformed_address_is_refused_at_the_field(client: Client, db: None) -> None:
    response = client.post(URL, {"email": "ana", "form_token": form_token("lost_token")})
    assert "Enter a valid email address." in response.content.decode()
    assert not response.cookies
