"""Upkeep of the rising actors' table (``RisingFacts``): one row per published
organisation, with its PUBLIC facts only, kept up to date one organisation at a time.

- Every change of an organisation's public data goes through the search index
  (publish, validated edit, a field made private, merge, withdrawal); the index tells
  its listeners, and ``entry_index_changed`` refreshes that organisation's row once the
  transaction has committed (a merged or withdrawn one loses its row).
- Flags change the ``flags`` count of the row, in the flag's own transaction
  (``flags_refresh``, called by ``ipsp.reviews.services``).
- ``facts_rebuild`` fills the table from scratch (``manage.py rising_facts_rebuild``:
  after a deploy, after bulk demo data, and once a day as a safety net).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ipsp.actors.models import Actor, ActorLink, ActorPlace
from ipsp.actors.public import PublicActor, actor_public
from ipsp.reviews.entries import canonical, entry_ids
from ipsp.reviews.models import Flag, RisingFacts, RisingTerm
from ipsp.taxonomy.models import Term
from ipsp.verification.audit import audit_public_ids_since

log = logging.getLogger(__name__)

BATCH = 1000
KIND = "actor"


def _small_points(staff_size: str) -> float:
    from ipsp.reviews.rising import SMALL_SHARE, WEIGHTS

    return WEIGHTS["small"] * SMALL_SHARE.get(staff_size, 0.0)


def _published(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """Published actors with what ``actor_public`` needs for these facts (terms); the
    relations the facts do not use are prefetched empty, so they cost no query."""
    terms = Term.objects.select_related("vocabulary").filter(
        vocabulary__code__in=["country", "theme"]
    )
    return actors.filter(state=Actor.State.PUBLISHED).prefetch_related(
        Prefetch("terms", queryset=terms),
        Prefetch("collaboration_terms", queryset=Term.objects.none()),
        Prefetch("links", queryset=ActorLink.objects.none()),
        Prefetch("places", queryset=ActorPlace.objects.none()),
    )


def _region_of_country(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Country code -> the code of its sub-region (its parent in the taxonomy)."""
    rows = Term.objects.filter(vocabulary__code="country", parent__isnull=False)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return dict(rows.values_list("code", "parent__code"))


def _row(
    public: PublicActor, codes: list[tuple[str, str]], flags: int, now: datetime.datetime
) -> RisingFacts:
    published = public.published_at
    regions = [code for vocabulary, code in codes if vocabulary == RisingTerm.REGION]
    return RisingFacts(
        public_id=public.public_id,
        name=public.name,
        name_key=public.name.casefold()[:300],
        founding_year=public.founding_year,
        published_at=published,
        published_day=published.astimezone(datetime.UTC).date().toordinal() if published else None,
        staff_size=public.staff_size,
        region_codes=f"|{'|'.join(regions)}|" if regions else "",
        small_points=_small_points(public.staff_size),
        flags=flags,
        refreshed_at=now,
    )


def _codes(public: PublicActor, region_of_country: dict[str, str]) -> list[tuple[str, str]]:
    regions = {region_of_country[t.code] for t in public.countries if t.code in region_of_country}
    themes = {t.code for t in public.themes}
    return [(RisingTerm.REGION, code) for code in sorted(regions)] + [
        (RisingTerm.THEME, code) for code in sorted(themes)
    ]


def live_flag_people(public_id: str) -> int:
    """People with a live flag on the organisation or on a duplicate merged into it."""
    return (
        Flag.objects.live()
        .of_entries(KIND, entry_ids(KIND, public_id))
        .values("created_by")
        .distinct()
        .count()
    )


