"""A word found in most entries: only the most recent matches are considered (the cap).

The backend then ranks those, estimates the total and the facet counts from the share
of the index they span ("about N"), and pages no further than what it ranked. These
tests lower the cap so that a dozen entries are "most of the index".
"""

from __future__ import annotations

import pytest
from django.test import Client

from ipsp.search.backends import get_backend
from ipsp.search.backends.base import SqlSearchBackend
from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = type(get_backend())  # PostgreSQL has a cap of its own
    assert issubclass(backend, SqlSearchBackend)
    monkeypatch.setattr(backend, "match_cap", 6)
    monkeypatch.setattr(backend, "rank_limit", 4)
    monkeypatch.setattr(backend, "capped_facet_sample", 3)


@pytest.fixture
def wages_everywhere(small_cap: None) -> None:
    """Eighteen old entries about wages, then the three most recently indexed ones."""
    index(
        *[
            make_doc(f"Project {i}", "fair wages for workers", country=["KE"], days_old=900)
            for i in range(18)
        ]
    )
    index(make_doc("Project plain", "wages again", country=["UG"], days_old=900))
    index(make_doc("Project flagged", "wages too", country=["UG"], days_old=900, flagged=True))
    index(make_doc("Project fresh", "wages as well", country=["UG"], days_old=1))


def test_a_flagged_or_fresh_entry_still_comes_first_when_a_word_is_in_most_entries(
    wages_everywhere: None,
) -> None:
    results = search("wages")

    assert not results.total_exact
    assert results.ranked_limit == 4
    assert titles(results)[:2] in (
        ["Project fresh", "Project flagged"],
        ["Project flagged", "Project fresh"],
    )
    assert titles(results)[2] == "Project plain"


def test_a_word_in_a_title_ranks_first_among_the_considered_matches(small_cap: None) -> None:
    index(*[make_doc(f"Project {i}", "wages and wages", days_old=900) for i in range(10)])
    index(make_doc("Wages for all", "a fair share", days_old=900))
    index(*[make_doc(f"Later {i}", "wages", days_old=900) for i in range(2)])

    results = search("wages")

    assert titles(results)[0] == "Wages for all"


def test_the_total_and_the_facet_counts_of_a_capped_search_are_estimates(
    wages_everywhere: None,
) -> None:
    results = search("wages", facets=["country"])

    assert not results.total_exact
    assert not results.facets_exact
    # 6 considered of 21 entries: scaled back to the whole index
    assert results.total == 21
    counts = {item.code: item.count for item in results.facets["country"]}
    assert set(counts) <= {"KE", "UG"}
    assert sum(counts.values()) == 21


def test_a_word_in_few_entries_is_counted_exactly(wages_everywhere: None) -> None:
    index(make_doc("Cooperative bakery", "bread and wages", country=["KE"]))

    results = search("bread", facets=["country"])

    assert results.total == 1
    assert results.total_exact
    assert results.facets_exact
    assert results.ranked_limit is None


def test_filters_apply_within_the_considered_matches(wages_everywhere: None) -> None:
    results = search("wages", filters={"country": ["UG"]}, facets=["country"])

    assert set(titles(results)) == {"Project plain", "Project flagged", "Project fresh"}
    assert not results.total_exact


def test_a_page_beyond_the_ranked_ones_gives_the_last_page(wages_everywhere: None) -> None:
    results = search("wages", page=50, page_size=2)

    assert (results.page, results.pages) == (2, 2)
    assert len(results.hits) == 2


def test_other_sorts_of_a_capped_search_keep_to_the_considered_matches(
    wages_everywhere: None,
) -> None:
    newest = search("wages", sort="newest")

    assert titles(newest)[0] == "Project fresh"
    assert len(newest.hits) == 4


def test_the_page_says_about_n_results_when_the_search_is_capped(
    wages_everywhere: None, client: Client
) -> None:
    response = client.get("/en/search/?q=wages&page=999")

    assert response.status_code == 200
    html = response.content.decode()
    assert "About 21 results" in html
    assert "Counts are estimates for such a common word." in html
    assert "only the 4 most recent of them are ranked and shown" in html


def test_the_page_gives_an_exact_count_below_the_cap(
    wages_everywhere: None, client: Client
) -> None:
    index(make_doc("Cooperative bakery", "bread", country=["KE"]))

    html = client.get("/en/search/?q=bread").content.decode()

    assert "1 result" in html
    assert "About" not in html.split('id="results-heading"')[1][:200]
