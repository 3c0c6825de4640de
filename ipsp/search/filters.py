"""The state of a public search, read from the URL: text, filters, sort and page.

Every page built on the search (the list, the browse pages, the CSV download,
the map and its GeoJSON) reads its state with ``search_params_parse`` and runs
it with ``search_run``, so the same URL means the same results everywhere::

    params = search_params_parse(request.GET)
    results = search_run(params, facets=FACETS, page_size=20)  # may raise QueryError
    params.url_query()                   # "q=housing&country=KE&theme=living-wages"
    params.url_query(toggle=("sdg", "8"))  # the same state with one more (or one less) filter

GET parameters: ``q`` (the text), ``sort`` (relevance, newest, updated),
``page``, and one parameter per facet (``theme=living-wages&theme=cities-social-progress``,
or comma-separated ``theme=a,b``). Codes are checked against the taxonomy (one
query) or, for facets outside the taxonomy, against the values the directory
packages register with ``register_facet_labels``. Unknown codes are dropped and
``SearchParams.notices`` says so in the visitor's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsp.search.backends.base import CODE_PATTERN, SORTS, Results, Sort
from ipsp.search.documents import FACETS
from ipsp.search.models import SearchFacetTotal
from ipsp.search.queries import search
from ipsp.taxonomy.queries import known_codes, term_labels

# Facets whose codes are terms of a taxonomy vocabulary (facet name -> vocabulary code).
TAXONOMY_FACETS: dict[str, str] = {
    "agenda": "agenda",
    "theme": "theme",
    "sdg": "sdg",
    "discipline": "discipline",
    "project_type": "project_type",
    "actor_type": "actor_type",
    "region": "region",
    "country": "country",
    "language": "language",
}

# Labels of the facets themselves (the headings of the filter lists).
FACET_LABELS: dict[str, Promise] = {
    "kind": gettext_lazy("Kind of entry"),
    "agenda": gettext_lazy("Agenda component"),
    "theme": gettext_lazy("Theme"),
    "sdg": gettext_lazy("Sustainable Development Goal"),
    "discipline": gettext_lazy("Discipline"),
    "project_type": gettext_lazy("Project type"),
    "actor_type": gettext_lazy("Actor type"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
    "status": gettext_lazy("Status"),
    "evidence_level": gettext_lazy("Evidence level"),
    "flagged": gettext_lazy("Flagged by reviewers"),
    "start_year": gettext_lazy("Start year"),
}

SORT_LABELS: dict[str, Promise] = {
    "relevance": gettext_lazy("Relevance"),
    "newest": gettext_lazy("Newest"),
    "updated": gettext_lazy("Recently updated"),
}

# Values of the facets outside the taxonomy, with their labels. The kinds of entry
# are the search's own vocabulary; "status" and "evidence_level" are registered by
# the directory packages that define them (see ``register_facet_labels``).
_facet_values: dict[str, dict[str, Any]] = {
    "kind": {
        "initiative": gettext_lazy("Initiative"),
        "actor": gettext_lazy("Organisation"),
        "resource": gettext_lazy("Resource"),
        "event": gettext_lazy("Event"),
        "question": gettext_lazy("Question"),
        "topic": gettext_lazy("Topic page"),
    },
    "flagged": {"yes": gettext_lazy("Flagged")},
}

YEAR_PATTERN = re.compile(r"(1[89]|2[01])\d\d")
MAX_CODES_PER_FACET = 30
MAX_PAGE = 10_000
TEXT_PARAM = "q"


def register_facet_labels(facet: str, labels: Mapping[str, Any]) -> None:
    """Declare the codes of a facet outside the taxonomy and their (lazy) labels.

    Called from a directory package's ``AppConfig.ready()``, e.g. the initiatives
    register their project statuses under "status". Codes of several packages add up.
    """
    if facet not in FACETS or facet in TAXONOMY_FACETS:
        raise ValueError(f"{facet!r} is not a facet outside the taxonomy")
    _facet_values.setdefault(facet, {}).update(labels)


def facet_value_labels(facet: str) -> dict[str, Any]:
    """The registered codes of a facet outside the taxonomy, with their labels."""
    return dict(_facet_values.get(facet, {}))


@dataclass(frozen=True)
class SearchParams:
    """One search state. ``filters`` holds only known codes, in a stable order."""

    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: Sort = "relevance"
    page: int = 1
    dropped: tuple[tuple[str, str], ...] = ()  # (facet, code) left out as unknown
    notices: tuple[str, ...] = ()  # localised, for the visitor

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.filters

    def has(self, facet: str, code: str) -> bool:
        return code in self.filters.get(facet, ())

    def pairs(
        self,
        *,
        page: int | None = None,
        sort: str | None = None,
        toggle: tuple[str, str] | None = None,
        without: Iterable[str] = (),
    ) -> list[tuple[str, str]]:
        """The GET parameters of this state (or a variant), in a stable order.

        ``toggle`` adds a filter code, or removes it when present; ``without`` drops
        whole facets. Changing the filters or the sort goes back to the first page.
        """
        filters = {name: list(codes) for name, codes in self.filters.items()}
        for name in without:
            filters.pop(name, None)
        if toggle is not None:
            name, code = toggle
            codes = filters.setdefault(name, [])
            if code in codes:
                codes.remove(code)
            else:
                codes.append(code)
        changed = toggle is not None or bool(tuple(without)) or sort is not None
        wanted_sort = sort if sort is not None else self.sort
        wanted_page = page if page is not None else (1 if changed else self.page)
        items: list[tuple[str, str]] = []
        if self.text:
            items.append((TEXT_PARAM, self.text))
        for name in FACETS:
            items += [(name, code) for code in _ordered(filters.get(name, ()))]
        if wanted_sort != "relevance":
            items.append(("sort", wanted_sort))
        if wanted_page > 1:
            items.append(("page", str(wanted_page)))
        return items

    def toggle_queries(self, name: str, codes: Iterable[str]) -> dict[str, str]:
        """``url_query(toggle=(name, code))`` for each of ``codes``, at once: a page lists
        hundreds of facet options, and only this facet's part of the query differs."""
        selected = list(self.filters.get(name, ()))
        before: list[tuple[str, str]] = [(TEXT_PARAM, self.text)] if self.text else []
        after: list[tuple[str, str]] = []
        for facet in FACETS:
            if facet != name:
                part = before if FACETS.index(facet) < FACETS.index(name) else after
                part += [(facet, code) for code in _ordered(self.filters.get(facet, ()))]
        if self.sort != "relevance":
            after.append(("sort", self.sort))
        head, tail = urlencode(before), urlencode(after)
        queries: dict[str, str] = {}
        for code in codes:
            chosen = [other for other in selected if other != code]
            if code not in selected:
                chosen.append(code)
            middle = urlencode([(name, value) for value in _ordered(chosen)])
            queries[code] = "&".join(part for part in (head, middle, tail) if part)
        return queries

    def url_query(self, **variant: Any) -> str:
        """``pairs()`` encoded for a URL (without the leading "?")."""
        return urlencode(self.pairs(**variant))

    def engine_filters(self) -> dict[str, list[str]]:
        return {name: list(codes) for name, codes in self.filters.items()}


