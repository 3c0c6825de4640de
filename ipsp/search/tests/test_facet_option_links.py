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


def test_labels_codes_and_links_of_options_are_escaped() -> None:
    from ipsp.search.templatetags.search_facets import facet_options
    from ipsp.search.views import FacetOption, FacetView

    option = FacetOption(
        code='a"b', label="<script>alert(1)</script>", count=3, selected=True, query="q=a&b"
    )
    html = facet_options(FacetView(name="theme", label="Theme", options=[option]), "/en/search/")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-code="a&quot;b"' in html and 'href="/en/search/?q=a&amp;b"' in html
    assert 'aria-current="true"' in html and ">3</span>" in html
