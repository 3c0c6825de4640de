"""Delivering one stored message, with guarded state transitions.

``pending -> sending`` is claimed by a single ``UPDATE … WHERE state='pending'``: a
second run of the same task (a duplicate, or a retry racing with staff's "send
again") finds nothing to claim and returns, so a message is sent at most once.
A failure puts the message back to ``pending`` with the error and the time of the
next attempt, or to ``failed`` after ``TASK_MAX_ATTEMPTS``; nothing is deleted.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from ipsp.core.tasks import backoff
from ipsp.notifications.models import WIPED, Category, OutgoingEmail
from ipsp.notifications.unsubscribe import is_suppressed

State = OutgoingEmail.State
logger = logging.getLogger(__name__)

# Packages that want to hear that one of their messages could not be delivered for good
# (e.g. actors' invitations become "bounced") register a handler for its kind here, so
# notifications never imports them. The handler receives the message's id.
_failure_handlers: dict[str, Callable[[int], None]] = {}


def register_failure_handler(kind: str, handler: Callable[[int], None]) -> None:
    _failure_handlers[kind] = handler


def _report_failure(message: OutgoingEmail) -> None:
    handler = _failure_handlers.get(message.kind)
    if handler is None:
        return
    try:
        handler(message.pk)
    except Exception:  # the sender's bookkeeping must not change the delivery's outcome
        logger.exception("failure handler of %s failed for message %s", message.kind, message.pk)


def is_permanent(error: Exception) -> bool:
    """The receiving server refused every recipient with a 5xx code: retrying cannot help."""
    if not isinstance(error, smtplib.SMTPRecipientsRefused) or not error.recipients:
        return False
    return all(int(code) >= 500 for code, _text in error.recipients.values())


def wipe_secret(message_id: int) -> None:
    OutgoingEmail.objects.filter(pk=message_id, sensitive=True).update(
        body_text=WIPED, body_html=""
    )


def message_id_header(message: OutgoingEmail) -> str:
    """The same Message-ID on every attempt, so a receiver can drop a duplicate."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<ipsp.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def build(message: OutgoingEmail) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": message_id_header(message),
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation replies to this
        "Content-Language": message.language,
    }
    if message.unsubscribe_url:
        # RFC 8058 one-click unsubscribe (RFC 2369 header + the POST marker)
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=headers,
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    return mail


def _claim(message_id: int) -> OutgoingEmail | None:
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=message_id, state=State.PENDING).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1, next_attempt_at=None
    )
    if claimed != 1:
        return None
    return OutgoingEmail.objects.get(pk=message_id)


def deliver(message_id: int) -> None:
    """Send one pending message; raise when the attempt failed (the task then retries)."""
    message = _claim(message_id)
    if message is None:
        return  # already sent, being sent, given up, suppressed, or gone
    sending = OutgoingEmail.objects.filter(pk=message_id, state=State.SENDING)
    if message.category != Category.TRANSACTIONAL and is_suppressed(message.to, message.category):
        # unsubscribed while the message waited (for example while SMTP was down)
        sending.update(state=State.SUPPRESSED, attempts=F("attempts") - 1)
        return
    try:
        build(message).send()
    except Exception as error:
        now = timezone.now()
        permanent = is_permanent(error)
        final = permanent or message.attempts >= settings.TASK_MAX_ATTEMPTS
        sending.update(
            state=State.FAILED if final else State.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:500],
            gave_up_at=now if final else None,
            next_attempt_at=None if final else now + backoff(message.attempts),
        )
        if final:
            wipe_secret(message_id)
            _report_failure(message)
        if permanent:
            return  # recorded as failed; a retry would be refused the same way
        raise
    sending.update(state=State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)
    wipe_secret(message_id)