def _ordered(codes: Iterable[str]) -> list[str]:
    """Codes in a stable order (numbers by value: SDG 2 before SDG 10)."""

    def key(code: str) -> tuple[Any, ...]:
        parts = re.split(r"(\d+)", code)
        return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)

    return sorted(dict.fromkeys(codes), key=key)


def _values(source: Any, name: str) -> list[str]:
    """All values of a GET parameter, from a QueryDict or a plain mapping."""
    if hasattr(source, "getlist"):
        raw = source.getlist(name)
    else:
        value = source.get(name, [])
        raw = [value] if isinstance(value, str) else list(value)
    values: list[str] = []
    for item in raw:
        values += [part.strip() for part in str(item).split(",") if part.strip()]
    return values


def _normalise_code(facet: str, code: str) -> str:
    if facet == "country":
        return code.upper()
    if facet in {"language", "kind", "status", "evidence_level", "flagged"}:
        return code.lower()
    return code


def _by_vocabulary(wanted: Mapping[str, Iterable[str]]) -> dict[str, Iterable[str]]:
    """The taxonomy facets of ``wanted``, keyed by their vocabulary's code."""
    return {TAXONOMY_FACETS[f]: codes for f, codes in wanted.items() if f in TAXONOMY_FACETS}


def _known_taxonomy_codes(wanted: dict[str, list[str]]) -> set[tuple[str, str]]:
    """(facet, code) pairs among ``wanted`` that are taxonomy terms: one query."""
    facet_of = {vocabulary: facet for facet, vocabulary in TAXONOMY_FACETS.items()}
    known = known_codes(_by_vocabulary(wanted))
    return {(facet_of[vocabulary], code) for vocabulary, code in known}


