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
