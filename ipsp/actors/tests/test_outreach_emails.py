"""The emails of invitations and validation requests: content, language, a link that
works, the recipient's address only; and a bounce reported by notifications."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.core import mail
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors import validation
from ipsp.actors.models import Actor, Invitation
from ipsp.actors.tests.outreach_helpers import invite_with_link, links_in_outbox
from ipsp.notifications.models import OutgoingEmail
from ipsp.notifications.tests.conftest import free_port

pytestmark = pytest.mark.django_db
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_the_invitation_email_is_in_the_chosen_language_with_a_working_link(
    client: Client, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    invite_with_link(
        secretariat,
        django_capture_on_commit_callbacks,
        organisation_name="Maji Safi",
        contact_email="amina@maji.example.org",
        language="fr",
    )
    message = mail.outbox[-1]
    assert message.to == ["amina@maji.example.org"]
    assert not message.cc and not message.bcc
    assert "Maji Safi" in message.subject and "invitée" in message.subject
    assert "Named by three initiatives" in message.body
    html = str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert 'lang="fr"' in html
    link = links_in_outbox()[-1]
    assert link.startswith("/fr/actors/invitation/")
    assert link in html
    page = client.get(link)
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()
    # nobody else's address in the message
    headers = "\n".join(
        f"{name}: {value}" for name, value in message.message().items() if name != "Message-ID"
    )
    addresses = set(ADDRESS.findall(message.body + html + headers))
    assert addresses == {"amina@maji.example.org", "no-reply@ipsp.example.org"}


def test_a_reminder_says_so_and_carries_a_new_working_link(
    client: Client, secretariat: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import timezone

    from ipsp.actors import invitations

    invitation, first_link = invite_with_link(secretariat, django_capture_on_commit_callbacks)
    later = timezone.now() + datetime.timedelta(days=settings.INVITATION_REMINDER_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.invitations_remind(now=later) == (1, 0)
    reminder = mail.outbox[-1]
    assert reminder.subject.startswith("Reminder: Kibera Water Women")
    assert reminder.to == ["wanjiru@kww.example.org"]
    second_link = links_in_outbox()[-1]
    assert second_link != first_link
    assert client.get(second_link).status_code == 200
    assert client.get(first_link).status_code == 200  # both open the one invitation
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 1


def test_the_link_leaves_the_database_once_delivered(
    secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, link = invite_with_link(secretariat, django_capture_on_commit_callbacks)
    stored = OutgoingEmail.objects.get(kind="actor_invitation")
    assert stored.state == OutgoingEmail.State.SENT
    assert link.rsplit("/", 2)[-2] not in stored.body_text + stored.body_html


def test_the_validation_request_email_goes_to_the_validator_in_their_language(
    secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    actor = Actor.objects.create(name="Lagos Food Bank", state=Actor.State.IN_VALIDATION)
    with django_capture_on_commit_callbacks(execute=True):
        validation.validation_request(
            actor=actor,
            by=secretariat,
            validator_name="Chidi Okafor",
            validator_email="chidi@partner.example.org",
            validator_organisation="Partner Network",
            language="es",
            message="You worked with them in 2023.",
        )
    message = mail.outbox[-1]
    assert message.to == ["chidi@partner.example.org"]
    assert "Lagos Food Bank" in message.subject
    assert "Chidi Okafor" in message.body and "You worked with them in 2023." in message.body
    assert links_in_outbox()[-1].startswith("/es/actors/validate/")
    html = str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert (secretariat.email or "") not in message.body + html


class RefusingHandler:
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        return "550 5.1.1 No such mailbox"


def test_a_permanent_refusal_by_the_mail_server_marks_the_invitation_bounced(
    secretariat: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    port = free_port()
    controller = Controller(RefusingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with django_capture_on_commit_callbacks(execute=True):
            from ipsp.actors.tests.outreach_helpers import invite

            invitation = invite(secretariat, contact_email="nobody@kww.example.org")
    finally:
        controller.stop()
    stored = OutgoingEmail.objects.get(kind="actor_invitation")
    assert stored.state == OutgoingEmail.State.FAILED and stored.attempts == 1
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.BOUNCED
    assert invitation.events.filter(action="bounced").exists()
