"""Fixtures of the actors tests: contributors with tokens, terms, actors in every state."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from ipsp.accounts.models import User
from ipsp.accounts.tokens import contributor_create, token_issue
from ipsp.actors import services
from ipsp.actors.models import Actor
from ipsp.core import formtokens
from ipsp.taxonomy.models import Term


@dataclass
class Contributor:
    user: User
    token: str


def make_contributor() -> Contributor:
    user = contributor_create(language="en")
    return Contributor(user=user, token=token_issue(user=user).raw)


@pytest.fixture
def contributor(db: None) -> Contributor:
    return make_contributor()


@pytest.fixture
def other_contributor(db: None) -> Contributor:
    return make_contributor()


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.select_related("vocabulary").get(vocabulary__code=vocabulary, code=code)


@pytest.fixture
def terms(taxonomy: None) -> dict[str, Term]:
    return {
        "ngo": term("actor_type", "civil-society"),
        "network": term("actor_type", "network"),
        "wages": term("theme", "living-wages"),
        "cities": term("theme", "cities-social-progress"),
        "KE": term("country", "KE"),
        "BR": term("country", "BR"),
        "africa": term("region", "002"),
    }


def full_content(known: dict[str, Term], **overrides: Any) -> services.ActorContent:
    values: dict[str, Any] = {
        "name": "Maji Safi Collective",
        "other_names": ["Collectif Maji Safi"],
        "acronym": "MSC",
        "actor_types": [known["ngo"]],
        "themes": [known["wages"]],
        "countries": [known["KE"]],
        "places": [services.PlaceInput("Nairobi", "KE", -1.28, 36.82, 184745)],
        "problems": "Households in informal settlements pay ten times more for water.",
        "activities": "Kiosks run by women's groups with mobile payment.",
        "partnerships": "Works with the Nairobi water utility.",
        "collaboration": "Keen to share the kiosk model with cities in East Africa.",
        "open_to_collaboration": True,
        "collaboration_themes": [known["cities"]],
        "collaboration_regions": [known["africa"]],
        "collaboration_offer": "Training of kiosk operators.",
        "collaboration_seek": "Partners in Uganda.",
        "links": [services.LinkInput("https://example.org/majisafi", "Website")],
        "staff_size": "6-20",
        "volunteer_size": "21-100",
        "founding_year": 2016,
        "text_language": "en",
    }
    values.update(overrides)
    return services.ActorContent(**values)


def publisher() -> User:
    from conftest import make_staff

    return User.objects.filter(groups__name="secretariat").first() or make_staff(
        "secretariat", "publisher@example.org"
    )


def make_actor(
    owner: User, known: dict[str, Term], *, state: str = "draft", **overrides: Any
) -> Actor:
    actor = services.actor_create(owner=owner, content=full_content(known, **overrides))
    if state == "draft":
        return actor
    actor = services.actor_submit(actor=actor, by=owner)
    if state == "submitted":
        return actor
    return services.actor_publish(actor=actor, by=publisher())


def sign_in_with_token(client: Client, raw: str) -> None:
    client.post(
        "/en/my/sign-in/", {"form_token": formtokens.issue("token_sign_in"), "access_token": raw}
    )


@pytest.fixture
def staff_client(client: Client, secretariat: User) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(secretariat)
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save: Any) -> bytes:
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, (200, 30, 30, 255) if mode == "RGBA" else (200, 30, 30))
    output = io.BytesIO()
    image.save(output, format=fmt, **save)
    return output.getvalue()
