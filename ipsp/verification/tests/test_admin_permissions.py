from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsp.verification.models import BlockedWord

pytestmark = pytest.mark.django_db

ADD_WORD = "/admin/verification/blockedword/add/"


def _signed_in_with_second_factor(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_the_secretariat_edits_the_word_list(client: Client, secretariat: object) -> None:
    _signed_in_with_second_factor(client, secretariat)

    response = client.post(ADD_WORD, {"word": "  Casino ", "language": "", "weight": "4"})

    assert response.status_code == 302
    assert BlockedWord.objects.get().word == "casino"


def test_a_reviewer_cannot_edit_the_word_lists(client: Client, reviewer: object) -> None:
    client.force_login(reviewer)  # type: ignore[arg-type]

    page = client.get(ADD_WORD)
    post = client.post(ADD_WORD, {"word": "casino", "language": "", "weight": "4"})
    domains = client.post("/admin/verification/blockeddomain/add/", {"domain": "x.example"})

    assert page.status_code in {302, 403}
    assert post.status_code in {302, 403}
    assert domains.status_code in {302, 403}
    assert not BlockedWord.objects.exists()


def test_nobody_edits_level1_checks_in_the_admin(client: Client, administrator: object) -> None:
    _signed_in_with_second_factor(client, administrator)

    assert client.get("/admin/verification/level1check/").status_code == 200
    assert client.get("/admin/verification/level1check/add/").status_code == 403
