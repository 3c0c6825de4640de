"""Personas signed in for the portal's topic, collection and bookmark tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ipsp.accounts.models import User


@pytest.fixture
def secretariat_client(client: Client, secretariat: User) -> Client:
    """The secretariat, signed in with their second factor confirmed for this session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(secretariat)
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def contributor_client(contributor_token: Any) -> Client:
    client = Client()
    client.force_login(
        contributor_token.token.user, backend="ipsp.accounts.tokens.AccessTokenBackend"
    )
    return client
