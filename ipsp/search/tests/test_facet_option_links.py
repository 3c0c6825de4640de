"""Every facet option links to the state with its code added (or removed when chosen)."""

from __future__ import annotations

import pytest

from ipsp.search.filters import search_params_parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "living wages", "sort": "newest", "page": "3"},
        {"q": "é & ü", "country": ["KE", "BD"], "sdg": ["10", "2"], "start_year": ["2021"]},
    ],
)
def test_the_links_of_all_options_equal_the_link_of_each(taxonomy: None, query: dict) -> None:
    params = search_params_parse(query)
    for facet, codes in {
        "kind": ["actor", "initiative"],
        "sdg": ["2", "5", "10"],
        "country": ["KE", "FR", "BD"],
        "start_year": ["2021", "1999"],
    }.items():
        assert params.toggle_queries(facet, codes) == {
            code: params.url_query(toggle=(facet, code)) for code in codes
        }
