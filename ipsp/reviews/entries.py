"""The entries that may be flagged: published organisations and initiatives.

Reviews sits above the two directories (DESIGN.md), so it reads them here — only
whether an entry is published, its public name and its page's address.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.urls import reverse

KINDS = ("actor", "initiative")


@dataclass(frozen=True)
class EntryRef:
    kind: str
    public_id: str
    title: str
    url: str


def published_entry(kind: str, public_id: str) -> EntryRef | None:
    """The published entry ``kind``/``public_id``, or None (unknown, not published)."""
    found = published_entries(kind, [public_id])
    return found.get(public_id)


def published_entries(kind: str, public_ids: Collection[str]) -> dict[str, EntryRef]:
    """Those of ``public_ids`` that are published, by public id (one query)."""
    ids = list(public_ids)
    if not ids:
        return {}
    if kind == "actor":
        from ipsp.actors.models import Actor

        rows = Actor.objects.published().filter(public_id__in=ids).values_list("public_id", "name")
        return {
            pid: EntryRef(kind, pid, name, reverse("actors:detail", kwargs={"public_id": pid}))
            for pid, name in rows
        }
    if kind == "initiative":
        from ipsp.initiatives.models import Initiative

        initiatives = (
            Initiative.objects.filter(state=Initiative.State.PUBLISHED, public_id__in=ids)
            .exclude(published_version=None)
            .values_list("public_id", "published_version__title")
        )
        return {
            pid: EntryRef(
                kind, pid, title, reverse("initiatives:detail", kwargs={"public_id": pid})
            )
            for pid, title in initiatives
        }
    return {}


def merged_into(kind: str, public_ids: Collection[str]) -> dict[str, str]:
    """Old public ids among ``public_ids`` of entries merged into another, mapped to the
    public id of the entry that stays (one query). Flags given to a duplicate follow it."""
    ids = list(public_ids)
    if kind != "actor" or not ids:
        return {}
    from ipsp.actors.models import Actor

    rows = Actor.objects.filter(
        state=Actor.State.MERGED, public_id__in=ids, merged_into__isnull=False
    ).values_list("public_id", "merged_into__public_id")
    return dict(rows)


def merged_from(kind: str, public_ids: Collection[str]) -> dict[str, str]:
    """The old public ids of entries merged into any of ``public_ids``, each mapped to the
    one it was merged into (one query; a merge moves earlier merges' links along)."""
    ids = list(public_ids)
    if kind != "actor" or not ids:
        return {}
    from ipsp.actors.models import Actor

    rows = Actor.objects.filter(
        state=Actor.State.MERGED, merged_into__public_id__in=ids
    ).values_list("public_id", "merged_into__public_id")
    return dict(rows)


def entry_ids(kind: str, public_id: str) -> list[str]:
    """The entry's public id and the old ones of duplicates merged into it."""
    return [public_id, *merged_from(kind, [public_id])]


def canonical(kind: str, public_id: str) -> str:
    """The public id of the entry that stays, for an id that may be a merged duplicate's."""
    return merged_into(kind, [public_id]).get(public_id, public_id)
