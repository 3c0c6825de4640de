"""A message is sent at most once, whatever runs its task and however often."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ipsp.notifications import services
from ipsp.notifications.models import OutgoingEmail
from ipsp.notifications.tasks import email_deliver
from ipsp.notifications.tests.test_staff_mail import make_message

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State


def test_running_the_task_twice_sends_the_message_once() -> None:
    message = make_message(State.PENDING, attempts=0)
    email_deliver.call(message.pk)
    email_deliver.call(message.pk)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 1)


def test_a_message_another_worker_is_sending_is_left_alone() -> None:
    message = make_message(State.SENDING, claimed_at=timezone.now(), attempts=1)
    email_deliver.call(message.pk)
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().state == State.SENDING


def test_a_failed_or_suppressed_message_is_not_sent_by_a_late_task() -> None:
    failed = make_message(State.FAILED)
    suppressed = make_message(State.SUPPRESSED)
    email_deliver.call(failed.pk)
    email_deliver.call(suppressed.pk)
    email_deliver.call(999_999)  # a message that does not exist
    assert mail.outbox == []


def test_a_message_stuck_in_sending_can_be_sent_again_but_not_a_fresh_one(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    fresh = make_message(State.SENDING, claimed_at=timezone.now(), attempts=1)
    with pytest.raises(services.EmailResendRefused):
        services.email_resend(message=fresh)

    stuck = make_message(State.SENDING, claimed_at=timezone.now() - timedelta(hours=1), attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.email_resend(message=stuck)
    stuck.refresh_from_db()
    assert stuck.state == State.SENT
    assert len(mail.outbox) == 1


def test_sending_a_pending_message_again_does_not_send_it_twice(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    message = make_message(State.PENDING, attempts=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.email_resend(message=message)
    email_deliver.call(message.pk)  # the retry that was already queued
    assert len(mail.outbox) == 1


def test_the_mail_carries_a_stable_message_id(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    message = make_message(State.PENDING, attempts=0)
    email_deliver.call(message.pk)
    sent = mail.outbox[0]
    assert (
        sent.extra_headers["Message-ID"]
        == f"<ipsp.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@127.0.0.1>"
    )
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
