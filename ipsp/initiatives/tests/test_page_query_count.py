"""Issue 6, benchmarks: the initiative page and "My entries" cost a fixed number of SQL
queries, whatever the number of versions, related entries and entries of the contributor.

(The number of terms, links and places is covered by test_public_initiative_page.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import make_contributor, make_initiative
from ipsp.initiatives.tests.public_helpers import page_url, publish, publish_new_version, visitor
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured), response.content.decode()


def indexed(initiative: Initiative) -> None:
    """The initiative in the search index, with terms its neighbours share."""
    index(
        make_doc(
            "Living wages for garment workers",
            "garment workers wages negotiated cooperative",
            public_id=initiative.public_id,
            theme=["living-wages"],
            country=["KE"],
        )
    )


def neighbours(count: int, name: str) -> list[str]:
    docs = index(
        *[
            make_doc(
                f"Garment cooperative {name} {n:02d}",
                "garment workers wages negotiated",
                theme=["living-wages"],
                country=["KE"],
                sdg=[str(n % 17 + 1)],
            )
            for n in range(count)
        ]
    )
    return [doc.title for doc in docs]


def test_the_initiative_page_costs_the_same_with_one_or_many_related_entries(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(contributor.user, terms)
    indexed(initiative)
    first = neighbours(1, "Amani")
    client = visitor()
    queries_for(client, page_url(initiative))  # warm caches (content types, templates)
    one_related, html = queries_for(client, page_url(initiative))
    assert first[0] in html

    others = neighbours(12, "Baraka")
    six_related, html = queries_for(client, page_url(initiative))

    assert sum(title in html for title in [*first, *others]) == 6  # the six best are shown
    assert six_related <= one_related  # (the text probe may even stop early with more)


def test_the_initiative_page_costs_the_same_with_one_or_many_versions(
    contributor: Any, terms: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # as in production, what runs once a publication commits (its stored references) has run
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(contributor.user, terms)
        edited = publish(contributor.user, terms)
        for number in range(4):
            edited = publish_new_version(edited, terms, title=f"Wages, version {number + 2}")
    client = visitor()
    queries_for(client, page_url(first))

    one_version, _html = queries_for(client, page_url(first))
    five_versions, html = queries_for(client, page_url(edited))

    assert "Wages, version 5" in html
    assert five_versions == one_version
    assert (
        queries_for(client, page_url(edited, suffix="history/"))[0]
        == (queries_for(client, page_url(first, suffix="history/"))[0])
    )


def test_my_entries_costs_the_same_with_three_or_thirty_initiatives(terms: Any) -> None:
    few, many = make_contributor(), make_contributor()
    for contributor, count in ((few, 3), (many, 30)):
        for n in range(count):
            make_initiative(
                contributor.user, terms, state=("draft", "submitted", "published")[n % 3]
            )
    few_client, many_client = Client(), Client()
    few_client.force_login(few.user)
    many_client.force_login(many.user)
    for client in (few_client, many_client):  # warm caches; a session's first request
        queries_for(client, "/en/my/")  # also refreshes its session

    few_count, _html = queries_for(few_client, "/en/my/")
    many_count, html = queries_for(many_client, "/en/my/")

    assert html.count("/edit/") >= 30
    assert many_count == few_count
