"""Fixtures of the taxonomy tests."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.accounts.models import User
from ipsp.taxonomy import services


@pytest.fixture
def taxonomy(db: None) -> None:
    """The taxonomy as loaded from the data files (migrate already loads it; this makes sure)."""
    services.taxonomy_ensure_loaded()


def signed_in_with_second_factor(client: Client, user: User) -> Client:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
