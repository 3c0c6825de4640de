"""The "rising actors" list: published organisations ordered not by popularity but by
a transparent score that favours the new, the small, the under-represented and the
flagged (seed: "notably those that are new, smaller, less visible or more remote").

Everything here comes from the actors' public view (``ipsp.actors.public``): a size
bracket or founding year an organisation keeps for the secretariat only scores
nothing and is never shown. Countries are always public; places are not used.

The weights and thresholds are all in this block, and the page and
``docs/reviews.md`` explain them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# --- the score: weights (points at most) and thresholds ---------------------------------
WEIGHTS: dict[str, int] = {
    "founded": 30,  # founded recently: full points this year, none after FOUNDED_YEARS
    "published": 15,  # new in the directory: full points today, none after PUBLISHED_DAYS
    "small": 25,  # small staff: SMALL_SHARE of the points by staff bracket
    "region": 20,  # from a sub-region with fewer organisations than the average one
    "flags": 10,  # flagged by reviewers: full points from FLAGS_FULL people
}
FOUNDED_YEARS = 10
PUBLISHED_DAYS = 365
SMALL_SHARE: dict[str, float] = {"none": 1.0, "1-5": 1.0, "6-20": 0.6, "21-100": 0.2}
FLAGS_FULL = 3
# ----------------------------------------------------------------------------------------

CACHE_SECONDS = 600
_BATCH = 1000


def small_share_labels() -> list[tuple[str, float]]:
    """The staff brackets that score, with their share of the "small" points."""
    from ipsp.actors.models import Actor

    labels = dict(Actor.Size.choices)
    return [(str(labels[code]), share) for code, share in SMALL_SHARE.items()]


@dataclass(frozen=True)
class ActorFacts:
    """What the score may use of one published actor: public values only (codes, so the
    cached facts serve every language)."""

    public_id: str
    name: str
    founding_year: int | None
    published_at: datetime.datetime | None
    staff_size: str
    countries: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    """The published actors' public facts, how many come from each sub-region, and each
    actor's score without flags (flags are read fresh on every request)."""

    actors: tuple[ActorFacts, ...]
    base: tuple[float, ...]  # the score of actors[i] before flags
    region_of_country: dict[str, str]  # country code -> sub-region code
    ancestors: dict[str, tuple[str, ...]]  # region code -> itself and its wider regions
    per_region: dict[str, int]  # sub-region code -> published actors
    expected: float  # published actors per represented sub-region, on average
    day: datetime.date  # the day recency was measured on
    recency: tuple[float, ...]  # sort keys: minus the publication timestamp
    names: tuple[str, ...]  # sort keys: the name, case folded


@dataclass(frozen=True)
class Reason:
    key: str
    text: str
    points: float


@dataclass
class RisingActor:
    facts: ActorFacts
    score: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class Ranked:
    facts: ActorFacts
    score: float
    flags: int


def _public_facts() -> Iterator[ActorFacts]:
    """Every published actor through its public view (``actor_public``), in batches.

    The score needs the terms (countries, themes) and the scalar fields; the other
    relations the public view reads (links, places, collaboration terms) are prefetched
    empty, so they cost no query and are not used.
    """
    from django.db.models import Prefetch

    from ipsp.actors.models import Actor, ActorLink, ActorPlace
    from ipsp.actors.public import actor_public
    from ipsp.taxonomy.models import Term

    terms = Term.objects.select_related("vocabulary").filter(
        vocabulary__code__in=["country", "theme"]
    )
    rows = Actor.objects.filter(state=Actor.State.PUBLISHED).prefetch_related(
        Prefetch("terms", queryset=terms),
        Prefetch("collaboration_terms", queryset=Term.objects.none()),
        Prefetch("links", queryset=ActorLink.objects.none()),
        Prefetch("places", queryset=ActorPlace.objects.none()),
    )
    rows = rows.order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:_BATCH])
        if not batch:
            return
        for actor in batch:
            public = actor_public(actor)
            yield ActorFacts(
                public_id=public.public_id,
                name=public.name,
                founding_year=public.founding_year,
                published_at=public.published_at,
                staff_size=public.staff_size,
                countries=tuple(term.code for term in public.countries),
                themes=tuple(term.code for term in public.themes),
            )
        if len(batch) < _BATCH:
            return
        last = batch[-1].pk


