"""A real SMTP server on loopback (aiosmtpd), people to write to, a signed-in secretariat."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.test import Client

from ipsp.accounts.models import User


@dataclass
class Person:
    notification_email: str
    language: str


class RecordingHandler:
    """Keeps every message the server accepts, with its envelope recipients."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpServer:
    """An SMTP server on 127.0.0.1:port that a test can stop and start again."""

    port: int
    handler: RecordingHandler = field(default_factory=RecordingHandler)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(bytes(e.original_content or b""), policy=email.policy.default)  # type: ignore[misc]
            for e in self.handler.envelopes
        ]

    @property
    def recipients(self) -> list[list[str]]:
        return [list(e.rcpt_tos) for e in self.handler.envelopes]


def _point_email_at(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A running SMTP server; EMAIL_* settings point at it."""
    server = SmtpServer(port=free_port())
    server.start()
    _point_email_at(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings: Any) -> Iterator[SmtpServer]:
    """EMAIL_* settings point at a loopback port where nothing listens (yet): ``.start()``
    brings the server up on that very port."""
    server = SmtpServer(port=free_port())
    _point_email_at(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def staff_client(client: Client, secretariat: User) -> Client:
    """The secretariat, signed in with their second factor confirmed for this session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(secretariat)
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
