# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""A field the actor keeps for the secretariat never leaves through any public path:
the page, its JSON-LD, the suggestions, the search document and index, the sitemap and
the data handed to future outputs (API, exports, feeds) — all built from actor_public."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.test import Client, RequestFactory

from ipsp.accounts.models import User
from ipsp.actors import services
from ipsp.actors.logos import logo_process
from ipsp.actors.models import Actor
from ipsp.actors.public import actor_public, actor_public_data
from ipsp.actors.queries import actor_suggest, with_content
from ipsp.actors.search import actor_search_document
from ipsp.actors.sitemaps import ActorSitemap
from ipsp.actors.tests.conftest import Contributor, full_content, image_bytes, make_actor
from ipsp.search.queries import search

pytestmark = pytest.mark.django_db

# Each restrictable field, with a value nobody would write by chance, and the text to look for.
SECRETS: dict[str, tuple[dict[str, Any], str]] = {
    "other_names": ({"other_names": ["Zephyrine Kollektiv"]}, "Zephyrine"),
    "acronym": ({"acronym": "QXZV"}, "QXZV"),
    "actor_types": ({}, "Network or alliance"),
    "places": (
        {"places": [services.PlaceInput("Kisumu", "KE", -0.1, 34.75, 200067)]},
        "Kisumu",
    ),
    "activities": ({"activities": "Quillwort activities never told."}, "Quillwort"),
    "partnerships": ({"partnerships": "Partnered with Xylophant Trust."}, "Xylophant"),
    "collaboration": (
        {"collaboration": "Wants Borogove partners.", "collaboration_seek": "Jabberwock"},
        "Borogove",
    ),
    "links": ({"links": [services.LinkInput("https://secret.example/zz", "Zugzwang")]}, "Zugzwang"),
    "logo": ({}, "/media/actors/logos/"),
    "size": ({"staff_size": "501+"}, "More than 500"),
    "founding_year": ({"founding_year": 1873}, "1873"),
}


def actors_sitemap() -> str:
    """The actors' part of /sitemap.xml (the whole one lists every term in 11 languages)."""
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap_view(request, sitemaps={"actors": ActorSitemap})
    response.render()
    return response.content.decode()


def restricted_actor(owner: User, terms: dict, field: str) -> Actor:
    values, _needle = SECRETS[field]
    extra: dict[str, Any] = dict(values)  # type: ignore[call-overload]
    if field == "actor_types":
        extra["actor_types"] = [terms["network"]]
    if field == "logo":
        extra["logo"] = logo_process(image_bytes())
    content = full_content(terms, name="Open Water Kiosks", restricted_fields=[field], **extra)
    # Only the restricted field carries the secret: clear the default values of the others.
    actor = services.actor_create(owner=owner, content=content)
    actor = services.actor_submit(actor=actor, by=owner)
    from ipsp.actors.tests.conftest import publisher

    return services.actor_publish(actor=actor, by=publisher())


def test_every_optional_field_can_be_kept_private() -> None:
    assert set(SECRETS) == set(Actor.RESTRICTABLE)


@pytest.mark.parametrize("field", sorted(SECRETS))
def test_a_restricted_field_is_stored_but_absent_from_every_public_output(
    client: Client, contributor: Contributor, terms: dict, field: str
) -> None:
    actor = restricted_actor(contributor.user, terms, field)
    needle = SECRETS[field][1]
    loaded = with_content().get(pk=actor.pk)

    # The page and its JSON-LD.
    page = client.get(f"/en/actors/{actor.public_id}/").content.decode()
    assert "Open Water Kiosks" in page
    assert needle not in page
    # The public view and the data future outputs (API, exports, feeds) hand out.
    public = actor_public(loaded)
    assert needle not in repr(public)
    assert needle not in repr(actor_public_data(public))
    # The search document and the index itself.
    document = actor_search_document(loaded)
    assert needle not in repr(document)
    # The suggestions of the initiative form (names only; the acronym and other names
    # are matched only when public).
    assert needle not in client.get("/en/actors/suggest/", {"q": needle}).content.decode()
    if field in {"other_names", "acronym"}:
        assert actor.public_id not in [s.public_id for s in actor_suggest(needle)]
    # The sitemap lists the address only.
    sitemap = actors_sitemap()
    assert actor.public_id in sitemap and needle not in sitemap


@pytest.mark.parametrize("field", ["activities", "partnerships", "other_names", "acronym"])
def test_a_restricted_text_is_not_found_by_searching_for_it(
    contributor: Contributor, terms: dict, field: str
) -> None:
    actor = restricted_actor(contributor.user, terms, field)
    needle = SECRETS[field][1]
    found = [hit.public_id for hit in search(needle).hits]
    assert actor.public_id not in found
    assert actor.public_id in [hit.public_id for hit in search("Kiosks").hits]


def test_public_values_do_appear_so_the_checks_above_mean_something(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(
        contributor.user,
        terms,
        state="published",
        other_names=["Zephyrine Kollektiv"],
        acronym="QXZV",
        logo=logo_process(image_bytes()),
    )
    page = client.get(f"/en/actors/{actor.public_id}/").content.decode()
    for needle in ("Zephyrine", "QXZV", "Nairobi", "utility", "2016"):
        assert needle in page
    assert "/media/actors/logos/" in page
    assert [s.public_id for s in actor_suggest("QXZV")] == [actor.public_id]
    assert actor.public_id in [hit.public_id for hit in search("Zephyrine").hits]


def test_the_page_template_never_receives_the_model(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    response = client.get(f"/en/actors/{actor.public_id}/")
    for context in response.context:
        for value in context.flatten().values():
            assert not isinstance(value, Actor)


OUTPUT_MODULES = ["views_public.py", "search.py", "sitemaps.py", "citable.py"]
RAW_FIELDS = set(Actor.RESTRICTABLE) | {
    "staff_size",
    "volunteer_size",
    "collaboration_offer",
    "collaboration_seek",
    "open_to_collaboration",
    "collaboration_terms",
    "terms",
}


@pytest.mark.parametrize("module", OUTPUT_MODULES)
def test_public_outputs_read_restrictable_fields_only_through_the_public_view(module: str) -> None:
    """Any future output module (API, export, feed) joins this list: it may read an
    actor's optional fields only from a PublicActor, never from the model."""
    tree = ast.parse((Path(__file__).parents[1] / module).read_text())
    offending = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in RAW_FIELDS
            and isinstance(node.value, ast.Name)
            and node.value.id in {"actor", "item", "obj", "loaded"}
        ):
            offending.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    assert offending == []