def facet_labels(wanted: Mapping[str, Iterable[str]]) -> dict[tuple[str, str], str]:
    """Labels in the active language of codes by facet, as ``{(facet, code): label}``: one
    query for the taxonomy terms (``taxonomy.queries.term_labels``); for other facets
    (kind, status, evidence level...) every registered label. A code without a label is
    missing from the answer."""
    facet_of = {vocabulary: facet for facet, vocabulary in TAXONOMY_FACETS.items()}
    terms = term_labels(_by_vocabulary(wanted))
    labels = {(facet_of[vocabulary], code): label for (vocabulary, code), label in terms.items()}
    for facet in wanted:
        if facet not in TAXONOMY_FACETS:
            labels.update(
                {(facet, code): str(label) for code, label in facet_value_labels(facet).items()}
            )
    return labels


def _is_known_value(facet: str, code: str) -> bool:
    if facet == "start_year":
        return bool(YEAR_PATTERN.fullmatch(code))
    return code in _facet_values.get(facet, {})


def search_params_parse(source: Mapping[str, Any]) -> SearchParams:
    """Read a search state from GET parameters (a QueryDict or a mapping of lists).

    Never raises: unknown facet codes, a bad sort or page are dropped or corrected;
    dropped codes are listed in ``dropped`` and explained in ``notices``.
    """
    text = " ".join(str(source.get(TEXT_PARAM, "") or "").split())
    sort_value = str(source.get("sort", "") or "relevance")
    sort = cast(Sort, sort_value if sort_value in SORTS else "relevance")
    try:
        page = int(str(source.get("page", "1") or "1"))
    except ValueError:
        page = 1
    page = min(max(page, 1), MAX_PAGE)

    wanted: dict[str, list[str]] = {}
    dropped: list[tuple[str, str]] = []
    for facet in FACETS:
        for raw in _values(source, facet):
            code = _normalise_code(facet, raw)
            if not CODE_PATTERN.fullmatch(code):
                dropped.append((facet, _printable(raw[:64])))
                continue
            codes = wanted.setdefault(facet, [])
            if code not in codes and len(codes) < MAX_CODES_PER_FACET:
                codes.append(code)
    known = _known_taxonomy_codes(wanted)
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        kept = []
        for code in wanted.get(facet, ()):
            ok = (
                (facet, code) in known if facet in TAXONOMY_FACETS else _is_known_value(facet, code)
            )
            if ok:
                kept.append(code)
            else:
                dropped.append((facet, code))
        if kept:
            filters[facet] = tuple(_ordered(kept))
    notices = []
    if dropped:
        notices.append(
            _("Some filters were not recognised and were left out: %(filters)s.")
            % {"filters": ", ".join(f"{facet}={code}" for facet, code in dropped)}
        )
    return SearchParams(
        text=text,
        filters=filters,
        sort=sort,
        page=page,
        dropped=tuple(dropped),
        notices=tuple(notices),
    )


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def _codes_in_index(filters: Mapping[str, Sequence[str]]) -> set[tuple[str, str]]:
    """Which of the filter codes at least one indexed entry carries: one query over the
    facet totals (a few rows per code, where ``search_facet`` holds one per entry)."""
    condition = Q()
    for facet, codes in filters.items():
        condition |= Q(facet=facet, code__in=list(codes))
    if not condition:
        return set()
    return set(SearchFacetTotal.objects.filter(condition).values_list("facet", "code"))


def narrowed_filters(params: SearchParams) -> dict[str, list[str]] | None:
    """The filters with the codes some indexed entry carries; ``None`` when a facet keeps
    none (a known code nobody carries yet narrows the results to nothing)."""
    filters = params.engine_filters()
    if not filters:
        return filters
    present = _codes_in_index(filters)
    narrowed = {
        name: [code for code in codes if (name, code) in present] for name, codes in filters.items()
    }
    if any(not codes for codes in narrowed.values()):
        return None
    return narrowed


def search_run(
    params: SearchParams,
    *,
    facets: Sequence[str] = (),
    page_size: int = 20,
    page: int | None = None,
) -> Results:
    """Run a parsed search; raises ``QueryError`` (localised message) for unusable text.

    A known code that no indexed entry carries yet (a theme nobody has used) means
    no results, not "unknown filter": such a facet narrows the list to nothing.
    """
    filters = narrowed_filters(params)
    if filters is None:
        return _no_results(params, facets=facets, page_size=page_size)
    results = search(
        params.text,
        filters=filters,
        facets=facets,
        sort=params.sort,
        page=page if page is not None else params.page,
        page_size=page_size,
    )
    return results


def _no_results(params: SearchParams, *, facets: Sequence[str], page_size: int) -> Results:
    """An empty result; the text is still parsed so that a bad query is reported."""
    from ipsp.search.query import parse

    parsed = parse(params.text)
    return Results(
        total=0,
        page=1,
        pages=1,
        page_size=page_size,
        hits=(),
        facets={name: () for name in facets if name in FACETS},
        notices=parsed.notices,
    )
