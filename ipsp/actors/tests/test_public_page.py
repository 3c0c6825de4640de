# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""The actor's public page: description, initiatives with their state, places on a map,
themes, schema.org Organization JSON-LD, a citable address; 410 for a withdrawn actor,
404 for a draft; no cookie for visitors; the sitemap lists published actors."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from ipsp.actors import services
from ipsp.actors.models import Actor
from ipsp.actors.sitemaps import ActorSitemap
from ipsp.actors.tests.conftest import Contributor, make_actor, sign_in_with_token
from ipsp.core.sitemaps import sitemaps
from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative_terms(taxonomy: None) -> dict:
    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}


def jsonld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_a_visitor_reads_the_published_actor_without_getting_a_cookie(
    client: Client, contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    published = make_initiative(
        contributor.user,
        initiative_terms,
        state="published",
        organisations=[actor],
        title="Kiosks for Kibera",
    )
    make_initiative(contributor.user, initiative_terms, organisations=[actor], title="Draft plan")
    response = client.get(f"/en/actors/{actor.public_id}/")
    assert response.status_code == 200
    assert not response.cookies
    page = response.content.decode()
    for text in (
        "Maji Safi Collective",
        "ten times more for water",  # (a) problems
        "run by women",  # (b) activities
        "Nairobi water utility",  # (c) partnerships
        "Keen to share the kiosk model",  # (d) collaboration
        "Training of kiosk operators.",
        "/taxonomy/theme/living-wages/",
        "Nairobi",
        "Kiosks for Kibera",
        'class="map-svg"',
        f"/en/initiatives/{published.public_id}/",
    ):
        assert text in page, text
    assert "Draft plan" not in page  # visitors see published initiatives only
    data = jsonld(page)
    assert data["@type"] == "Organization" and data["name"] == "Maji Safi Collective"
    assert data["foundingDate"] == "2016" and data["alternateName"] == [
        "MSC",
        "Collectif Maji Safi",
    ]
    assert data["url"].endswith(f"/en/actors/{actor.public_id}/")
    assert '<link rel="canonical"' in page


def test_the_owner_sees_their_initiatives_in_every_state(
    client: Client, contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    make_initiative(contributor.user, initiative_terms, organisations=[actor], title="Draft plan")
    sign_in_with_token(client, contributor.token)
    page = client.get(f"/en/actors/{actor.public_id}/").content.decode()
    assert "Draft plan" in page and "(Draft)" in page


def test_a_draft_actor_is_not_found_by_visitors(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms)
    assert client.get(f"/en/actors/{actor.public_id}/").status_code == 404


def test_a_withdrawn_actor_leaves_a_tombstone_with_status_410(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    services.actor_withdraw(actor=actor, by=contributor.user, reason="The collective dissolved.")
    response = client.get(f"/en/actors/{actor.public_id}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "The collective dissolved." in page and "ten times more" not in page
    assert not response.cookies


def test_an_unknown_or_mistyped_address_is_404(client: Client) -> None:
    assert client.get("/en/actors/0000000000/").status_code == 404


def test_the_page_in_arabic_is_right_to_left(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    page = client.get(f"/ar/actors/{actor.public_id}/").content.decode()
    assert 'dir="rtl"' in page


def test_the_sitemap_lists_published_actors_only() -> None:
    assert sitemaps["actors"] is ActorSitemap


def test_the_sitemap_items_are_the_published_actors(contributor: Contributor, terms: dict) -> None:
    published = make_actor(contributor.user, terms, state="published")
    draft = make_actor(contributor.user, terms, name="Draft Org")
    withdrawn = make_actor(contributor.user, terms, state="published", name="Gone Org")
    services.actor_withdraw(actor=withdrawn, by=contributor.user, reason="Closed")
    items = list(ActorSitemap().items())
    assert published in items and draft not in items and withdrawn not in items


def test_the_page_is_read_in_a_fixed_number_of_queries(
    client: Client, contributor: Contributor, terms: dict, django_assert_max_num_queries: object
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(f"/en/actors/{actor.public_id}/").status_code == 200
    assert Actor.objects.count() == 1
