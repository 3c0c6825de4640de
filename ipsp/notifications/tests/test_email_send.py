from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from ipsp.notifications import services
from ipsp.notifications.models import WIPED, OutgoingEmail


@dataclass
class Person:
    notification_email: str
    language: str


RAW = "ipsp-" + "T" * 43


@pytest.mark.django_db
def test_token_email_is_sent_in_the_recipients_language_with_text_and_html(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert services.token_email(Person("ana@example.org", "fr"), RAW)
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == ["ana@example.org"]
    assert message.subject == "Votre jeton d’accès à la Plateforme pour le progrès social"  # noqa: RUF001
    assert RAW in message.body
    assert "http://127.0.0.1:8000/fr/my/sign-in/" in message.body
    content, mimetype = message.alternatives[0]
    html = str(content)
    assert mimetype == "text/html"
    assert RAW in html
    assert 'lang="fr"' in html


@pytest.mark.django_db
def test_arabic_email_is_written_right_to_left(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.token_recovery_email(Person("ana@example.org", "ar"), "http://x.test/l")
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert 'dir="rtl"' in str(message.alternatives[0][0])


@pytest.mark.django_db
def test_nothing_is_sent_before_the_transaction_commits(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.token_email(Person("ana@example.org", "en"), RAW)
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_secret_leaves_the_database_once_the_message_is_delivered(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "en"), RAW)
    stored = OutgoingEmail.objects.get()
    assert stored.sent_at is not None
    assert stored.body_text == WIPED
    assert RAW not in stored.body_html
    assert not OutgoingEmail.objects.filter(body_text__contains=RAW).exists()


@pytest.mark.django_db
def test_no_address_means_no_message(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert services.token_email(Person("", "en"), RAW) is False
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.token_recovery_email(Person("ana@example.org", "xx"), "http://x.test/l")
    assert mail.outbox[0].subject == "Replace your lost access token"


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_and_recorded(
    settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.EMAIL_BACKEND = "ipsp.notifications.tests.test_email_send.FailingBackend"
    settings.TASK_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "en"), RAW)
    stored = OutgoingEmail.objects.get()
    assert stored.sent_at is None
    assert stored.attempts == 2
    assert "SMTP down" in stored.last_error
    assert stored.gave_up_at is not None
    assert stored.body_text == WIPED


class FailingBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionError("SMTP down")