@transaction.atomic
def facts_refresh(*, public_id: str) -> RisingFacts | None:
    """Make the row of one organisation what its public view says now: written when it
    is published, deleted otherwise. A few queries; no other row is read."""
    actor = _published(Actor.objects.filter(public_id=public_id)).first()
    if actor is None:
        RisingFacts.objects.filter(public_id=public_id).delete()
        return None
    public = actor_public(actor)
    codes = _codes(public, _region_of_country(t.code for t in public.countries))
    row = _row(public, codes, live_flag_people(public_id), timezone.now())
    values = {
        field.attname: getattr(row, field.attname)
        for field in RisingFacts._meta.concrete_fields
        if not field.primary_key and field.name != "public_id"
    }
    try:
        with transaction.atomic():
            stored, _created = RisingFacts.objects.update_or_create(
                public_id=public_id, defaults=values
            )
    except IntegrityError:  # written meanwhile by another refresh: update it
        stored, _created = RisingFacts.objects.update_or_create(
            public_id=public_id, defaults=values
        )
    RisingTerm.objects.filter(facts=stored).delete()
    RisingTerm.objects.bulk_create(
        RisingTerm(facts=stored, vocabulary=vocabulary, code=code) for vocabulary, code in codes
    )
    return stored


def entry_index_changed(kind: str, public_id: str, removed: bool) -> None:
    """The search index's listener: once the writer's transaction has committed, the
    organisation's row follows what was indexed (or goes, when it was taken out).
    A failure is logged and left to the daily rebuild; it never undoes the change."""
    if kind != KIND:
        return

    def apply() -> None:
        try:
            facts_refresh(public_id=public_id)
        except Exception:
            log.exception("rising facts of %s not refreshed", public_id)

    transaction.on_commit(apply)


def flags_refresh(*, public_id: str) -> None:
    """Recount the live flags of the organisation that stays for ``public_id`` (in the
    caller's transaction: the count commits with the flag)."""
    entry = canonical(KIND, public_id)
    RisingFacts.objects.filter(public_id=entry).update(flags=live_flag_people(entry))


def _all_rows(now: datetime.datetime) -> Iterator[tuple[RisingFacts, list[tuple[str, str]]]]:
    from ipsp.reviews.queries import live_flag_counts

    flags = live_flag_counts(KIND)
    region_of_country = _region_of_country()
    rows = _published(Actor.objects.all()).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        for actor in batch:
            public = actor_public(actor)
            codes = _codes(public, region_of_country)
            yield _row(public, codes, flags.get(public.public_id, 0), now), codes
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


def published_count() -> int:
    return Actor.objects.filter(state=Actor.State.PUBLISHED).count()


def facts_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Fill the table from scratch from every published organisation; returns how many.

    One transaction: the page keeps showing the old rows until the new ones are all
    there. Organisations and flags that changed while it ran are refreshed after it."""
    started = timezone.now()
    count = 0
    with transaction.atomic():
        RisingFacts.objects.all().delete()
        pending: list[tuple[RisingFacts, list[tuple[str, str]]]] = []

        def flush() -> None:
            stored = RisingFacts.objects.bulk_create([row for row, _codes in pending])
            RisingTerm.objects.bulk_create(
                RisingTerm(facts=row, vocabulary=vocabulary, code=code)
                for row, (_unsaved, codes) in zip(stored, pending, strict=True)
                for vocabulary, code in codes
            )
            if progress is not None:
                progress(len(pending))
            pending.clear()

        for item in _all_rows(started):
            pending.append(item)
            count += 1
            if len(pending) >= BATCH:
                flush()
        if pending:
            flush()
    changed = audit_public_ids_since("actor", started)
    flagged = Flag.objects.filter(kind=KIND, created_at__gte=started).values_list(
        "entry_public_id", flat=True
    )
    unflagged = Flag.objects.filter(kind=KIND, withdrawn_at__gte=started).values_list(
        "entry_public_id", flat=True
    )
    for public_id in changed:
        facts_refresh(public_id=public_id)
    for public_id in {*flagged, *unflagged} - changed:
        with transaction.atomic():
            flags_refresh(public_id=public_id)
    return count
