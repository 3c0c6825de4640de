"""Related entries: shared terms weighted by rarity, text similarity, reasons shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ipsp.search.related import reason_texts, related_entries
from ipsp.search.services import document_remove
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def filler(count: int, **facets: Any) -> None:
    """Entries that all share a common term, to make that term common."""
    index(*[make_doc(f"Filler {i}", f"unrelated words number{i}", **facets) for i in range(count)])


def test_a_shared_rare_term_counts_more_than_a_shared_common_one() -> None:
    filler(20, country=["KE"])
    (entry,) = index(make_doc("Wages in Nairobi", country=["KE"], theme=["living-wages"]))
    (common_only,) = index(make_doc("Another Kenyan project", country=["KE"]))
    (rare_only,) = index(make_doc("Living wages in Peru", country=["PE"], theme=["living-wages"]))

    found = [item.public_id for item in related_entries("initiative", entry.public_id)]

    assert found.index(rare_only.public_id) < found.index(common_only.public_id)


def test_an_entry_is_not_related_to_itself() -> None:
    (entry, other) = index(
        make_doc("Housing cooperatives", "housing cooperatives", theme=["living-wages"]),
        make_doc("Cooperative housing", "housing cooperatives", theme=["living-wages"]),
    )

    found = [item.public_id for item in related_entries("initiative", entry.public_id)]

    assert found == [other.public_id]


def test_an_unpublished_entry_is_never_offered() -> None:
    (entry, withdrawn) = index(
        make_doc("Wage councils", theme=["living-wages"]),
        make_doc("Withdrawn wage boards", theme=["living-wages"]),
    )
    document_remove(kind="initiative", public_id=withdrawn.public_id)

    assert related_entries("initiative", entry.public_id) == []
    assert related_entries("initiative", withdrawn.public_id) == []


def test_entries_with_close_texts_are_related_without_shared_terms() -> None:
    filler(10)
    text = "Rooftop beekeeping collectives train apprentices in urban apiculture"
    (entry, close, _far) = index(
        make_doc("Urban apiculture", text),
        make_doc("Beekeepers on roofs", "apprentices learn rooftop beekeeping and apiculture"),
        make_doc("Tax reform", "progressive taxation of wealth"),
    )

    found = related_entries("initiative", entry.public_id)

    assert [item.public_id for item in found] == [close.public_id]
    assert ("text", "apiculture") in found[0].reasons


def test_the_reasons_name_the_shared_terms_in_the_readers_language(taxonomy: None) -> None:
    (entry, other) = index(
        make_doc("Wages", theme=["living-wages"], country=["DE"], region=["150", "155"]),
        make_doc("Salaires", theme=["living-wages"], country=["DE"], region=["150", "155"]),
    )
    items = related_entries("initiative", entry.public_id)

    with translation.override("en"):
        english = reason_texts(items)[("initiative", other.public_id)]
    with translation.override("fr"):
        french = reason_texts(items)[("initiative", other.public_id)]

    assert english == ["also about Living wages", "also in Germany"]
    assert "Salaires vitaux" in french[0]  # the sentence itself: see the search catalogue
    assert "Allemagne" in french[1]


def test_a_shared_region_is_named_once_by_its_narrowest_term(taxonomy: None) -> None:
    filler(6, region=["002"])
    (entry, other) = index(
        make_doc("A", country=["KE"], region=["002", "014"]),
        make_doc("B", country=["UG"], region=["002", "014"]),
    )

    with translation.override("en"):
        texts = reason_texts(related_entries("initiative", entry.public_id))

    assert texts[("initiative", other.public_id)] == ["also in Eastern Africa"]


def test_topic_pages_are_not_offered_as_related_entries() -> None:
    (entry,) = index(make_doc("Wages", theme=["living-wages"]))
    index(make_doc("Topic on wages", theme=["living-wages"], kind="topic"))

    assert related_entries("initiative", entry.public_id) == []


def test_the_number_of_queries_does_not_grow_with_the_index() -> None:
    def queries_for(count: int) -> int:
        docs = index(
            make_doc("Rooftop apiculture", "apiculture rooftop", theme=["living-wages"]),
            make_doc("Apiculture on roofs", "apiculture rooftop", theme=["living-wages"]),
            *[make_doc(f"Other {i}", f"word{i}", theme=["living-wages"]) for i in range(count)],
        )
        with CaptureQueriesContext(connection) as captured:
            found = related_entries("initiative", docs[0].public_id)
        assert docs[1].public_id in [item.public_id for item in found]
        return len(captured)

    few = queries_for(3)
    many = queries_for(40)

    # the entry, term totals, candidates, word counts, text matches, titles, shared words;
    # PostgreSQL first asks its statistics which words are common (one EXPLAIN)
    assert few == many <= (8 if connection.vendor == "postgresql" else 7)
