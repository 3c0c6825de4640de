"""A full rebuild on PostgreSQL loads new tables and swaps them in when it commits: searches
meanwhile answer from the old index, and an entry indexed meanwhile waits for the swap and
lands in the new index (it is not lost with the old tables)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection

from ipsp.search import registry
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.services import document_index, entry_flag_set, index_rebuild
from ipsp.search.tests.factories import in_thread, make_doc, titles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the tables are swapped on PostgreSQL"
    ),
]
WAIT = 30  # seconds: a limit for a stuck test, not a measure


def test_searches_answer_from_the_old_index_during_a_rebuild(clean_registry: None) -> None:
    document_index(make_doc("Old entry", "wages"))
    loading, release = threading.Event(), threading.Event()

    def documents() -> Iterator[SearchDocument]:
        yield make_doc("Fresh entry", "wages")
        loading.set()
        release.wait(WAIT)

    registry.register_provider("initiative", documents)
    thread, outcome = in_thread(index_rebuild)
    assert loading.wait(WAIT)

    assert titles(search("wages")) == ["Old entry"]
    assert search("", filters={"kind": ["initiative"]}).total == 1

    release.set()
    thread.join(WAIT)
    assert outcome == [1]
    assert titles(search("wages")) == ["Fresh entry"]


def test_an_entry_indexed_during_a_rebuild_is_in_the_new_index(clean_registry: None) -> None:
    loading, release = threading.Event(), threading.Event()

    def documents() -> Iterator[SearchDocument]:
        yield make_doc("Fresh entry", "wages")
        loading.set()
        release.wait(WAIT)

    registry.register_provider("initiative", documents)
    rebuild, rebuilt = in_thread(index_rebuild)
    assert loading.wait(WAIT)
    publication, published = in_thread(
        lambda: document_index(make_doc("Published meanwhile", "wages"))
    )
    publication.join(1)
    assert publication.is_alive()  # waits for the rebuild's swap

    release.set()
    rebuild.join(WAIT)
    publication.join(WAIT)
    assert rebuilt == [1]
    assert published == [None]
    assert sorted(titles(search("wages"))) == ["Fresh entry", "Published meanwhile"]
    assert search("", filters={"kind": ["initiative"]}).total == 2


def test_entries_indexed_after_a_rebuild_larger_than_the_index_are_stored(
    clean_registry: None,
) -> None:
    document_index(make_doc("Before", "wages", country=["KE"]))
    registry.register_provider(
        "initiative",
        lambda: [make_doc(f"Rebuilt {n}", "wages", country=["KE", "UG", "TZ"]) for n in range(5)],
    )
    index_rebuild()

    document_index(make_doc("Published after", "wages", country=["GH", "KE"]))

    assert titles(search("published")) == ["Published after"]
    assert search("wages", filters={"country": ["KE"]}).total == 6


def test_a_flag_set_during_a_rebuild_is_in_the_new_index(clean_registry: None) -> None:
    entry = make_doc("Flagged meanwhile", "wages")
    document_index(entry)
    loading, release = threading.Event(), threading.Event()

    def documents() -> Iterator[SearchDocument]:
        yield entry  # read before the flag: the rebuild's copy is not flagged
        loading.set()
        release.wait(WAIT)

    registry.register_provider("initiative", documents)
    rebuild, rebuilt = in_thread(index_rebuild)
    assert loading.wait(WAIT)
    flagging, flagged = in_thread(
        lambda: entry_flag_set(kind="initiative", public_id=entry.public_id, flagged=True)
    )
    flagging.join(1)
    assert flagging.is_alive()  # waits for the rebuild's swap

    release.set()
    rebuild.join(WAIT)
    flagging.join(WAIT)
    assert rebuilt == [1] and flagged == [None]
    assert search("", filters={"flagged": ["yes"]}).total == 1
