from __future__ import annotations

import pytest

from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(db: None) -> None:
    index(
        make_doc("Living wages in Kenya", "wages", country=["KE"], theme=["living-wages"]),
        make_doc("Living wages in Uganda", "wages", country=["UG"], theme=["living-wages"]),
        make_doc("Wage councils in Kenya", "wages", country=["KE"], theme=["labour"]),
        make_doc("School meals in Kenya", "meals", country=["KE"], theme=["education"]),
        make_doc("Trade unions", "wages", kind="actor", country=["KE", "UG"]),
    )


def counts(results: object, facet: str) -> dict[str, int]:
    return {item.code: item.count for item in results.facets[facet]}  # type: ignore[attr-defined]


def test_facet_counts_combine_with_the_text(entries: None) -> None:
    results = search("wages", facets=["country", "theme", "kind"])

    assert results.total == 4
    assert counts(results, "country") == {"KE": 3, "UG": 2}
    assert counts(results, "theme") == {"living-wages": 2, "labour": 1}
    assert counts(results, "kind") == {"initiative": 3, "actor": 1}


def test_filters_narrow_the_results_and_the_counts(entries: None) -> None:
    results = search("wages", filters={"country": ["KE"]}, facets=["theme", "country"])

    assert sorted(titles(results)) == [
        "Living wages in Kenya",
        "Trade unions",
        "Wage councils in Kenya",
    ]
    assert counts(results, "theme") == {"living-wages": 1, "labour": 1}


def test_codes_of_one_facet_add_up_and_facets_narrow_each_other(entries: None) -> None:
    either = search("", filters={"theme": ["living-wages", "education"]})
    both = search("", filters={"theme": ["living-wages"], "country": ["KE"]})

    assert either.total == 3
    assert titles(both) == ["Living wages in Kenya"]


def test_browsing_without_words_counts_every_entry(entries: None) -> None:
    results = search("", facets=["country"])

    assert results.total == 5
    assert counts(results, "country") == {"KE": 4, "UG": 2}


def test_unknown_filter_codes_are_dropped_and_reported(entries: None) -> None:
    results = search(
        "wages", filters={"country": ["KE", "XX"], "colour": ["blue"], "sdg": ["x" * 200]}
    )

    assert results.total == 3
    assert set(results.unknown_filters) == {
        ("country", "XX"),
        ("colour", "blue"),
        ("sdg", "x" * 64),
    }
    assert "not recognised" in results.notices[0]


def test_a_page_out_of_range_gives_the_last_page(entries: None) -> None:
    results = search("wages", page=99, page_size=3)

    assert (results.page, results.pages) == (2, 2)
    assert len(results.hits) == 1
    assert search("wages", page=-4, page_size=3).page == 1


def test_sorting_by_newest_and_recently_updated(db: None) -> None:
    index(
        make_doc("Old wages study", "wages", days_old=900),
        make_doc("New wages study", "wages", days_old=2),
        make_doc("Middle wages study", "wages", days_old=100),
    )

    assert titles(search("wages", sort="newest")) == [
        "New wages study",
        "Middle wages study",
        "Old wages study",
    ]
    assert titles(search("", sort="updated"))[0] == "New wages study"


def test_flagged_and_fresh_entries_rank_higher(db: None) -> None:
    index(
        make_doc("Wages A", "wages", days_old=2000),
        make_doc("Wages B", "wages", days_old=2000, flagged=True),
        make_doc("Wages C", "wages", days_old=1),
    )

    ranked = titles(search("wages"))
    assert ranked.index("Wages B") < ranked.index("Wages A")
    assert ranked.index("Wages C") < ranked.index("Wages A")


def test_flagged_is_a_facet(db: None) -> None:
    index(make_doc("Wages A", "wages"), make_doc("Wages B", "wages", flagged=True))

    assert titles(search("wages", filters={"flagged": ["yes"]})) == ["Wages B"]


def test_only_the_top_matches_are_ranked_when_a_word_is_everywhere(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipsp.search.backends.base import SqlSearchBackend

    monkeypatch.setattr(SqlSearchBackend, "rank_limit", 5)
    monkeypatch.setattr(SqlSearchBackend, "facet_exact_limit", 4)
    index(*[make_doc(f"Wages {i}", "wages", country=["KE"]) for i in range(12)])

    results = search("wages", facets=["country"], page=9, page_size=2)

    assert results.total == 12
    assert results.ranked_limit == 5
    assert (results.page, results.pages) == (3, 3)
    assert not results.facets_exact
    assert counts(results, "country") == {"KE": 12}
