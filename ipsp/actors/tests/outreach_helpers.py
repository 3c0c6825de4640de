"""Helpers of the invitation and validation tests: the link in a sent email, fresh invitations."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from ipsp.actors import invitations
from ipsp.actors.models import Invitation

LINK = re.compile(r"https?://\S+/actors/(?:invitation|validate)/([A-Za-z0-9_-]{43})/")


def links_in_outbox() -> list[str]:
    """The one-time link paths of every message sent so far, in order."""
    found = []
    for message in mail.outbox:
        match = LINK.search(str(message.body))
        if match:
            found.append(match.group(0).split("://", 1)[1].split("/", 1)[1])
    return ["/" + path for path in found]


def invite(secretariat: Any, **overrides: Any) -> Invitation:
    values: dict[str, Any] = {
        "organisation_name": "Kibera Water Women",
        "contact_email": "wanjiru@kww.example.org",
        "contact_name": "Wanjiru Kamau",
        "website": "https://kww.example.org/",
        "reason": "Named by three initiatives on clean water in Nairobi.",
        "language": "en",
        "by": secretariat,
    }
    values.update(overrides)
    return invitations.invitation_create(**values)


def invite_with_link(secretariat: Any, capture: Any, **overrides: Any) -> tuple[Invitation, str]:
    """An invitation and the path of the one-time link its email carries."""
    before = len(links_in_outbox())
    with capture(execute=True):
        invitation = invite(secretariat, **overrides)
    found = links_in_outbox()
    assert len(found) == before + 1
    return invitation, found[-1]


def invitation_path_for_browser() -> str:
    """An open invitation of a fresh draft, and its link's path without the language
    prefix (for the public crawl's ``FORM_USES``; no email is sent)."""
    import datetime

    from django.utils import timezone

    from ipsp.actors import links
    from ipsp.actors.models import Actor, InvitationSend

    actor = Actor.objects.create(name="Invited Organisation")
    now = timezone.now()
    invitation = Invitation.objects.create(
        actor=actor,
        organisation_name=actor.name,
        contact_email="invitee@example.org",
        reason="Named by initiatives.",
        expires_at=now + datetime.timedelta(days=30),
        last_sent_at=now,
    )
    secret = links.secret_new()
    InvitationSend.objects.create(invitation=invitation, sent_at=now, secret_hash=secret.hash)
    return f"/actors/invitation/{secret.raw}/"


def validation_path_for_browser() -> str:
    """A pending validation request of a fresh published actor, and its link's path."""
    import datetime

    from django.utils import timezone

    from ipsp.actors import links
    from ipsp.actors.models import Actor, ThirdPartyValidation

    actor = Actor.objects.create(name="Organisation to Confirm", state=Actor.State.PUBLISHED)
    secret = links.secret_new()
    ThirdPartyValidation.objects.create(
        actor=actor,
        validator_name="Chidi Okafor",
        validator_email="chidi@example.org",
        secret_hash=secret.hash,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        requested_at=timezone.now(),
    )
    return f"/actors/validate/{secret.raw}/"
