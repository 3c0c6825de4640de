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

from collections.abc import Callable, Iterable

from django.db import transaction

from ipsp.search.backends import get_backend
from ipsp.search.documents import SearchDocument
from ipsp.search.registry import providers


def document_index(doc: SearchDocument) -> None:
    """Add or replace one published entry in the index (in the caller's transaction)."""
    get_backend().index([doc])


def documents_index(docs: Iterable[SearchDocument]) -> None:
    """Add or replace several entries at once (e.g. an organisation and its initiatives)."""
    get_backend().index(docs)


def document_remove(*, kind: str, public_id: str) -> None:
    """Take an entry out of the index (withdrawal); nothing happens if it was not there."""
    get_backend().remove(kind, public_id)


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
            yield from provider.documents()

    with transaction.atomic():
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
