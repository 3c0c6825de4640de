# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Organisations named on an initiative become drafts their contributor is invited to
complete on "My entries"; an actor claims existing initiatives, confirmed by the
initiative's contributor or the secretariat, once."""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.actors import services
from ipsp.actors.models import Actor, ActorClaim
from ipsp.actors.queries import actor_suggest
from ipsp.actors.tests.conftest import Contributor, make_actor, sign_in_with_token
from ipsp.actors.tests.helpers import form_data
from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term

pytestmark = pytest.mark.django_db


def initiatives_section(actor: Actor) -> str:
    page = Client().get(f"/en/actors/{actor.public_id}/").content.decode()
    return page.split('id="initiatives"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def initiative_terms(taxonomy: None) -> dict:
    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}


def test_an_organisation_named_on_an_initiative_becomes_a_draft_owned_by_its_contributor(
    client: Client, contributor: Contributor, initiative_terms: dict, terms: dict
) -> None:
    initiative = make_initiative(
        contributor.user, initiative_terms, organisations=["Tamarind Youth Network"]
    )
    actor = Actor.objects.get(name="Tamarind Youth Network")
    assert actor.state == Actor.State.DRAFT
    assert actor.owner == contributor.user and actor.created_from_initiative == initiative
    sign_in_with_token(client, contributor.token)
    page = client.get("/en/my/").content.decode()
    assert "Organisations you named — complete their entry" in page
    assert f"/en/actors/{actor.public_id}/edit/" in page


def test_the_contributor_completes_and_submits_the_organisation_they_named(
    client: Client, contributor: Contributor, initiative_terms: dict, terms: dict
) -> None:
    make_initiative(contributor.user, initiative_terms, organisations=["Tamarind Youth Network"])
    actor = Actor.objects.get(name="Tamarind Youth Network")
    sign_in_with_token(client, contributor.token)
    response = client.post(
        f"/en/actors/{actor.public_id}/edit/",
        form_data(public=False, name="Tamarind Youth Network", submit="1"),
    )
    assert response.status_code == 302 and "submitted=1" in response["Location"]
    actor.refresh_from_db()
    assert actor.state == Actor.State.IN_VALIDATION
    assert "Organisations you named" not in client.get("/en/my/").content.decode()


def test_an_existing_organisation_is_offered_before_a_new_one_is_made(
    contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    names = [s.public_id for s in actor_suggest("Maji Safi Colective Ltd")]
    assert names[0] == actor.public_id
    assert [s.public_id for s in actor_suggest("MSC")] == [actor.public_id]  # public acronym


def test_an_actor_claims_an_initiative_and_its_contributor_confirms_once(
    client: Client,
    contributor: Contributor,
    other_contributor: Contributor,
    terms: dict,
    initiative_terms: dict,
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    initiative = make_initiative(
        other_contributor.user,
        initiative_terms,
        state="published",
        title="Rain gardens",
        organisations=["Someone Else"],
    )
    sign_in_with_token(client, contributor.token)
    response = client.post(
        f"/en/actors/{actor.public_id}/initiatives/",
        {"initiative": f"https://ipsp.example/en/initiatives/{initiative.public_id}/"},
    )
    assert response.status_code == 302
    claim = ActorClaim.objects.get()
    assert claim.state == ActorClaim.State.PENDING
    # Not listed before the confirmation.
    assert "Rain gardens" not in initiatives_section(actor)
    # The actor's contributor cannot confirm their own claim.
    url = f"/en/actors/claims/{claim.public_id}/decide/"
    assert client.post(url, {"decision": "confirm"}).status_code == 403

    other = Client()
    sign_in_with_token(other, other_contributor.token)
    page = other.get("/en/my/").content.decode()
    assert "says it runs" in page and "Rain gardens" in page
    assert other.post(url, {"decision": "confirm"}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ActorClaim.State.CONFIRMED
    assert "Rain gardens" in initiatives_section(actor)
    # Re-using the confirmation (or refusing afterwards) changes nothing.
    response = other.post(url, {"decision": "refuse"})
    assert "claim=already" in response["Location"]
    claim.refresh_from_db()
    assert claim.state == ActorClaim.State.CONFIRMED


def test_a_claim_cannot_be_made_twice_or_on_an_unpublished_initiative_of_someone_else(
    client: Client,
    contributor: Contributor,
    other_contributor: Contributor,
    terms: dict,
    initiative_terms: dict,
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    draft = make_initiative(other_contributor.user, initiative_terms)
    with pytest.raises(services.ActorError) as caught:
        services.actor_claim_request(actor=actor, initiative=draft, by=contributor.user)
    assert caught.value.field == "initiative"
    published = make_initiative(other_contributor.user, initiative_terms, state="published")
    services.actor_claim_request(actor=actor, initiative=published, by=contributor.user)
    with pytest.raises(services.ActorError):
        services.actor_claim_request(actor=actor, initiative=published, by=contributor.user)
    sign_in_with_token(client, contributor.token)
    response = client.post(
        f"/en/actors/{actor.public_id}/initiatives/", {"initiative": published.public_id}
    )
    assert response.status_code == 400
    assert "already claimed" in response.content.decode()


def test_a_claim_form_with_an_unknown_address_says_so(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    sign_in_with_token(client, contributor.token)
    response = client.post(f"/en/actors/{actor.public_id}/initiatives/", {"initiative": "hello"})
    assert response.status_code == 400
    assert "This is not the address or public id of an initiative." in response.content.decode()
    assert ActorClaim.objects.count() == 0


def test_claiming_ones_own_initiative_is_confirmed_at_once(
    contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    mine = make_initiative(contributor.user, initiative_terms)
    claim = services.actor_claim_request(actor=actor, initiative=mine, by=contributor.user)
    assert claim.state == ActorClaim.State.CONFIRMED


def test_the_secretariat_confirms_a_claim_and_a_stranger_cannot(
    staff_client: Client,
    contributor: Contributor,
    other_contributor: Contributor,
    terms: dict,
    initiative_terms: dict,
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    initiative = make_initiative(other_contributor.user, initiative_terms, state="published")
    claim = services.actor_claim_request(actor=actor, initiative=initiative, by=contributor.user)
    url = f"/en/actors/claims/{claim.public_id}/decide/"
    stranger = Client()
    assert stranger.post(url, {"decision": "confirm"}).status_code == 302  # to sign in
    third = Client()
    sign_in_with_token(third, _third_token())
    assert third.post(url, {"decision": "confirm"}).status_code == 403
    assert "says it runs" in staff_client.get("/en/actors/staff/").content.decode()
    assert staff_client.post(url, {"decision": "confirm"}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ActorClaim.State.CONFIRMED


def _third_token() -> str:
    from ipsp.actors.tests.conftest import make_contributor

    return make_contributor().token
