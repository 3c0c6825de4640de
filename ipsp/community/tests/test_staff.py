"""Staff past the second factor may write to an entry's holders and find their
conversations on the staff home page; without the second factor they may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.community.models import Conversation
from ipsp.community.tests.conftest import Person, signed_in, write

pytestmark = pytest.mark.django_db


def verified(user: Any) -> Client:
    client = signed_in(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_secretariat_writes_and_finds_the_conversation_on_the_staff_home_page(
    secretariat: Any, b: Person, organisation: Any
) -> None:
    client = verified(secretariat)
    assert write(client, "actor", organisation.public_id).status_code == 302
    conversation = Conversation.objects.get()
    home = client.get("/en/staff/").content.decode()
    assert f'href="/en/messages/{conversation.public_id}/"' in home
    holder_view = signed_in(b.user).get(f"/en/messages/{conversation.public_id}/")
    assert "the secretariat" in holder_view.content.decode()
    assert secretariat.email not in holder_view.content.decode()


def test_staff_without_their_second_factor_cannot_write(
    secretariat: Any, organisation: Any
) -> None:
    response = signed_in(secretariat).get(f"/en/messages/write/actor/{organisation.public_id}/")
    assert response.status_code == 403
    assert not Conversation.objects.exists()
