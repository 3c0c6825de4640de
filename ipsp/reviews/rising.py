"""The "rising actors" list: published organisations ordered not by popularity but by
a transparent score that favours the new, the small, the under-represented and the
flagged (seed: "notably those that are new, smaller, less visible or more remote").

Everything here comes from the actors' public view (``ipsp.actors.public``), through
the table ``RisingFacts`` that ``ipsp.reviews.facts`` keeps up to date one organisation
at a time: a size bracket or founding year an organisation keeps for the secretariat
only is not in it, so it scores nothing and is never shown. Countries are always
public (the table keeps their sub-regions); places are not used.

The page asks the table: one query for the regions, one aggregate for the number of
organisations per sub-region, then each part of the score is an SQL expression (the date
and the sub-region points enter as constants, ``Case``/``When``), the list is ordered and
paginated by the database, and the reasons of the page shown are worded in Python from
the parts the database computed (the arithmetic is written once, in ``part_expressions``).

The weights and thresholds are all in this block, and the page and
``docs/reviews.md`` explain them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ipsp.reviews.models import RisingFacts, RisingTerm

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
    regions: tuple[str, ...]  # the sub-regions of its public countries


@dataclass(frozen=True)
class Scale:
    """What a score is measured against, read once per page: the day, the published
    organisations per sub-region and their average, the region tree."""

    day: datetime.date
    per_region: dict[str, int]  # sub-region code -> published organisations
    expected: float  # published organisations per represented sub-region, on average
    ancestors: dict[str, tuple[str, ...]]  # region code -> itself and its wider regions
    regions: dict[str, Any]  # region code -> its Term (labels in the reader's language)
    region_points: dict[str, float]  # under-represented sub-region -> its points, most first


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
    scale: Scale
    points: dict[str, float]  # part of the score (WEIGHTS' keys) -> its points


def scale() -> Scale:
    """The regions (one query) and the organisations per sub-region (one aggregate)."""
    from ipsp.taxonomy.models import Term

    terms = {
        term.code: term
        for term in Term.objects.filter(vocabulary__code="region").select_related("parent")
    }
    parents = {code: term.parent.code if term.parent else None for code, term in terms.items()}
    ancestors: dict[str, tuple[str, ...]] = {}
    for code in parents:
        chain = [code]
        while (parent := parents.get(chain[-1])) and parent not in chain:
            chain.append(parent)
        ancestors[code] = tuple(chain)
    per_region = dict(
        RisingTerm.objects.filter(vocabulary=RisingTerm.REGION)
        .values("code")
        .annotate(n=Count("pk"))
        .values_list("code", "n")
    )
    expected = (sum(per_region.values()) / len(per_region)) if per_region else 0.0
    points = {
        code: WEIGHTS["region"] * share
        for code, count in per_region.items()
        if (share := _region_share(count, expected)) > 0
    }
    region_points = dict(sorted(points.items(), key=lambda item: (-item[1], item[0])))
    return Scale(timezone.localdate(), per_region, expected, ancestors, terms, region_points)


def _region_share(count: int, expected: float) -> float:
    return max(0.0, 1 - count / expected) if expected > 0 else 0.0


def part_expressions(found: Scale) -> dict[str, Combinable]:
    """The parts of the score of a ``RisingFacts`` row in SQL, by WEIGHTS' keys: founded
    and published recency from the day, the stored small-staff points, the best
    under-represented sub-region (a constant per sub-region, the first of them found in
    the row's ``region_codes``, by ``Case``/``When``) and the flags. No subquery: one
    pass over the table."""
    year, day = found.day.year, found.day.toordinal()
    founded = Case(
        When(
            founding_year__lte=year,
            founding_year__gt=year - FOUNDED_YEARS,
            then=(Cast("founding_year", FloatField()) - Value(float(year - FOUNDED_YEARS)))
            * Value(WEIGHTS["founded"] / FOUNDED_YEARS),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    published = Case(
        When(published_day__gte=day, then=Value(float(WEIGHTS["published"]))),
        When(
            published_day__gt=day - PUBLISHED_DAYS,
            then=(Cast("published_day", FloatField()) - Value(float(day - PUBLISHED_DAYS)))
            * Value(WEIGHTS["published"] / PUBLISHED_DAYS),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    flags = Case(
        When(flags__gte=FLAGS_FULL, then=Value(float(WEIGHTS["flags"]))),
        default=Cast("flags", FloatField()) * Value(WEIGHTS["flags"] / FLAGS_FULL),
        output_field=FloatField(),
    )
    region: Combinable = Value(0.0)
    if found.region_points:  # the first match is the best: region_points is most first
        region = Case(
            *[
                When(region_codes__contains=f"|{code}|", then=Value(value))
                for code, value in found.region_points.items()
            ],
            default=Value(0.0),
            output_field=FloatField(),
        )
    return {
        "founded": founded,
        "published": published,
        "small": F("small_points"),
        "region": region,
        "flags": flags,
    }


class RankedList(Sequence[Ranked]):
    """The ranking as the paginator sees it: the database counts, orders and cuts the
    page; rows are made only for the page shown."""

    def __init__(self, rows: QuerySet[RisingFacts], found: Scale) -> None:
        self._rows = rows
        self._scale = found

    def __len__(self) -> int:
        return self._rows.count()

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> list[Ranked]: ...

    def __getitem__(self, index: int | slice) -> Ranked | list[Ranked]:
        if isinstance(index, slice):
            return self._made(list(self._rows[index]))
        return self._made([self._rows[index]])[0]

    def _made(self, rows: list[RisingFacts]) -> list[Ranked]:
        return [
            Ranked(
                ActorFacts(
                    public_id=row.public_id,
                    name=row.name,
                    founding_year=row.founding_year,
                    published_at=row.published_at,
                    staff_size=row.staff_size,
                    regions=tuple(code for code in row.region_codes.split("|") if code),
                ),
                round(row.score, 1) or 0,  # type: ignore[attr-defined]
                row.flags,
                self._scale,
                {key: getattr(row, f"{key}_part") for key in WEIGHTS},
            )
            for row in rows
        ]


def ranked(*, region: str = "", theme: str = "") -> RankedList:
    """Published actors (filtered), highest score first, then the most recently
    published, then by name: a constant number of queries, whatever their number."""
    found = scale()
    rows = RisingFacts.objects.all()
    if region:
        within = [code for code, chain in found.ancestors.items() if region in chain]
        rows = rows.filter(
            Exists(
                RisingTerm.objects.filter(
                    facts=OuterRef("pk"), vocabulary=RisingTerm.REGION, code__in=within
                )
            )
        )
    if theme:
        rows = rows.filter(
            Exists(
                RisingTerm.objects.filter(
                    facts=OuterRef("pk"), vocabulary=RisingTerm.THEME, code=theme
                )
            )
        )
    parts = part_expressions(found)
    rows = rows.annotate(
        **{f"{key}_part": expression for key, expression in parts.items()}
    ).annotate(score=sum((F(f"{key}_part") for key in parts), start=Value(0.0)))
    rows = rows.order_by(
        F("score").desc(), F("published_at").desc(nulls_last=True), "name_key", "pk"
    )
    return RankedList(rows, found)


def preparing() -> bool:
    """The table is empty while organisations are published: it is being filled
    (``manage.py rising_facts_rebuild``); the page says so rather than computing it."""
    from ipsp.actors.models import Actor

    return (
        not RisingFacts.objects.exists()
        and Actor.objects.filter(state=Actor.State.PUBLISHED).exists()
    )


def explain(items: Sequence[Ranked]) -> list[RisingActor]:
    """The reasons of some ranked actors (a page of them), in the reader's language."""
    from ipsp.actors.models import Actor

    if not items:
        return []
    size_labels = dict(Actor.Size.choices)
    explained: list[RisingActor] = []
    for item in items:
        facts, points = item.facts, item.points
        reasons: list[Reason] = []
        if points["founded"] > 0:
            text = _("founded in %(year)s") % {"year": facts.founding_year}
            reasons.append(Reason("founded", text, round(points["founded"], 1)))
        if points["published"] > 0 and facts.published_at:
            published = facts.published_at.astimezone(datetime.UTC).date()
            text = _("in the directory since %(date)s") % {"date": published.isoformat()}
            reasons.append(Reason("published", text, round(points["published"], 1)))
        if points["small"] > 0:
            text = (
                _("no paid staff")
                if facts.staff_size == "none"
                else _("staff: %(bracket)s")
                % {"bracket": size_labels.get(facts.staff_size, facts.staff_size)}
            )
            reasons.append(Reason("small", text, round(points["small"], 1)))
        if points["region"] > 0:
            code = next(code for code in item.scale.region_points if code in facts.regions)
            count = item.scale.per_region.get(code, 0)
            term = item.scale.regions.get(code)
            label = term.label if term is not None else code
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
            reasons.append(Reason("region", text, round(points["region"], 1)))
        if item.flags:
            text = ngettext(
                "flagged by %(count)d reviewer", "flagged by %(count)d reviewers", item.flags
            ) % {"count": item.flags}
            reasons.append(Reason("flags", text, round(points["flags"], 1)))
        explained.append(RisingActor(item.facts, item.score, reasons))
    return explained


def rising_actors(*, region: str = "", theme: str = "") -> list[RisingActor]:
    """Every published actor (filtered) with its score and reasons, highest first."""
    return explain(ranked(region=region, theme=theme))
