from __future__ import annotations

import pytest
from django.test import Client

from ipsp.actors.models import Actor, normalise_name
from ipsp.actors.queries import actor_suggest
from ipsp.actors.services import ActorError, actor_find_or_create_draft

pytestmark = pytest.mark.django_db


def publish(name: str) -> Actor:
    return Actor.objects.create(
        name=name, normalised_name=normalise_name(name), state=Actor.State.PUBLISHED
    )


def test_names_are_normalised_across_case_accents_and_punctuation() -> None:
    assert normalise_name("  Association Éducation-Pour-Tous ") == "association education pour tous"


def test_a_typed_name_links_to_the_existing_actor_instead_of_a_duplicate() -> None:
    existing = publish("BRAC")
    assert actor_find_or_create_draft(name="brac") == existing
    assert Actor.objects.count() == 1


def test_a_new_name_creates_a_draft_actor() -> None:
    actor = actor_find_or_create_draft(name="Maji  Safi Collective")
    assert actor.state == Actor.State.DRAFT and actor.name == "Maji Safi Collective"


@pytest.mark.parametrize("name", ["", "   ", "---", "x" * 201])
def test_empty_or_oversized_names_are_refused(name: str) -> None:
    with pytest.raises(ActorError):
        actor_find_or_create_draft(name=name)


def test_suggestions_tolerate_typos_and_show_only_published_actors() -> None:
    publish("Grameen Foundation")
    publish("Fundación Paraguaya")
    actor_find_or_create_draft(name="Grameen Fondation Draft")
    names = [s.name for s in actor_suggest("gramen foundation")]
    assert names[0] == "Grameen Foundation"
    assert "Grameen Fondation Draft" not in names
    assert actor_suggest("fundacion paraguaya")[0].name == "Fundación Paraguaya"


def test_the_suggestion_endpoint_answers_json_without_a_cookie(client: Client) -> None:
    publish("Grameen Foundation")
    response = client.get("/en/actors/suggest/", {"q": "grameen"})
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Grameen Foundation"
    assert "id" in response.json()["results"][0]
    assert not response.cookies
    assert client.get("/en/actors/suggest/", {"q": "g"}).json() == {"results": []}
