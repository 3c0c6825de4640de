"""Fixtures of the reviews tests: published organisations, people who may flag, and
clients signed in as them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.test import Client, TestCase

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import (  # noqa: F401 - fixtures used by the tests
    Contributor,
    contributor,
    make_actor,
    make_contributor,
    other_contributor,
    terms,
)
from ipsp.taxonomy.models import Term

T = TypeVar("T")


def committed(action: Callable[[], T]) -> T:
    """Run ``action`` and then what it left for after the commit (the test's transaction
    never commits): the rising actors' table follows the index only then."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def publish(known: dict[str, Term], name: str, **overrides: Any) -> Actor:
    owner = make_contributor().user
    return committed(lambda: make_actor(owner, known, state="published", name=name, **overrides))


@pytest.fixture
def actor(terms: dict[str, Term]) -> Actor:  # noqa: F811
    return publish(terms, "Maji Safi Collective")


def signed_in(user: User, *, second_factor: bool = False) -> Client:
    client = Client()
    client.force_login(user)
    if second_factor:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def secretariat_client(secretariat: User) -> Client:
    return signed_in(secretariat, second_factor=True)


@pytest.fixture
def other_reviewer(db: None) -> User:
    from conftest import make_staff

    return make_staff("reviewer", "li.reviewer@example.org")
