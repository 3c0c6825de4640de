from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from ipsp.core.tasks import retrying_task
from ipsp.notifications.models import WIPED, OutgoingEmail


def _wipe(message_id: int) -> None:
    OutgoingEmail.objects.filter(pk=message_id, sensitive=True).update(
        body_text=WIPED, body_html=""
    )


@retrying_task(queue_name="email")
def email_deliver(message_id: int) -> None:
    """Send one stored message; a message already sent is not sent again."""
    message = OutgoingEmail.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None or message.gave_up_at is not None:
        return
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    try:
        mail.send()
    except Exception as error:
        attempts = message.attempts + 1
        given_up = attempts >= settings.TASK_MAX_ATTEMPTS
        OutgoingEmail.objects.filter(pk=message.pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:500],
            gave_up_at=timezone.now() if given_up else None,
        )
        if given_up:
            _wipe(message.pk)
        raise
    OutgoingEmail.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    _wipe(message.pk)
