"""Providers of documents for a full rebuild of the index.

A directory package registers, from its ``AppConfig.ready()``, a function that
yields one ``SearchDocument`` per published entry of its kind (public fields
only), and optionally one that counts them for the progress bar::

    from ipsp.search.registry import register_provider
    register_provider("initiative", initiatives_for_search, count=published_count)

``manage.py rebuild_search_index`` asks every registered provider in turn.

A package that marks entries as flagged (reviews) registers a *flag source*: a
function given a kind and some public ids that returns those of them that are
flagged. Every document indexed (one entry or a full rebuild) is asked about, so
the directory packages that build documents need not know who flags::

    from ipsp.search.registry import register_flag_source
    register_flag_source("reviews", flagged_among)

A higher package that follows entries as they change (the portal's topic pages)
registers an *index listener*: ``listener(kind, public_id, removed)`` is called for
every document added, replaced (``removed=False``) or taken out (``removed=True``)
through ``ipsp.search.services`` (not for a full rebuild), inside the caller's
transaction; a listener that does more than note the change should defer its work
with ``transaction.on_commit``::

    from ipsp.search.registry import register_index_listener
    register_index_listener("topics", entry_changed)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
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


FlagSource = Callable[[str, Collection[str]], set[str]]
_flag_sources: dict[str, FlagSource] = {}


def register_flag_source(name: str, source: FlagSource) -> None:
    """Register (or replace) a function telling which of some entries are flagged."""
    _flag_sources[name] = source


def unregister_flag_source(name: str) -> None:
    _flag_sources.pop(name, None)


def flagged_among(kind: str, public_ids: Collection[str]) -> set[str]:
    """Those of ``public_ids`` (of ``kind``) that any registered source says are flagged."""
    found: set[str] = set()
    if not public_ids:
        return found
    for source in _flag_sources.values():
        found |= source(kind, public_ids)
    return found


IndexListener = Callable[[str, str, bool], None]
_index_listeners: dict[str, IndexListener] = {}


def register_index_listener(name: str, listener: IndexListener) -> None:
    """Register (or replace) a function told of every document indexed or removed."""
    _index_listeners[name] = listener


def unregister_index_listener(name: str) -> None:
    _index_listeners.pop(name, None)


def index_changed(kind: str, public_id: str, *, removed: bool) -> None:
    """Tell every registered listener that an entry was (re)indexed or removed."""
    for name in sorted(_index_listeners):
        _index_listeners[name](kind, public_id, removed)
