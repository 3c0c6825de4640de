"""Entries of the packages above actors that name an actor (initiatives today).

DESIGN.md puts actors below initiatives: actors never import them. A package whose
entries name actors registers a source from its ``AppConfig.ready``::

    from ipsp.actors.entries import EntrySource, register_entry_source

    register_entry_source(EntrySource(
        key="initiatives",
        entries_of=initiatives_of_actor,  # (actor, everything=...) -> list[ActorEntry]
        claimable=initiative_for_claim,   # public id -> the entry an actor may claim, or None
    ))

The actor's pages then list those entries (``queries.actor_initiatives``) and the claim
form finds the claimed entry (``queries.initiative_for_claim``) without knowing the
package. Claims hold initiatives only (``ActorClaim.initiative``), so one source gives
``claimable``.

Merges need no source: every foreign key to ``Actor``, in any package, follows a merge
(``services._links_to_actor`` reads Django's model registry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ipsp.actors.models import Actor


@dataclass(frozen=True)
class ActorEntry:
    """One entry that names the actor, as the actor's pages list it."""

    public_id: str
    title: str
    state: str
    state_label: str
    published: bool
    confirmed_by_claim: bool
    url: str = ""  # the entry's public page (a path), when it is published


class ClaimableEntry(Protocol):
    """What actors read of an entry an actor claims (or was first named on)."""

    @property
    def pk(self) -> Any: ...

    @property
    def public_id(self) -> str: ...

    @property
    def state(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def contributor_id(self) -> Any: ...


class EntriesOf(Protocol):
    def __call__(self, actor: Actor, *, everything: bool) -> list[ActorEntry]: ...


@dataclass(frozen=True)
class EntrySource:
    key: str
    entries_of: EntriesOf
    claimable: Callable[[str], ClaimableEntry | None] | None = None


_sources: dict[str, EntrySource] = {}


def register_entry_source(source: EntrySource) -> None:
    """Add (or replace, by key) a source; called from ``AppConfig.ready``."""
    _sources[source.key] = source


def entry_sources() -> list[EntrySource]:
    return list(_sources.values())
