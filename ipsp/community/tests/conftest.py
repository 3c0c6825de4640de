"""Fixtures of the message relay tests: two contributors, A (who writes) and B (who holds
an organisation and an initiative), each with a real email address on file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.accounts.tokens import contributor_create, token_issue
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import make_actor, term
from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import make_initiative, make_term

A_EMAIL = "asha.writer@example.org"
B_EMAIL = "bruno.holder@example.net"


@dataclass
class Person:
    user: User
    token: str
    email: str


def make_person(email: str = "", name: str = "") -> Person:
    user = contributor_create(language="en")
    user.contact_email = email
    user.display_name = name
    user.save()
    return Person(user=user, token=token_issue(user=user).raw, email=email)


@pytest.fixture(autouse=True)
def _no_classifier_training(monkeypatch: Any) -> None:
    """Level 1 trains its classifier in the background on a fresh database; these tests
    check the relay, not the classifier, so the (slow) training is not started."""
    from ipsp.verification import services as verification

    monkeypatch.setattr(verification, "_enqueue_training", lambda: None)


@pytest.fixture
def actor_terms(taxonomy: None) -> dict[str, Any]:
    return {
        "ngo": term("actor_type", "civil-society"),
        "network": term("actor_type", "network"),
        "wages": term("theme", "living-wages"),
        "cities": term("theme", "cities-social-progress"),
        "KE": term("country", "KE"),
        "BR": term("country", "BR"),
        "africa": term("region", "002"),
    }


@pytest.fixture
def a(db: None) -> Person:
    return make_person(A_EMAIL)


@pytest.fixture
def b(db: None) -> Person:
    return make_person(B_EMAIL)


@pytest.fixture
def c(db: None) -> Person:
    return make_person("carla.other@example.com")


@pytest.fixture
def organisation(b: Person, actor_terms: dict[str, Any]) -> Actor:
    return make_actor(b.user, actor_terms, state="published", name="Maji Safi Collective")


@pytest.fixture
def initiative(b: Person, taxonomy: None) -> Initiative:
    known = {
        "country": [make_term("country", "KE")],
        "theme": [make_term("theme", "living-wages")],
        "sdg": [make_term("sdg", "1")],
    }
    return make_initiative(b.user, known, state="published", title="Water kiosks", organisations=[])


def signed_in(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def write(client: Client, kind: str, public_id: str, **data: str) -> Any:
    page = client.get(f"/en/messages/write/{kind}/{public_id}/")
    key = page.context["form"].initial["key"] if page.status_code == 200 else "k" * 40
    fields = {"subject": "Working together in Kisumu", "body": "Hello, could we meet?", "key": key}
    fields.update(data)
    return client.post(f"/en/messages/write/{kind}/{public_id}/", fields)
