from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def queries_for(count: int, **options: object) -> tuple[int, int]:
    index(*[make_doc(f"Wages study {i}", "living wages", country=["KE"]) for i in range(count)])
    with CaptureQueriesContext(connection) as captured:
        results = search(**options)  # type: ignore[arg-type]
    return len(captured), len(results.hits)


@pytest.mark.parametrize(
    "options",
    [
        {"text": "wages", "filters": {"country": ["KE"]}, "facets": ["country", "kind"]},
        {"text": "wages", "sort": "newest", "facets": ["country"]},
        {"text": "", "filters": {"country": ["KE"]}, "facets": ["country"]},
        {"text": "社会 OR wages"},
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_results(options: dict) -> None:
    few_queries, few_hits = queries_for(2, page_size=50, **options)
    many_queries, many_hits = queries_for(60, page_size=50, **options)

    assert (few_hits, many_hits) == (2, 50)
    assert few_queries == many_queries <= 7


def page_queries(client: object, url: str) -> tuple[int, str]:
    from django.test import Client

    assert isinstance(client, Client)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def entries_on_living_wages(count: int, name: str, kind: str = "initiative") -> None:
    index(
        *[
            make_doc(
                f"{name} {n:02d}",
                "living wages",
                kind=kind,
                theme=["living-wages", "cities-social-progress"][: 1 + n % 2],
                country=["KE", "BD", "FR"][: 1 + n % 3],
                sdg=[str(n % 17 + 1)],
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/browse/theme/living-wages/",  # a term's browse page
        "/en/search/browse/country/KE/?kind=initiative",
        "/en/search/?kind=actor",  # the list of organisations
        "/en/search/?kind=actor&q=wages",  # searching them
    ],
)
def test_the_list_pages_cost_the_same_with_two_or_forty_entries(
    client: object, taxonomy: None, url: str
) -> None:
    kind = "actor" if "kind=actor" in url else "initiative"
    entries_on_living_wages(2, "Few", kind)
    page_queries(client, url)  # warm caches
    few, html = page_queries(client, url)
    assert "Few 01" in html

    entries_on_living_wages(40, "Many", kind)
    many, html = page_queries(client, url)

    assert html.count("Many ") >= 18  # a full page of results
    assert many == few
