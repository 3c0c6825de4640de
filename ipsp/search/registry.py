"""Providers of documents for a full rebuild of the index.

A directory package registers, from its ``AppConfig.ready()``, a function that
yields one ``SearchDocument`` per published entry of its kind (public fields
only), and optionally one that counts them for the progress bar::

    from ipsp.search.registry import register_provider
    register_provider("initiative", initiatives_for_search, count=published_count)

``manage.py rebuild_search_index`` asks every registered provider in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ipsp.search.documents import SearchDocument

DocumentSource = Callable[[], Iterable[SearchDocument]]


@dataclass(frozen=True)
class Provider:
    kind: str
    documents: DocumentSource
    count: Callable[[], int] | None = None


_providers: dict[str, Provider] = {}


def register_provider(
    kind: str, documents: DocumentSource, *, count: Callable[[], int] | None = None
) -> None:
    """Register (or replace) the provider of one kind of entry."""
    _providers[kind] = Provider(kind=kind, documents=documents, count=count)


def unregister_provider(kind: str) -> None:
    _providers.pop(kind, None)


def providers() -> list[Provider]:
    return [_providers[kind] for kind in sorted(_providers)]
