from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from ipsp.search import registry
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.services import document_index, document_remove, index_rebuild
from ipsp.search.tests.factories import make_doc, titles

pytestmark = pytest.mark.django_db


def test_removing_an_entry_takes_it_out_of_results_and_counts() -> None:
    kept = make_doc("Wages in Kenya", "wages", country=["KE"])
    withdrawn = make_doc("Wages in Ghana", "wages", country=["GH"])
    document_index(kept)
    document_index(withdrawn)

    document_remove(kind="initiative", public_id=withdrawn.public_id)

    results = search("wages", facets=["country"])
    assert titles(results) == ["Wages in Kenya"]
    assert [item.code for item in results.facets["country"]] == ["KE"]


def test_removing_an_unknown_entry_does_nothing() -> None:
    document_remove(kind="initiative", public_id="0000000000")


def test_indexing_again_replaces_the_previous_version() -> None:
    doc = make_doc("Wages in Kenya", "old words", country=["KE"])
    document_index(doc)

    document_index(
        SearchDocument(
            kind=doc.kind,
            public_id=doc.public_id,
            language="en",
            title="Wages in Uganda",
            texts=(("en", "new words"),),
            facets={"country": ("UG",)},
        )
    )

    assert search("old").total == 0
    assert titles(search("new", filters={"country": ["UG"]})) == ["Wages in Uganda"]
    assert search("").total == 1


def test_a_rolled_back_decision_leaves_the_index_as_it_was() -> None:
    doc = make_doc("Wages in Kenya", "wages")
    document_index(doc)

    with pytest.raises(RuntimeError), transaction.atomic():
        document_remove(kind=doc.kind, public_id=doc.public_id)
        document_index(make_doc("Never published", "wages"))
        raise RuntimeError("the publication failed")

    assert titles(search("wages")) == ["Wages in Kenya"]


def test_rebuild_replaces_everything_with_what_providers_give(clean_registry: None) -> None:
    document_index(make_doc("Stale entry", "wages"))
    registry.register_provider(
        "initiative", lambda: [make_doc("Fresh initiative", "wages")], count=lambda: 1
    )
    registry.register_provider(
        "actor", lambda: [make_doc("Fresh actor", "wages", kind="actor")], count=lambda: 1
    )

    assert index_rebuild() == 2

    assert sorted(titles(search("wages"))) == ["Fresh actor", "Fresh initiative"]


def test_rebuild_of_one_kind_keeps_the_others(clean_registry: None) -> None:
    document_index(make_doc("Kept actor", "wages", kind="actor"))
    document_index(make_doc("Stale initiative", "wages"))
    registry.register_provider("initiative", lambda: [make_doc("New initiative", "wages")])

    index_rebuild(kinds=["initiative"])

    assert sorted(titles(search("wages"))) == ["Kept actor", "New initiative"]


def test_the_rebuild_command_shows_progress_and_a_summary(clean_registry: None) -> None:
    docs = [make_doc(f"Entry {i}", "wages") for i in range(3)]
    registry.register_provider("initiative", lambda: docs, count=lambda: len(docs))
    out, err = StringIO(), StringIO()

    call_command("rebuild_search_index", stdout=out, stderr=err)

    assert "Indexed 3 entries" in out.getvalue()
    assert "3/3" in err.getvalue()
    assert search("wages").total == 3


def test_the_rebuild_command_refuses_an_unknown_kind(clean_registry: None) -> None:
    registry.register_provider("initiative", lambda: [])

    with pytest.raises(CommandError, match="No provider for resource"):
        call_command("rebuild_search_index", kind=["resource"], stdout=StringIO())


def test_a_document_with_an_unknown_facet_is_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        SearchDocument(
            kind="initiative", public_id="x", language="en", title="t", facets={"colour": ("blue",)}
        )
