"""Email to people: one function per kind, three templates per kind, the recipient's language.

``email_send`` renders ``notifications/email/<kind>/subject.txt``, ``body.txt`` and
``body.html`` in the recipient's language, stores the message and delivers it
through a retrying background task once the caller's transaction commits.
Non-transactional mail (reminders, digests, matches) carries a one-click
unsubscribe link (RFC 8058) and is not sent to an address that unsubscribed from
its category. This package never imports a directory package: callers hand it a
recipient (anything with ``notification_email`` and ``language``) and plain values.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipsp.core.siteurl import known_language as _language
from ipsp.core.siteurl import site_url
from ipsp.core.tasks import enqueue_on_commit
from ipsp.notifications.models import Category, OutgoingEmail, Suppression
from ipsp.notifications.tasks import email_deliver
from ipsp.notifications.unsubscribe import (
    UnsubscribeRequest,
    is_suppressed,
    unsubscribe_token,
    unsubscribe_token_read,
)

State = OutgoingEmail.State

# A message claimed this long ago and still "sending" lost its worker (crash, kill).
SENDING_LEASE = datetime.timedelta(minutes=15)


class Recipient(Protocol):
    @property
    def notification_email(self) -> str: ...

    language: str


class EmailResendRefused(Exception):
    """Staff asked to send again a message that cannot be; ``message`` says why."""

    field = "state"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def unsubscribe_url(to: str, category: str, language: str) -> str:
    return site_url("notifications:unsubscribe", language, token=unsubscribe_token(to, category))


def email_send(
    *,
    kind: str,
    to: str,
    language: str,
    context: dict[str, object],
    sensitive: bool = False,
    category: str = Category.TRANSACTIONAL,
) -> OutgoingEmail:
    """Render and store one message; it is sent when the surrounding transaction commits.

    Non-transactional mail to an address that unsubscribed from its category is
    stored in the state ``suppressed`` and never sent.
    """
    if category not in Category.values:
        raise ValueError(f"category: unknown category {category!r}")
    language = _language(language)
    unsubscribe = ""
    if category != Category.TRANSACTIONAL:
        unsubscribe = unsubscribe_url(to, category, language)
    with translation.override(language):
        full_context = {
            "SITE_URL": settings.SITE_URL,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            "unsubscribe_url": unsubscribe,
            "category_label": Category(category).label,
            **context,
        }
        folder = f"notifications/email/{kind}"
        subject = " ".join(render_to_string(f"{folder}/subject.txt", full_context).split())
        body_text = render_to_string(f"{folder}/body.txt", full_context).strip() + "\n"
        if unsubscribe:
            body_text += (
                "\n-- \n"
                + render_to_string(
                    "notifications/email/unsubscribe_footer.txt", full_context
                ).strip()
                + "\n"
            )
        body_html = render_to_string(f"{folder}/body.html", full_context)
    suppressed = is_suppressed(to, category)
    message = OutgoingEmail.objects.create(
        kind=kind,
        category=category,
        to=to,
        language=language,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        unsubscribe_url=unsubscribe,
        sensitive=sensitive,
        state=State.SUPPRESSED if suppressed else State.PENDING,
    )
    if not suppressed:
        enqueue_on_commit(email_deliver, message.pk)
    return message


@transaction.atomic
def email_resend(*, message: OutgoingEmail) -> None:
    """Staff's "send again": a failed (or stuck) message goes back to pending and is sent.

    A message already sent is never sent again; one whose secret was removed cannot
    be (the person asks again, e.g. on the lost-token page).
    """
    if message.is_wiped:
        raise EmailResendRefused(
            _("Its text held a secret and was removed; the person must ask for a new message.")
        )
    rows = OutgoingEmail.objects.filter(pk=message.pk)
    reset = {
        "state": State.PENDING,
        "attempts": 0,
        "gave_up_at": None,
        "next_attempt_at": None,
        "resends": F("resends") + 1,
    }
    stale = timezone.now() - SENDING_LEASE
    if message.state == State.FAILED:
        changed = rows.filter(state=State.FAILED).update(**reset)
    elif message.state == State.SENDING:
        changed = rows.filter(state=State.SENDING, claimed_at__lt=stale).update(**reset)
    elif message.state == State.PENDING:
        changed = rows.filter(state=State.PENDING).update(resends=F("resends") + 1)
    else:
        changed = 0
    if changed != 1:
        raise EmailResendRefused(_("Only a pending, failed or stuck message can be sent again."))
    enqueue_on_commit(email_deliver, message.pk)


def unsubscribe(*, token: str, source: str) -> UnsubscribeRequest | None:
    """Record that the token's address wants no more mail of its category.

    Idempotent: unsubscribing twice changes nothing. None when the token is not valid.
    """
    wanted = unsubscribe_token_read(token)
    if wanted is None:
        return None
    try:
        with transaction.atomic():
            Suppression.objects.get_or_create(
                address_hash=wanted.address_hash,
                category=wanted.category,
                defaults={"source": source},
            )
    except IntegrityError:  # the same link clicked twice at once: already recorded
        pass
    return wanted


def resubscribe(*, token: str) -> UnsubscribeRequest | None:
    """Undo ``unsubscribe`` for the token's address and category. None when not valid."""
    wanted = unsubscribe_token_read(token)
    if wanted is None:
        return None
    Suppression.objects.filter(address_hash=wanted.address_hash, category=wanted.category).delete()
    return wanted


# --- One function per kind -----------------------------------------------------------


def token_email(user: Recipient, raw: str) -> bool:
    """Send a contributor their new access token, if they gave an address. True if sent."""
    to = user.notification_email
    if not to:
        return False
    email_send(
        kind="token_issued",
        to=to,
        language=user.language,
        context={
            "token": raw,
            "sign_in_url": site_url("accounts:token_sign_in", user.language),
            "lost_token_url": site_url("accounts:lost_token", user.language),
        },
        sensitive=True,
    )
    return True


def token_recovery_email(user: Recipient, link: str) -> bool:
    """Send the one-hour, single-use link that replaces a lost token. True if sent."""
    to = user.notification_email
    if not to:
        return False
    email_send(
        kind="token_recovery",
        to=to,
        language=user.language,
        context={"link": link},
        sensitive=True,
    )
    return True


def entry_freshness_reminder_email(
    *,
    to: str,
    language: str,
    title: str,
    update_url: str,
    page_url: str = "",
    last_updated: datetime.date | None = None,
) -> bool:
    """The yearly "is your entry still current?" reminder (category ``reminders``).

    ``update_url`` is where the contributor confirms or edits the entry. True when a
    message will be sent; False when there is no address or it unsubscribed.
    """
    if not to:
        return False
    message = email_send(
        kind="entry_freshness_reminder",
        to=to,
        language=language,
        context={
            "title": title,
            "update_url": update_url,
            "page_url": page_url,
            "last_updated": last_updated,
        },
        category=Category.REMINDERS,
    )
    return message.state == State.PENDING
