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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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
    - ``points``: ``(latitude, longitude)`` pairs for the map.
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
    points: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the document immutable and hashable-ish.
        object.__setattr__(self, "texts", tuple((lang, text) for lang, text in self.texts))
        object.__setattr__(
            self, "other_titles", tuple((lang, text) for lang, text in self.other_titles)
        )
        object.__setattr__(self, "points", tuple((lat, lon) for lat, lon in self.points))
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

    @property
    def freshness_date(self) -> datetime.datetime | None:
        dates = [d for d in (self.published_at, self.updated_at) if d is not None]
        return max(dates) if dates else None
