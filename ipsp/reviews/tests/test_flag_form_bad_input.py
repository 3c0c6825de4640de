"""The flag form refuses bad input at the field concerned, in the reader's language,
and stores nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.reviews.models import Flag
from ipsp.reviews.tests.conftest import make_actor, make_contributor
from ipsp.reviews.tests.test_flag_services import add


def flag_url(actor: Actor, lang: str = "en") -> str:
    return f"/{lang}/reviews/flag/actor/{actor.public_id}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "new", "reason": ""}, "Say why this entry deserves attention."),
        ({"category": "new", "reason": "x" * 1001}, "Keep the reason under 1000 characters"),
        ({"category": "famous", "reason": "Everyone knows them."}, "Choose one of the listed"),
        ({"reason": "No category."}, "Choose one of the listed categories."),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_stored(
    reviewer_client: Client, actor: Actor, data: dict[str, str], message: str
) -> None:
    response = reviewer_client.post(flag_url(actor), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field-error"' in html and message in html
    assert 'aria-invalid="true"' in html
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_the_message_is_in_the_readers_language(reviewer_client: Client, actor: Actor) -> None:
    response = reviewer_client.post(flag_url(actor, "fr"), {"category": "new", "reason": ""})
    assert response.status_code == 400
    assert "Say why this entry deserves attention." not in response.content.decode()
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_flagging_twice_says_so(reviewer_client: Client, reviewer: User, actor: Actor) -> None:
    add(actor, reviewer)
    response = reviewer_client.post(flag_url(actor), {"category": "new", "reason": "Again."})
    assert response.status_code == 400
    assert "You have already flagged this entry." in response.content.decode()
    assert Flag.objects.count() == 1


@pytest.mark.django_db
def test_an_entry_that_is_not_published_cannot_be_flagged(
    reviewer_client: Client, terms: dict
) -> None:
    submitted = make_actor(make_contributor().user, terms, state="submitted")
    assert reviewer_client.get(flag_url(submitted)).status_code == 404
    response = reviewer_client.post(flag_url(submitted), {"category": "new", "reason": "Soon."})
    assert response.status_code == 400
    assert "Only published entries can be flagged." in response.content.decode()
    assert not Flag.objects.exists()
