"""What a directory package hands the search index: a ``SearchDocument``.

``search`` never imports a directory package (initiatives, actors...). A
directory builds one ``SearchDocument`` per *published* entry and passes it to
``ipsp.search.services.document_index`` inside the transaction that publishes or
edits the entry, and calls ``document_remove`` inside the one that withdraws it.

The contract on privacy: **build the document from public fields only.** The
index stores every text given here and shows parts of it in snippets to anyone,
so restricted fields (contact e-mails, budgets marked private, reviewer notes,
internal comments...) must never be put into ``title``, ``texts`` or ``facets``.
The index cannot tell a public text from a restricted one; the caller can.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# The structured indexes (facets) the engine knows. A document may carry any of
# them; a filter or a facet request on another name is reported as unknown.
FACETS: tuple[str, ...] = (
    "kind",
    "agenda",
    "theme",
    "sdg",
    "discipline",
    "project_type",
    "actor_type",
    "region",
    "country",
    "language",
    "status",
    "evidence_level",
    "flagged",
    "start_year",
)

MAX_CODE_LENGTH = 64


class MapPoint(NamedTuple):
    """One place of a document on the map; ``country`` is its ISO 3166-1 alpha-2 code."""

    latitude: float
    longitude: float
    country: str = ""


COUNTRY_CODE = re.compile(r"[A-Z]{2}")
COORDINATE_DECIMALS = 5  # about a metre: more than any place's own precision


def _country_code(value: object) -> str:
    code = str(value).strip().upper()
    return code if COUNTRY_CODE.fullmatch(code) else ""


def _map_point(point: tuple[float, float] | tuple[float, float, str]) -> MapPoint:
    country = _country_code(point[2]) if len(point) > 2 else ""  # type: ignore[misc]
    return MapPoint(float(point[0]), float(point[1]), country)


@dataclass(frozen=True)
class SearchDocument:
    """One public entry as the index sees it.

    - ``kind``: "initiative", "actor"... (also the ``kind`` facet).
    - ``public_id``: the entry's public id; with ``kind`` it identifies the document.
    - ``language``: code of the original language ("fr", "zh-hans"...).
    - ``title``: the title in the original language; ``other_titles`` its translations
      as ``(language, title)`` pairs. Titles weigh more than other texts in ranking.
    - ``texts``: ``(language, text)`` pairs, plain text (no Markdown, no HTML): the
      original description and every translation of it, so that an entry is found
      through its original text and through its translations.
    - ``facets``: taxonomy and other codes per facet name in ``FACETS``
      (``{"country": ["KE", "UG"], "sdg": ["sdg-8"]}``). ``kind``, ``language`` and
      ``flagged`` are filled in from the fields above when not given.
    - ``published_at`` / ``updated_at``: for "newest" and "recently updated" sorting
      and for the freshness boost.
    - ``flagged``: flagged by reviewers as notable; ranks higher.
    - ``boost``: a multiplier of the relevance (1.0 is neutral).
    - ``points``: the entry's places for the map, ``(latitude, longitude, country)``
      (the country's ISO alpha-2 code) or ``(latitude, longitude)``; stored as ``MapPoint``.
    """

    kind: str
    public_id: str
    language: str
    title: str
    texts: tuple[tuple[str, str], ...] = ()
    other_titles: tuple[tuple[str, str], ...] = ()
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)  # stored as tuples
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    flagged: bool = False
    boost: float = 1.0
    points: Sequence[tuple[float, float] | tuple[float, float, str]] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the document immutable and hashable-ish.
        object.__setattr__(self, "texts", tuple((lang, text) for lang, text in self.texts))
        object.__setattr__(
            self, "other_titles", tuple((lang, text) for lang, text in self.other_titles)
        )
        object.__setattr__(self, "points", tuple(_map_point(point) for point in self.points))
        object.__setattr__(
            self, "facets", {name: tuple(codes) for name, codes in self.facets.items()}
        )
        unknown = set(self.facets) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown facets in SearchDocument: {sorted(unknown)}")
        if not self.kind or not self.public_id:
            raise ValueError("a SearchDocument needs a kind and a public_id")

    def facet_pairs(self) -> list[tuple[str, str]]:
        """Every (facet, code) pair to store, with the implicit ones filled in."""
        facets: dict[str, Iterable[str]] = dict(self.facets)
        facets.setdefault("kind", (self.kind,))
        facets.setdefault("language", (self.language,) if self.language else ())
        facets.setdefault("flagged", ("yes",) if self.flagged else ())
        pairs: list[tuple[str, str]] = []
        for name, codes in facets.items():
            for code in dict.fromkeys(codes):  # keep order, drop repeats
                code = str(code).strip()
                if code and len(code) <= MAX_CODE_LENGTH:
                    pairs.append((name, code))
        return pairs

    def map_points(self) -> list[MapPoint]:
        """The places to put on the map: valid coordinates only, each with its country.

        A place given without a country takes the document's country when it has only one.
        """
        countries = self.facets.get("country", ())
        default = _country_code(countries[0]) if len(countries) == 1 else ""
        kept: list[MapPoint] = []
        for point in self.points:
            assert isinstance(point, MapPoint)  # made so by __post_init__
            if not (-90.0 <= point.latitude <= 90.0 and -180.0 <= point.longitude <= 180.0):
                continue  # NaN fails both comparisons too
            kept.append(
                MapPoint(
                    round(point.latitude, COORDINATE_DECIMALS),
                    round(point.longitude, COORDINATE_DECIMALS),
                    point.country or default,
                )
            )
        return kept

    @property
    def freshness_date(self) -> datetime.datetime | None:
        dates = [d for d in (self.published_at, self.updated_at) if d is not None]
        return max(dates) if dates else None
