"""Curated collections (public, assembled by the secretariat and reviewers) and
bookmarks (private, kept by anyone signed in).

Both hold entries by ``(kind, public_id)``, checked against the search index: only a
published entry can be added, and an entry withdrawn later simply drops out of
what visitors see (the curator still sees it, marked as no longer available).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.accounts.services import user_roles
from ipsp.core import publicid
from ipsp.portal.models import Bookmark, Collection, CollectionItem
from ipsp.search.related import EntryRef, entry_find, entry_refs

CURATOR_ROLES = {roles.SECRETARIAT, roles.REVIEWER, roles.ADMIN}
EDIT_ANY_ROLES = {roles.SECRETARIAT, roles.ADMIN}
MAX_ITEMS = 500
_ID_SHAPED = re.compile(r"[0-9A-Za-z-]{9,11}")


class CollectionError(ValueError):
    """A rule of collections or bookmarks was broken; ``field`` names the form field."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


# --- who may do what --------------------------------------------------------------------------


def can_curate(user: object) -> bool:
    """Secretariat, reviewers and administrators assemble collections."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or bool(user_roles(user) & CURATOR_ROLES)


def can_edit_collection(user: object, collection: Collection) -> bool:
    """Its curator, and the secretariat (who look after every public page)."""
    if not can_curate(user):
        return False
    assert isinstance(user, User)
    return (
        collection.curator_id == user.pk
        or user.is_superuser
        or bool(user_roles(user) & EDIT_ANY_ROLES)
    )


# --- collections ------------------------------------------------------------------------------


def _clean_text(title: str, introduction: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    if not title:
        raise CollectionError("title", _("Give the collection a title."))
    if len(title) > 200:
        raise CollectionError("title", _("Keep the title under 200 characters."))
    return title, (introduction or "").strip()


@transaction.atomic
def collection_create(
    *, curator: User, title: str, introduction: str = "", language: str = "en"
) -> Collection:
    if not can_curate(curator):
        raise CollectionError("title", _("Only the secretariat and reviewers curate collections."))
    title, introduction = _clean_text(title, introduction)
    collection = Collection(
        curator=curator, title=title, introduction=introduction, language=language
    )
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_update(
    *, collection: Collection, title: str, introduction: str, language: str
) -> Collection:
    collection.title, collection.introduction = _clean_text(title, introduction)
    collection.language = language
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def collection_set_published(*, collection: Collection, published: bool) -> Collection:
    if published and not collection.items.exists():
        raise CollectionError("published", _("Add at least one entry before publishing."))
    collection.published = published
    if published and collection.published_at is None:
        collection.published_at = timezone.now()
    collection.save(update_fields=["published", "published_at", "updated_at"])
    return collection


def entry_reference(reference: str) -> EntryRef:
    """The published entry a curator means: a public id, or the address of its page."""
    text = (reference or "").strip()
    if not text:
        raise CollectionError("entry", _("Give the public id or the address of an entry."))
    candidates = [text] if _ID_SHAPED.fullmatch(text) else []
    candidates += [part for part in re.split(r"[/?#.]", text) if _ID_SHAPED.fullmatch(part)]
    for candidate in candidates:
        normalised = publicid.normalise(candidate)
        if normalised is None:
            continue
        found = entry_find(normalised)
        if found is not None:
            return found
    raise CollectionError(
        "entry", _("No published entry has this public id: check it on the entry's page.")
    )


@transaction.atomic
def collection_add_entry(
    *, collection: Collection, reference: str, note: str = ""
) -> CollectionItem:
    entry = entry_reference(reference)
    if collection.items.count() >= MAX_ITEMS:
        raise CollectionError(
            "entry", _("A collection holds at most %(count)s entries.") % {"count": MAX_ITEMS}
        )
    if collection.items.filter(kind=entry.kind, entry_id=entry.public_id).exists():
        raise CollectionError(
            "entry", _("This entry is already in the collection."), code="duplicate"
        )
    last = collection.items.aggregate(last=Max("order"))["last"]
    item = CollectionItem(
        collection=collection,
        kind=entry.kind,
        entry_id=entry.public_id,
        note=(note or "").strip()[:300],
        order=(last or 0) + 1,
    )
    item.save()
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def collection_remove_entry(*, collection: Collection, kind: str, entry_id: str) -> None:
    collection.items.filter(kind=kind, entry_id=entry_id).delete()
    if not collection.items.exists() and collection.published:
        collection.published = False
        collection.save(update_fields=["published", "updated_at"])


@transaction.atomic
def collection_move_entry(*, collection: Collection, kind: str, entry_id: str, offset: int) -> None:
    """Move an entry up (offset -1) or down (+1) in the collection's order."""
    items = list(collection.items.order_by("order", "pk"))
    index = next(
        (i for i, item in enumerate(items) if (item.kind, item.entry_id) == (kind, entry_id)),
        None,
    )
    if index is None:
        return
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


