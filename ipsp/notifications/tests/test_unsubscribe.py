"""Non-transactional mail carries a one-click unsubscribe (RFC 8058); transactional mail never."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from ipsp.notifications import services
from ipsp.notifications.models import Category, OutgoingEmail, Suppression
from ipsp.notifications.tests.conftest import Person, SmtpServer
from ipsp.notifications.unsubscribe import address_hash, unsubscribe_token

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State
RAW = "ipsp-" + "U" * 43


def _remind(to: str = "ana@example.org", language: str = "en") -> bool:
    return services.entry_freshness_reminder_email(
        to=to,
        language=language,
        title="Community water kiosks",
        update_url="http://127.0.0.1:8000/en/my/",
    )


def _unsubscribe_path(header: str) -> str:
    header = str(header).strip()  # a long header is folded onto a continuation line
    assert header.startswith("<") and header.endswith(">")
    return urlsplit(header[1:-1]).path


def test_a_reminder_carries_one_click_unsubscribe_headers_and_a_token_email_does_not(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(language="fr")
        services.token_email(Person("ana@example.org", "fr"), RAW)

    reminder, token = smtp_server.messages
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(reminder["List-Unsubscribe"]).strip()
    assert link.startswith("<http://127.0.0.1:8000/fr/unsubscribe/")
    assert "ana@example.org" not in link  # the address is not in the link
    text = reminder.get_body(preferencelist=("plain",))
    html = reminder.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert link[1:-1] in text.get_content()
    assert link[1:-1] in html.get_content()
    assert token["List-Unsubscribe"] is None
    assert token["List-Unsubscribe-Post"] is None


def test_one_click_post_unsubscribes_without_cookie_or_confirmation(
    smtp_server: SmtpServer,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _remind()
    path = _unsubscribe_path(smtp_server.messages[0]["List-Unsubscribe"])

    # what a mail client sends (RFC 8058 section 3.1): no cookie, no CSRF token
    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not response.cookies
    suppression = Suppression.objects.get()
    assert suppression.address_hash == address_hash("ana@example.org")
    assert suppression.category == Category.REMINDERS
    assert suppression.source == Suppression.Source.ONE_CLICK

    # idempotent: the client may POST again
    again = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200
    assert Suppression.objects.count() == 1


def test_after_unsubscribing_reminders_are_suppressed_but_transactional_mail_still_goes(
    smtp_server: SmtpServer,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.post(f"/en/unsubscribe/{unsubscribe_token('Ana@Example.org', Category.REMINDERS)}/")

    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(to="ana@example.org") is False
        assert services.token_email(Person("ana@example.org", "en"), RAW)
        assert _remind(to="ben@example.org")

    assert smtp_server.recipients == [["ana@example.org"], ["ben@example.org"]]
    assert "access token" in str(smtp_server.messages[0]["Subject"])
    suppressed = OutgoingEmail.objects.get(state=State.SUPPRESSED)
    assert (suppressed.to, suppressed.kind) == ("ana@example.org", "entry_freshness_reminder")
    assert suppressed.attempts == 0


def test_a_reminder_waiting_for_the_server_is_not_sent_once_its_reader_unsubscribed(
    smtp_down: SmtpServer,
    client: Client,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    with django_capture_on_commit_callbacks(execute=True):
        _remind()
    waiting = OutgoingEmail.objects.get()
    client.post(_unsubscribe_path(f"<{waiting.unsubscribe_url}>"))

    smtp_down.start()
    from ipsp.notifications.tasks import email_deliver

    email_deliver.call(waiting.pk)
    assert smtp_down.messages == []
    assert OutgoingEmail.objects.get().state == State.SUPPRESSED


def test_opening_the_link_shows_a_button_and_unsubscribes_nobody(client: Client) -> None:
    token = unsubscribe_token("ana@example.org", Category.DIGESTS)
    response = client.get(f"/fr/unsubscribe/{token}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="/fr/unsubscribe/{token}/"' in page
    assert "csrfmiddlewaretoken" not in page
    assert "Digests" not in page  # the category is named in French
    assert not response.cookies
    assert not Suppression.objects.exists()


def test_the_button_unsubscribes_and_a_second_button_undoes_it(client: Client) -> None:
    token = unsubscribe_token("ana@example.org", Category.DIGESTS)
    response = client.post(f"/en/unsubscribe/{token}/")
    assert Suppression.objects.get().source == Suppression.Source.PAGE
    assert f'action="/en/unsubscribe/{token}/undo/"' in response.content.decode()

    undone = client.post(f"/en/unsubscribe/{token}/undo/")
    assert undone.status_code == 200
    assert "You are subscribed again" in undone.content.decode()
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        unsubscribe_token("ana@example.org", Category.DIGESTS)[:-3] + "AAA",  # tampered
        unsubscribe_token("ana@example.org", Category.TRANSACTIONAL),  # cannot unsubscribe
    ],
)
def test_a_damaged_or_forged_link_is_refused_with_a_clear_page(client: Client, token: str) -> None:
    for response in (
        client.get(f"/es/unsubscribe/{token}/"),
        client.post(f"/es/unsubscribe/{token}/"),
        client.post(f"/es/unsubscribe/{token}/undo/"),
    ):
        assert response.status_code == 400
        assert "no es válido" in response.content.decode()
    assert not Suppression.objects.exists()


def test_unsubscribing_from_reminders_keeps_digests(client: Client) -> None:
    client.post(f"/en/unsubscribe/{unsubscribe_token('ana@example.org', Category.REMINDERS)}/")
    message = services.email_send(
        kind="entry_freshness_reminder",
        to="ana@example.org",
        language="en",
        context={"title": "T", "update_url": "http://x.test/"},
        category=Category.DIGESTS,
    )
    assert message.state == State.PENDING


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="category"):
        services.email_send(
            kind="token_recovery", to="a@example.org", language="en", context={}, category="x"
        )
    assert not OutgoingEmail.objects.exists()
