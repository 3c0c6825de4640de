"""The entries one can write about, and who holds them: the one place that asks the
directories (actors, initiatives) through their queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from ipsp.accounts.models import User
from ipsp.community.models import EntryKind
from ipsp.core.panels import PanelEntry


@dataclass(frozen=True)
class Holder:
    """A contributor who holds an entry and receives its messages (never shown: ``address``)."""

    user: User
    address: str
    language: str


@dataclass(frozen=True)
class Entry:
    kind: str
    public_id: str
    title: str
    published: bool
    path: str
    holders: tuple[Holder, ...]  # only holders with an address to notify

    @property
    def holder_ids(self) -> tuple[int, ...]:
        return tuple(holder.user.pk for holder in self.holders)


def _actor(public_id: str) -> Entry | None:
    from ipsp.actors.queries import actor_get_by_public_id, message_recipient, panel_entry

    actor = actor_get_by_public_id(public_id)
    if actor is None:
        return None
    return _entry(panel_entry(actor), "actors:detail", message_recipient(actor))


def _initiative(public_id: str) -> Entry | None:
    from ipsp.initiatives.public_queries import message_recipient, panel_entry
    from ipsp.initiatives.queries import initiative_get

    initiative = initiative_get(public_id)
    if initiative is None:
        return None
    # its own contact address first
    return _entry(panel_entry(initiative), "initiatives:detail", message_recipient(initiative))


def _entry(seen: PanelEntry, url_name: str, recipient: tuple[User, str, str] | None) -> Entry:
    """The entry as its directory states it (``panel_entry``: title, whether published),
    with the address of its page and the holder its messages go to."""
    return Entry(
        kind=seen.kind,
        public_id=seen.public_id,
        title=seen.title,
        published=seen.published,
        path=reverse(url_name, kwargs={"public_id": seen.public_id}),
        holders=(Holder(*recipient),) if recipient else (),
    )


def entry_get(kind: str, public_id: str) -> Entry | None:
    """The entry, whatever its state (callers check ``published``), or None."""
    if kind == EntryKind.ACTOR:
        return _actor(public_id)
    if kind == EntryKind.INITIATIVE:
        return _initiative(public_id)
    return None


def speaks_for(user: User) -> str:
    """The name of one published entry the person holds, to present them by."""
    from ipsp.actors.queries import actors_for_owner
    from ipsp.initiatives.queries import initiatives_for_contributor

    actor = actors_for_owner(user).filter(state="published").first()
    if actor is not None:
        return actor.name
    initiative = initiatives_for_contributor(user).filter(state="published").first()
    return str(initiative) if initiative is not None else ""


def has_published_entries(user: User) -> bool:
    return bool(speaks_for(user))
