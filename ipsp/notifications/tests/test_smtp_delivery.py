"""Delivery through a real SMTP server on loopback, including the server being down."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ipsp.notifications import services
from ipsp.notifications.models import OutgoingEmail
from ipsp.notifications.tasks import email_deliver
from ipsp.notifications.tests.conftest import Person, SmtpServer

RAW = "ipsp-" + "K" * 43
State = OutgoingEmail.State


def _run_worker() -> None:
    call_command(
        "db_worker",
        batch=True,
        queue_name="*",
        interval=0,
        startup_delay=False,
        reload=False,
        verbosity=0,
    )


def _use_database_tasks(settings: Any) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email"],
        }
    }


@pytest.mark.django_db
def test_a_token_email_arrives_with_text_and_html_in_the_recipients_language(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "fr"), RAW)

    assert smtp_server.recipients == [["ana@example.org"]]
    received = smtp_server.messages[0]
    # Django folds an encoded subject onto a continuation line; clients strip the space
    subject = received["Subject"].strip()
    assert subject == "Votre jeton d’accès à la Plateforme pour le progrès social"  # noqa: RUF001
    assert received["Content-Language"] == "fr"
    assert received["Message-ID"].startswith("<ipsp.")
    text = received.get_body(preferencelist=("plain",))
    html = received.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert RAW in text.get_content()
    assert "Voici votre jeton" in text.get_content()
    assert RAW in html.get_content()
    assert 'lang="fr"' in html.get_content()
    stored = OutgoingEmail.objects.get()
    assert stored.state == State.SENT
    assert stored.attempts == 1
    assert stored.sent_at is not None


@pytest.mark.django_db
def test_no_address_but_the_recipients_appears_in_the_headers(
    smtp_server: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.DEFAULT_FROM_EMAIL = "IPSP <no-reply@ipsp.example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "en"), RAW)

    received = smtp_server.messages[0]
    addresses: set[str] = set()
    for name, value in received.items():
        if name.lower() in {"from", "message-id"}:
            continue
        addresses |= set(re.findall(r"[\w.+-]+@[\w.-]+", str(value)))
    assert addresses == {"ana@example.org"}
    assert received["From"] == "IPSP <no-reply@ipsp.example.org>"
    for hidden in ("Cc", "Bcc", "Reply-To"):
        assert received[hidden] is None


@pytest.mark.django_db
def test_while_the_server_is_down_the_message_waits_with_its_error_and_attempts(
    smtp_down: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    _use_database_tasks(settings)
    with django_capture_on_commit_callbacks(execute=True):
        services.token_email(Person("ana@example.org", "en"), RAW)
    # the task is queued, not run, until a worker picks it up
    assert OutgoingEmail.objects.get().state == State.PENDING
    assert OutgoingEmail.objects.get().attempts == 0

    with pytest.raises(ConnectionRefusedError):  # one attempt, as a worker would run it
        email_deliver.call(OutgoingEmail.objects.get().pk)

    stored = OutgoingEmail.objects.get()
    assert stored.state == State.PENDING
    assert stored.attempts == 1
    assert stored.last_error.startswith("ConnectionRefusedError")
    assert stored.next_attempt_at is not None
    assert stored.next_attempt_at > timezone.now()
    assert RAW in stored.body_text  # not delivered yet: the text is kept to try again


@pytest.mark.django_db(transaction=True)
def test_when_the_server_comes_back_the_worker_delivers_the_message_exactly_once(
    smtp_down: SmtpServer, settings: Any
) -> None:
    _use_database_tasks(settings)
    settings.TASK_MAX_ATTEMPTS = 3
    services.token_email(Person("ana@example.org", "pt"), RAW)  # autocommit: queued at once

    _run_worker()  # first attempt: refused, the retry is deferred by the backoff
    stored = OutgoingEmail.objects.get()
    assert (stored.state, stored.attempts) == (State.PENDING, 1)
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.run_after > timezone.now() + timedelta(seconds=30)

    smtp_down.start()
    _run_worker()  # the retry is not due yet: nothing happens
    assert smtp_down.messages == []
    assert OutgoingEmail.objects.get().attempts == 1

    DBTaskResult.objects.filter(pk=waiting.pk).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    _run_worker()

    assert smtp_down.recipients == [["ana@example.org"]]
    assert "jeton" not in str(smtp_down.messages[0]["Subject"])
    assert smtp_down.messages[0]["Content-Language"] == "pt"
    stored = OutgoingEmail.objects.get()
    assert (stored.state, stored.attempts, stored.last_error) == (State.SENT, 2, "")
    assert RAW not in stored.body_text  # the secret left the database once delivered

    # the same task run again (a duplicate, a late retry) sends nothing more
    email_deliver.call(stored.pk)
    email_deliver.enqueue(stored.pk)
    _run_worker()
    assert len(smtp_down.messages) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_is_failed_and_keeps_its_error(
    smtp_down: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASK_MAX_ATTEMPTS = 3  # the immediate backend retries at once
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_freshness_reminder_email(
            to="ana@example.org",
            language="es",
            title="Cocinas comunitarias",
            update_url="http://127.0.0.1:8000/es/x/",
        )
    stored = OutgoingEmail.objects.get()
    assert stored.state == State.FAILED
    assert stored.attempts == 3
    assert stored.gave_up_at is not None
    assert stored.next_attempt_at is None
    assert stored.last_error
    assert "Cocinas comunitarias" in stored.body_text  # nothing lost: it can be sent again
