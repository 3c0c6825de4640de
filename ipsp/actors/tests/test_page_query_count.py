# mypy: disable-error-code="union-attr, arg-type, operator, misc"
"""Issue 6, benchmarks: the actor's page costs a fixed number of SQL queries, whatever
the number of its initiatives and of its related entries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import Contributor, make_actor
from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative_terms(taxonomy: None) -> dict:
    return {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}


def queries_for(client: Client, actor: Actor) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/en/actors/{actor.public_id}/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def with_initiatives(actor: Actor, count: int, contributor: Contributor, terms: dict) -> None:
    for n in range(count):
        make_initiative(
            contributor.user,
            terms,
            state="published",
            title=f"Cooperative wages project {n:02d}",
            organisations=[actor],
        )


def in_the_index(actor: Actor) -> None:
    index(
        make_doc(
            actor.name,
            "garment workers cooperative wages",
            kind="actor",
            public_id=actor.public_id,
            theme=["living-wages"],
            country=["KE"],
        )
    )


def neighbours(count: int, name: str) -> list[str]:
    docs = index(
        *[
            make_doc(
                f"Workers union {name} {n:02d}",
                "garment workers cooperative wages",
                kind="actor",
                theme=["living-wages"],
                country=["KE"],
            )
            for n in range(count)
        ]
    )
    return [doc.title for doc in docs]


def test_the_actor_page_costs_the_same_with_one_or_fifteen_initiatives(
    client: Client, contributor: Contributor, terms: dict, initiative_terms: dict
) -> None:
    small = make_actor(contributor.user, terms, state="published", name="Small Org")
    large = make_actor(contributor.user, terms, state="published", name="Large Org")
    with_initiatives(small, 1, contributor, initiative_terms)
    with_initiatives(large, 15, contributor, initiative_terms)
    queries_for(client, small)  # warm caches

    one, _html = queries_for(client, small)
    fifteen, html = queries_for(client, large)

    assert html.count("Cooperative wages project") >= 15
    assert fifteen == one


def test_the_actor_page_costs_the_same_with_one_or_many_related_entries(
    client: Client, contributor: Contributor, terms: dict
) -> None:
    actor = make_actor(contributor.user, terms, state="published")
    in_the_index(actor)
    first = neighbours(1, "Amani")
    queries_for(client, actor)
    one_related, html = queries_for(client, actor)
    assert first[0] in html

    others = neighbours(12, "Baraka")
    six_related, html = queries_for(client, actor)

    assert sum(title in html for title in [*first, *others]) == 6
    assert six_related <= one_related  # (the text probe may even stop early with more)