def _fingerprint() -> str:
    """Changes whenever a published actor is added, changed or taken out (one query)."""
    from ipsp.actors.models import Actor

    found = Actor.objects.published().aggregate(
        n=Count("pk"), pk=Max("pk"), changed=Max("updated_at")
    )
    changed = found["changed"].isoformat() if found["changed"] else "-"
    return f"{found['n']}:{found['pk']}:{changed}"


# --- the parts of the score: (key, points, what the reason says) -------------------------

Part = tuple[str, float, Any]


def _parts(
    facts: ActorFacts,
    *,
    region_of_country: dict[str, str],
    per_region: dict[str, int],
    expected: float,
    day: datetime.date,
) -> list[Part]:
    """The parts of an actor's score before flags, in the order they are shown."""
    parts: list[Part] = []
    if facts.founding_year and facts.founding_year <= day.year:
        share = max(0.0, 1 - (day.year - facts.founding_year) / FOUNDED_YEARS)
        if share > 0:
            parts.append(("founded", WEIGHTS["founded"] * share, facts.founding_year))
    if facts.published_at:
        published = facts.published_at.date()
        share = max(0.0, 1 - (day - published).days / PUBLISHED_DAYS)
        if share > 0:
            parts.append(("published", WEIGHTS["published"] * min(share, 1.0), published))
    if facts.staff_size in SMALL_SHARE:
        parts.append(("small", WEIGHTS["small"] * SMALL_SHARE[facts.staff_size], facts.staff_size))
    if expected > 0:
        best: tuple[float, str, int] | None = None
        for country in facts.countries:
            region = region_of_country.get(country)
            if region is None:
                continue
            count = per_region.get(region, 0)
            share = max(0.0, 1 - count / expected)
            if share > 0 and (best is None or share > best[0]):
                best = (share, region, count)
        if best is not None:
            parts.append(("region", WEIGHTS["region"] * best[0], (best[1], best[2])))
    return parts


def _flag_points(flags: int) -> float:
    return WEIGHTS["flags"] * min(flags, FLAGS_FULL) / FLAGS_FULL


def _build() -> Directory:
    from ipsp.taxonomy.models import Term

    day = timezone.localdate()
    actors = tuple(_public_facts())
    region_of_country = dict(
        Term.objects.filter(vocabulary__code="country", parent__isnull=False).values_list(
            "code", "parent__code"
        )
    )
    parents = dict(
        Term.objects.filter(vocabulary__code="region").values_list("code", "parent__code")
    )
    ancestors: dict[str, tuple[str, ...]] = {}
    for code in parents:
        chain = [code]
        while (parent := parents.get(chain[-1])) and parent not in chain:
            chain.append(parent)
        ancestors[code] = tuple(chain)
    per_region: dict[str, int] = {}
    for actor in actors:
        for region in {region_of_country[c] for c in actor.countries if c in region_of_country}:
            per_region[region] = per_region.get(region, 0) + 1
    expected = (sum(per_region.values()) / len(per_region)) if per_region else 0.0
    base = tuple(
        sum(
            points
            for _key, points, _what in _parts(
                facts,
                region_of_country=region_of_country,
                per_region=per_region,
                expected=expected,
                day=day,
            )
        )
        for facts in actors
    )
    recency = tuple(
        -(facts.published_at.timestamp() if facts.published_at else float("-inf"))
        for facts in actors
    )
    names = tuple(facts.name.casefold() for facts in actors)
    return Directory(
        actors, base, region_of_country, ancestors, per_region, expected, day, recency, names
    )


_memo: tuple[str, Directory] | None = None


