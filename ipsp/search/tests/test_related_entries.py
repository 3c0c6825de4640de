"""Related entries: shared terms weighted by rarity, text similarity, reasons shown."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ipsp.search.models import SearchRelated
from ipsp.search.related import (
    pack_items,
    reason_texts,
    related_compute,
    related_entries,
    related_keep,
    unpack_items,
)
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
            found = related_compute("initiative", docs[0].public_id)
        assert docs[1].public_id in [item.public_id for item in found]
        return len(captured)

    few = queries_for(3)
    many = queries_for(40)

    # the entry, term totals, candidates, word counts, text matches, titles, shared words;
    # PostgreSQL first asks its statistics which words are common (one EXPLAIN)
    assert few == many <= (8 if connection.vendor == "postgresql" else 7)


# --- kept lists -------------------------------------------------------------------------------


def test_a_kept_list_is_read_in_two_queries_and_gives_what_computing_gives() -> None:
    filler(5, country=["KE"])
    (entry, close, *_others) = index(
        make_doc("Rooftop apiculture", "apiculture rooftop", theme=["living-wages"]),
        make_doc("Apiculture on roofs", "apiculture rooftop", theme=["living-wages"]),
        *[make_doc(f"Other {i}", f"word{i}", theme=["living-wages"]) for i in range(30)],
    )
    computed = related_compute("initiative", entry.public_id)
    related_keep([("initiative", entry.public_id)])

    with CaptureQueriesContext(connection) as captured:
        read = related_entries("initiative", entry.public_id)

    assert len(captured) == 2
    assert read == computed
    assert read[0].public_id == close.public_id
    assert ("text", "apiculture") in read[0].reasons


def test_a_kept_list_never_offers_an_entry_withdrawn_since_and_shows_current_titles() -> None:
    (entry, withdrawn, renamed) = index(
        make_doc("Wage councils", theme=["living-wages"]),
        make_doc("Wage boards", theme=["living-wages"]),
        make_doc("Wage floors", theme=["living-wages"], public_id="RENAMED1"),
    )
    related_keep([("initiative", entry.public_id)])

    document_remove(kind="initiative", public_id=withdrawn.public_id)
    index(make_doc("Minimum wage floors", theme=["living-wages"], public_id="RENAMED1"))

    found = related_entries("initiative", entry.public_id)
    assert [(item.public_id, item.title) for item in found] == [
        (renamed.public_id, "Minimum wage floors")
    ]


def test_a_withdrawn_entry_has_no_related_entries_even_with_a_kept_list() -> None:
    (entry, _other) = index(
        make_doc("Wage councils", theme=["living-wages"]),
        make_doc("Wage boards", theme=["living-wages"]),
    )
    related_keep([("initiative", entry.public_id)])
    document_remove(kind="initiative", public_id=entry.public_id)

    assert related_entries("initiative", entry.public_id) == []
    related_keep([("initiative", entry.public_id)])
    assert not SearchRelated.objects.filter(public_id=entry.public_id).exists()


def test_an_entry_indexed_joins_its_neighbours_kept_lists_once_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (entry,) = index(make_doc("Wage councils", theme=["living-wages"], country=["PE"]))
    assert unpack_items(SearchRelated.objects.get(public_id=entry.public_id).items) == []

    with django_capture_on_commit_callbacks(execute=True):
        (newcomer,) = index(make_doc("Wage boards", theme=["living-wages"], country=["PE"]))

    assert [item.public_id for item in related_entries("initiative", entry.public_id)] == [
        newcomer.public_id
    ]
    kept = SearchRelated.objects.get(kind="initiative", public_id=newcomer.public_id)
    assert entry.public_id in [item[1] for item in unpack_items(kept.items)]


def test_nothing_is_recomputed_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                index(make_doc("Wage boards", theme=["living-wages"]))
                raise RuntimeError("the publication failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not SearchRelated.objects.exists()


def test_the_daily_refresh_computes_missing_and_old_lists_and_drops_withdrawn_ones() -> None:
    (first, second, third) = index(
        make_doc("Wage councils", theme=["living-wages"]),
        make_doc("Wage boards", theme=["living-wages"]),
        make_doc("Wage floors", theme=["living-wages"]),
    )
    related_keep([("initiative", first.public_id), ("initiative", third.public_id)])
    old = timezone.now() - timedelta(days=settings.RELATED_MAX_AGE_DAYS + 1)
    SearchRelated.objects.filter(public_id=first.public_id).update(
        computed_at=old, items=pack_items([])
    )
    document_remove(kind="initiative", public_id=third.public_id)
    fresh_before = SearchRelated.objects.get(public_id=third.public_id).computed_at

    out = StringIO()
    call_command("related_refresh", "--no-progress", stdout=out)

    assert "Recomputed the related entries of 2 entries" in out.getvalue()
    kept = {row.public_id: row for row in SearchRelated.objects.all()}
    assert set(kept) == {first.public_id, second.public_id}
    assert kept[first.public_id].computed_at > old
    assert [i.public_id for i in related_entries("initiative", first.public_id)] == [
        second.public_id
    ]
    assert fresh_before is not None

    call_command("related_refresh", "--no-progress", stdout=(out := StringIO()))
    assert "of 0 entries" in out.getvalue()
    call_command("related_refresh", "--all", "--no-progress", stdout=(out := StringIO()))
    assert "of 2 entries" in out.getvalue()
