"""Entries flagged by another package (reviews) rank first and show in the "flagged" facet."""

from __future__ import annotations

from collections.abc import Collection, Iterator

import pytest

from ipsp.search import registry
from ipsp.search.queries import search
from ipsp.search.services import document_index, entry_flag_set, index_rebuild
from ipsp.search.tests.factories import make_doc, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged_ids() -> Iterator[set[str]]:
    """A flag source answering from a set the test fills in."""
    chosen: set[str] = set()

    def source(kind: str, public_ids: Collection[str]) -> set[str]:
        return {pid for pid in public_ids if pid in chosen} if kind == "actor" else set()

    registry.register_flag_source("test", source)
    yield chosen
    registry.unregister_flag_source("test")


def test_a_document_indexed_while_flagged_elsewhere_is_flagged(flagged_ids: set[str]) -> None:
    plain = make_doc("Cooperative bakery", "bread", kind="actor")
    noted = make_doc("Cooperative dairy", "bread", kind="actor")
    flagged_ids.add(noted.public_id)

    document_index(plain)
    document_index(noted)

    results = search("bread", facets=["flagged"])
    assert titles(results)[0] == "Cooperative dairy"
    assert [(item.code, item.count) for item in results.facets["flagged"]] == [("yes", 1)]


def test_a_rebuild_keeps_flags_from_the_source(flagged_ids: set[str]) -> None:
    noted = make_doc("Cooperative dairy", "bread", kind="actor")
    flagged_ids.add(noted.public_id)
    saved = dict(registry._providers)
    registry._providers.clear()
    registry.register_provider("actor", lambda: [noted])
    try:
        index_rebuild()
    finally:
        registry._providers.clear()
        registry._providers.update(saved)

    assert titles(search("bread", filters={"flagged": ["yes"]})) == ["Cooperative dairy"]


def test_setting_and_clearing_a_flag_in_place() -> None:
    doc = make_doc("Cooperative dairy", "bread", kind="actor")
    other = make_doc("Cooperative bakery", "bread", kind="actor")
    document_index(doc)
    document_index(other)

    entry_flag_set(kind="actor", public_id=doc.public_id, flagged=True)
    assert titles(search("bread", filters={"flagged": ["yes"]})) == ["Cooperative dairy"]
    assert [(c.code, c.count) for c in search("bread", facets=["flagged"]).facets["flagged"]] == [
        ("yes", 1)
    ]

    entry_flag_set(kind="actor", public_id=doc.public_id, flagged=False)
    results = search("bread", facets=["flagged"])
    assert results.total == 2
    assert list(results.facets["flagged"]) == []


def test_flagging_an_entry_not_in_the_index_does_nothing() -> None:
    entry_flag_set(kind="actor", public_id="0000000000", flagged=True)
    assert search("").total == 0
