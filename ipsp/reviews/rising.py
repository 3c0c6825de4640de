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
from collections.abc import Iterator
from dataclasses import dataclass, field

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
    """What the score may use of one published actor: public values only."""

    public_id: str
    name: str
    founding_year: int | None
    published_at: datetime.datetime | None
    staff_size: str
    staff_size_label: str
    countries: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    """The published actors' public facts, and how many come from each sub-region."""

    actors: tuple[ActorFacts, ...]
    region_of_country: dict[str, str]  # country code -> sub-region code
    ancestors: dict[str, tuple[str, ...]]  # region code -> itself and its wider regions
    per_region: dict[str, int]  # sub-region code -> published actors
    expected: float  # published actors per represented sub-region, on average


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


def _public_facts() -> Iterator[ActorFacts]:
    from ipsp.actors.models import Actor
    from ipsp.actors.public import actor_public
    from ipsp.actors.queries import with_content

    rows = with_content().filter(state=Actor.State.PUBLISHED).order_by("pk")
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
                staff_size_label=public.staff_size_label,
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


def _build() -> Directory:
    from ipsp.taxonomy.models import Term

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
    return Directory(actors, region_of_country, ancestors, per_region, expected)


def directory() -> Directory:
    """The published actors' public facts, cached until one of them changes."""
    key = "reviews:rising:" + _fingerprint()
    found = cache.get(key)
    if isinstance(found, Directory):
        return found
    built = _build()
    cache.set(key, built, CACHE_SECONDS)
    return built


def _score(
    facts: ActorFacts,
    found: Directory,
    flags: int,
    region_labels: dict[str, str],
    today: datetime.date,
) -> RisingActor:
    reasons: list[Reason] = []
    if facts.founding_year and facts.founding_year <= today.year:
        age = today.year - facts.founding_year
        share = max(0.0, 1 - age / FOUNDED_YEARS)
        if share > 0:
            reasons.append(
                Reason(
                    "founded",
                    _("founded in %(year)s") % {"year": facts.founding_year},
                    WEIGHTS["founded"] * share,
                )
            )
    if facts.published_at:
        days = (today - facts.published_at.date()).days
        share = max(0.0, 1 - days / PUBLISHED_DAYS)
        if share > 0:
            reasons.append(
                Reason(
                    "published",
                    _("in the directory since %(date)s")
                    % {"date": facts.published_at.date().isoformat()},
                    WEIGHTS["published"] * share,
                )
            )
    if facts.staff_size in SMALL_SHARE:
        text = (
            _("no paid staff")
            if facts.staff_size == "none"
            else _("staff: %(bracket)s") % {"bracket": facts.staff_size_label}
        )
        reasons.append(Reason("small", text, WEIGHTS["small"] * SMALL_SHARE[facts.staff_size]))
    if found.expected > 0:
        best: tuple[float, str, int] | None = None
        for country in facts.countries:
            region = found.region_of_country.get(country)
            if region is None:
                continue
            count = found.per_region.get(region, 0)
            share = max(0.0, 1 - count / found.expected)
            if share > 0 and (best is None or share > best[0]):
                best = (share, region, count)
        if best is not None:
            share, region, count = best
            reasons.append(
                Reason(
                    "region",
                    (
                        _("the only organisation from %(region)s")
                        if count == 1
                        else ngettext(
                            "one of %(count)d organisation from %(region)s",
                            "one of %(count)d organisations from %(region)s",
                            count,
                        )
                    )
                    % {"count": count, "region": region_labels.get(region, region)},
                    WEIGHTS["region"] * share,
                )
            )
    if flags:
        reasons.append(
            Reason(
                "flags",
                ngettext("flagged by %(count)d reviewer", "flagged by %(count)d reviewers", flags)
                % {"count": flags},
                WEIGHTS["flags"] * min(flags, FLAGS_FULL) / FLAGS_FULL,
            )
        )
    for_display = [Reason(r.key, r.text, round(r.points, 1)) for r in reasons]
    return RisingActor(facts, round(sum(r.points for r in reasons), 1), for_display)


def rising_actors(
    *, region: str = "", theme: str = "", today: datetime.date | None = None
) -> list[RisingActor]:
    """Published actors, highest score first (then the most recently published)."""
    from ipsp.reviews.queries import live_flag_counts
    from ipsp.taxonomy.models import Term

    found = directory()
    flags = live_flag_counts("actor")
    region_labels = {
        term.code: term.label for term in Term.objects.filter(vocabulary__code="region")
    }
    day = today or timezone.localdate()
    chosen: list[RisingActor] = []
    for facts in found.actors:
        if theme and theme not in facts.themes:
            continue
        if region and not any(
            region in found.ancestors.get(found.region_of_country.get(c, ""), ())
            for c in facts.countries
        ):
            continue
        chosen.append(_score(facts, found, flags.get(facts.public_id, 0), region_labels, day))
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    chosen.sort(
        key=lambda r: (
            -r.score,
            -(r.facts.published_at or epoch).timestamp(),
            r.facts.name.casefold(),
        )
    )
    return chosen