@dataclass(frozen=True)
class ShownItem:
    kind: str
    entry_id: str
    note: str
    entry: EntryRef | None  # None: no longer published


def collection_items(collection: Collection, *, public: bool) -> list[ShownItem]:
    """The collection's entries in order (two queries); visitors see published ones only."""
    items = list(collection.items.order_by("order", "pk"))
    refs = entry_refs((item.kind, item.entry_id) for item in items)
    shown = [
        ShownItem(item.kind, item.entry_id, item.note, refs.get((item.kind, item.entry_id)))
        for item in items
    ]
    return [item for item in shown if item.entry is not None] if public else shown


def collections_public() -> list[Collection]:
    return list(Collection.objects.published().order_by("-published_at", "-pk"))


def collection_get_public(public_id: str) -> Collection | None:
    return Collection.objects.published().filter(public_id=public_id).first()


def collections_for_curator(user: User) -> list[Collection]:
    """The collections a curator may edit: their own; every one for the secretariat."""
    found = Collection.objects.select_related("curator")
    if not (user.is_superuser or user_roles(user) & EDIT_ANY_ROLES):
        found = found.filter(curator=user)
    return list(found.order_by("-updated_at", "-pk"))


def collection_get(public_id: str) -> Collection | None:
    return Collection.objects.select_related("curator").filter(public_id=public_id).first()


def collections_holding(user: User, kind: str, entry_id: str) -> set[str]:
    """Public ids of the curator's collections that already hold this entry."""
    return set(
        CollectionItem.objects.filter(
            Q(collection__in=[c.pk for c in collections_for_curator(user)]),
            kind=kind,
            entry_id=entry_id,
        ).values_list("collection__public_id", flat=True)
    )


# --- bookmarks --------------------------------------------------------------------------------


@transaction.atomic
def bookmark_add(*, user: User, kind: str, entry_id: str) -> Bookmark:
    refs = entry_refs([(kind, entry_id)])
    if (kind, entry_id) not in refs:
        raise CollectionError("entry", _("Only a published entry can be bookmarked."))
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, kind=kind, entry_id=entry_id)
    except IntegrityError:  # bookmarked already (a double click)
        return Bookmark.objects.get(user=user, kind=kind, entry_id=entry_id)


@transaction.atomic
def bookmark_remove(*, user: User, kind: str, entry_id: str) -> None:
    Bookmark.objects.filter(user=user, kind=kind, entry_id=entry_id).delete()


def is_bookmarked(user: User, kind: str, entry_id: str) -> bool:
    return Bookmark.objects.filter(user=user, kind=kind, entry_id=entry_id).exists()


@dataclass(frozen=True)
class ShownBookmark:
    kind: str
    entry_id: str
    entry: EntryRef | None


def bookmarks_of(user: User) -> list[ShownBookmark]:
    """A person's own bookmarks, newest first (two queries)."""
    marks = list(Bookmark.objects.filter(user=user))
    refs = entry_refs((mark.kind, mark.entry_id) for mark in marks)
    return [
        ShownBookmark(mark.kind, mark.entry_id, refs.get((mark.kind, mark.entry_id)))
        for mark in marks
    ]