def directory() -> Directory:
    """The published actors' public facts and base scores, cached until one of them
    changes (or the day does): in this process, else in the shared cache, else built."""
    global _memo
    key = f"reviews:rising:{timezone.localdate().isoformat()}:{_fingerprint()}"
    if _memo is not None and _memo[0] == key:
        return _memo[1]
    found = cache.get(key)
    if not isinstance(found, Directory):
        found = _build()
        cache.set(key, found, CACHE_SECONDS)
    _memo = (key, found)
    return found


class RankedList(Sequence[Ranked]):
    """The ranking as the paginator sees it: rows are made only for the page shown."""

    def __init__(self, found: Directory, order: list[tuple[float, int, int]]) -> None:
        self._found = found
        self._order = order  # (score, index in found.actors, flags)

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | list[Ranked]:
        if isinstance(index, slice):
            return [self._row(entry) for entry in self._order[index]]
        return self._row(self._order[index])

    def _row(self, entry: tuple[float, int, int]) -> Ranked:
        score, position, flags = entry
        return Ranked(self._found.actors[position], score, flags)


def ranked(*, region: str = "", theme: str = "") -> RankedList:
    """Published actors (filtered), highest score first, then the most recently
    published, then by name. Flags are read fresh: two queries besides the cache's."""
    from ipsp.reviews.queries import live_flag_counts

    found = directory()
    flags = live_flag_counts("actor")
    keys: list[tuple[float, float, str, int, int]] = []
    for position, facts in enumerate(found.actors):
        if theme and theme not in facts.themes:
            continue
        if region and not any(
            region in found.ancestors.get(found.region_of_country.get(c, ""), ())
            for c in facts.countries
        ):
            continue
        count = flags.get(facts.public_id, 0)
        base = found.base[position]
        score = round(base + _flag_points(count) if count else base, 1)
        keys.append((-score, found.recency[position], found.names[position], position, count))
    keys.sort()
    return RankedList(found, [(-key[0], key[3], key[4]) for key in keys])


def explain(items: Sequence[Ranked]) -> list[RisingActor]:
    """The reasons of some ranked actors (a page of them), in the reader's language."""
    from ipsp.actors.models import Actor
    from ipsp.taxonomy.models import Term

    if not items:
        return []
    found = directory()
    region_labels = {
        term.code: term.label for term in Term.objects.filter(vocabulary__code="region")
    }
    size_labels = dict(Actor.Size.choices)
    explained: list[RisingActor] = []
    for item in items:
        reasons: list[Reason] = []
        parts = _parts(
            item.facts,
            region_of_country=found.region_of_country,
            per_region=found.per_region,
            expected=found.expected,
            day=found.day,
        )
        for key, points, what in parts:
            if key == "founded":
                text = _("founded in %(year)s") % {"year": what}
            elif key == "published":
                text = _("in the directory since %(date)s") % {"date": what.isoformat()}
            elif key == "small":
                text = (
                    _("no paid staff")
                    if what == "none"
                    else _("staff: %(bracket)s") % {"bracket": size_labels.get(what, what)}
                )
            else:
                code, count = what
                label = region_labels.get(code, code)
                text = (
                    _("the only organisation from %(region)s") % {"region": label}
                    if count == 1
                    else ngettext(
                        "one of %(count)d organisation from %(region)s",
                        "one of %(count)d organisations from %(region)s",
                        count,
                    )
                    % {"count": count, "region": label}
                )
            reasons.append(Reason(key, text, round(points, 1)))
        if item.flags:
            reasons.append(
                Reason(
                    "flags",
                    ngettext(
                        "flagged by %(count)d reviewer",
                        "flagged by %(count)d reviewers",
                        item.flags,
                    )
                    % {"count": item.flags},
                    round(_flag_points(item.flags), 1),
                )
            )
        explained.append(RisingActor(item.facts, item.score, reasons))
    return explained


def rising_actors(*, region: str = "", theme: str = "") -> list[RisingActor]:
    """Every published actor (filtered) with its score and reasons, highest first."""
    return explain(ranked(region=region, theme=theme))
