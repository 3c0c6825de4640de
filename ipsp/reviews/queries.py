"""Reads of the reviews package: the public summary of an entry's flags, the flag
source of the search index, a person's own flags and the secretariat's list.

An organisation merged into another keeps its flags under its old public id; every
read here counts them for the entry that stays (``entries.merged_from``), so a merge
loses no flag and nothing is rewritten.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from ipsp.reviews.entries import entry_ids, merged_from, merged_into
from ipsp.reviews.models import Flag


@dataclass(frozen=True)
class CategorySummary:
    """What anyone may see: a category, how many people flagged it, the latest date."""

    category: str
    label: str
    count: int
    latest: datetime.datetime


def public_summary(kind: str, public_id: str) -> list[CategorySummary]:
    """The live flags of one entry by category (no reason text, no names), most first."""
    labels = dict(Flag.Category.choices)
    rows = (
        Flag.objects.live()
        .of_entries(kind, entry_ids(kind, public_id))
        .values("category")
        .annotate(count=Count("created_by", distinct=True), latest=Max("created_at"))
    )
    found = [
        CategorySummary(
            row["category"], str(labels.get(row["category"], "")), row["count"], row["latest"]
        )
        for row in rows
    ]
    found.sort(key=lambda s: (-s.count, -s.latest.timestamp(), s.category))
    return found


def live_flags_of_entry(kind: str, public_id: str) -> QuerySet[Flag]:
    return (
        Flag.objects.live()
        .of_entries(kind, entry_ids(kind, public_id))
        .select_related("created_by")
    )


def live_flag_of(kind: str, public_id: str, user_id: int | None) -> Flag | None:
    if user_id is None:
        return None
    return (
        Flag.objects.live()
        .of_entries(kind, entry_ids(kind, public_id))
        .filter(created_by_id=user_id)
        .first()
    )


def has_live_flag(kind: str, public_id: str) -> bool:
    return Flag.objects.live().of_entries(kind, entry_ids(kind, public_id)).exists()


def flagged_among(kind: str, public_ids: Collection[str]) -> set[str]:
    """The flag source of the search index: those of ``public_ids`` with a live flag
    (given to them or to a duplicate merged into them). Two queries."""
    ids = list(public_ids)
    if not ids:
        return set()
    old = merged_from(kind, ids)
    flagged = (
        Flag.objects.live()
        .of_entries(kind, [*ids, *old])
        .values_list("entry_public_id", flat=True)
        .distinct()
    )
    return {old.get(pid, pid) for pid in flagged}


def live_flag_counts(kind: str) -> dict[str, int]:
    """People with a live flag per entry of ``kind`` (merged duplicates counted for the
    entry that stays): two queries."""
    rows = list(
        Flag.objects.live()
        .filter(kind=kind)
        .values_list("entry_public_id", "created_by_id")
        .distinct()
    )
    moved = merged_into(kind, {pid for pid, _person in rows})
    people: dict[str, set[int]] = {}
    for pid, person in rows:
        people.setdefault(moved.get(pid, pid), set()).add(person)
    return {pid: len(persons) for pid, persons in people.items()}


def flags_for_staff(*, category: str = "", state: str = "live") -> QuerySet[Flag]:
    """The latest flags first, for the secretariat; ``state`` is live, withdrawn or all."""
    rows = Flag.objects.select_related("created_by", "withdrawn_by")
    if category:
        rows = rows.filter(category=category)
    if state == "live":
        rows = rows.filter(withdrawn_at__isnull=True)
    elif state == "withdrawn":
        rows = rows.filter(withdrawn_at__isnull=False)
    return rows.order_by("-created_at", "-pk")


def flag_by_public_id(public_id: str) -> Flag | None:
    return Flag.objects.select_related("created_by").filter(public_id=public_id).first()
