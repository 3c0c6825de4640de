"""Writes to the search index, called by directory packages.

Call them inside the transaction that changes the entry (publish, edit of a
published entry, withdraw): the index lives in the same database, so the
decision and the index change commit or roll back together and a withdrawn
entry is never left findable.

    with transaction.atomic():
        ...publish the initiative...
        document_index(initiative_search_document(initiative))
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator

from ipsp.search.backends import get_backend
from ipsp.search.documents import SearchDocument
from ipsp.search.registry import flagged_among, index_changed, providers

FLAG_BATCH = 2000


def _with_flags(docs: Iterable[SearchDocument]) -> Iterator[SearchDocument]:
    """The documents, each marked flagged when a registered flag source says so."""
    iterator = iter(docs)
    while batch := list(itertools.islice(iterator, FLAG_BATCH)):
        by_kind: dict[str, list[str]] = {}
        for doc in batch:
            by_kind.setdefault(doc.kind, []).append(doc.public_id)
        flagged = {(kind, pid) for kind, ids in by_kind.items() for pid in flagged_among(kind, ids)}
        for doc in batch:
            if not doc.flagged and (doc.kind, doc.public_id) in flagged:
                doc = dataclasses.replace(doc, flagged=True)
            yield doc


def _noted(docs: Iterable[SearchDocument], seen: list[tuple[str, str]]) -> Iterator[SearchDocument]:
    """The documents, their keys noted in ``seen`` for the index listeners."""
    for doc in docs:
        seen.append((doc.kind, doc.public_id))
        yield doc


def _tell_listeners(seen: list[tuple[str, str]], *, removed: bool) -> None:
    for kind, public_id in dict.fromkeys(seen):
        index_changed(kind, public_id, removed=removed)


def document_index(doc: SearchDocument) -> None:
    """Add or replace one published entry in the index (in the caller's transaction)."""
    get_backend().index(_with_flags([doc]))
    _tell_listeners([(doc.kind, doc.public_id)], removed=False)


def documents_index(docs: Iterable[SearchDocument]) -> None:
    """Add or replace several entries at once (e.g. an organisation and its initiatives)."""
    seen: list[tuple[str, str]] = []
    get_backend().index(_with_flags(_noted(docs, seen)))
    _tell_listeners(seen, removed=False)


def document_remove(*, kind: str, public_id: str) -> None:
    """Take an entry out of the index (withdrawal); nothing happens if it was not there."""
    get_backend().remove(kind, public_id)
    _tell_listeners([(kind, public_id)], removed=True)


def index_rebuild(
    *, kinds: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the index from the registered providers; returns the number of documents.

    With ``kinds``, only those kinds are replaced. One transaction: searches keep
    answering from the old index until the new one is complete.
    """
    wanted = set(kinds) if kinds is not None else None
    chosen = [p for p in providers() if wanted is None or p.kind in wanted]

    def documents() -> Iterable[SearchDocument]:
        for provider in chosen:
            yield from _with_flags(provider.documents())

    # the backend's rebuild is its transaction (not inside another: PostgreSQL creates
    # its fresh tables before it, ``PostgresBackend._fresh_tables_prepare``)
    return get_backend().rebuild(
        documents(),
        kinds=None if wanted is None else sorted(wanted),
        progress=progress,
    )


def index_expected_count(*, kinds: Iterable[str] | None = None) -> int | None:
    """How many documents a rebuild will index, when every provider can count."""
    wanted = set(kinds) if kinds is not None else None
    total = 0
    for provider in providers():
        if wanted is not None and provider.kind not in wanted:
            continue
        if provider.count is None:
            return None
        total += provider.count()
    return total


def entry_flag_set(*, kind: str, public_id: str, flagged: bool) -> None:
    """Mark an indexed entry as flagged or not (ranking and the "flagged" facet), in place.

    Called by the package that keeps flags when an entry's first flag is added or its
    last one removed; an entry that is not in the index is left alone.
    """
    get_backend().flag_set(kind, public_id, flagged)
