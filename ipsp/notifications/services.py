"""Email to people: one function per kind, three templates per kind, the recipient's language.

``email_send`` renders ``notifications/email/<kind>/subject.txt``, ``body.txt`` and
``body.html`` in the recipient's language, stores the message and delivers it
through a retrying background task once the caller's transaction commits.
This package never imports a directory package: callers hand it a recipient
(anything with ``notification_email`` and ``language``) and plain values.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ipsp.core.tasks import enqueue_on_commit
from ipsp.notifications.models import OutgoingEmail
from ipsp.notifications.tasks import email_deliver


class Recipient(Protocol):
    @property
    def notification_email(self) -> str: ...

    language: str


def _language(code: str) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def site_url(url_name: str, language: str, **kwargs: str) -> str:
    """An absolute address of one of our pages, in the given language."""
    with translation.override(_language(language)):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs or None)


def email_send(
    *, kind: str, to: str, language: str, context: dict[str, object], sensitive: bool = False
) -> OutgoingEmail:
    """Render and store one message; it is sent when the surrounding transaction commits."""
    language = _language(language)
    with translation.override(language):
        full_context = {
            "SITE_URL": settings.SITE_URL,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        folder = f"notifications/email/{kind}"
        subject = " ".join(render_to_string(f"{folder}/subject.txt", full_context).split())
        body_text = render_to_string(f"{folder}/body.txt", full_context).strip() + "\n"
        body_html = render_to_string(f"{folder}/body.html", full_context)
    message = OutgoingEmail.objects.create(
        kind=kind,
        to=to,
        language=language,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        sensitive=sensitive,
    )
    enqueue_on_commit(email_deliver, message.pk)
    return message


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
