"""The public search pages: the search list with facets, browse pages per term, CSV.

Everything is a GET with the state in the URL (``filters.search_params_parse``), so
every state can be shared and no visitor gets a cookie. A page costs a fixed number
of queries whatever the number of results: checking the filter codes (taxonomy,
index), the search itself (see ``backends.base``), the facets of the page's hits,
and the labels of every code shown.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ipsp.search.backends.base import MAX_PAGE_SIZE, RANK_LIMIT, Hit, Results
from ipsp.search.documents import FACETS
from ipsp.search.facet_totals import facet_codes_pairs
from ipsp.search.filters import (
    FACET_LABELS,
    SORT_LABELS,
    TAXONOMY_FACETS,
    SearchParams,
    facet_labels,
    search_params_parse,
    search_run,
)
from ipsp.search.models import SearchEntry
from ipsp.search.query import QueryError
from ipsp.search.related import entry_urls
from ipsp.taxonomy.queries import term_codes

PAGE_SIZE = 20
CSV_MAX_ROWS = 10_000
# Facets shown on the search page, in this order.
PAGE_FACETS: tuple[str, ...] = FACETS
# What each result shows beside its title and snippet.
HIT_FACETS = ("country", "theme", "status", "start_year")
PLACE_FACETS = ("region", "country")


@dataclass
class FacetOption:
    code: str
    label: str
    count: int
    selected: bool
    query: str  # the URL query that toggles this option


@dataclass
class FacetView:
    name: str
    label: str
    options: list[FacetOption]
    selected: int = 0


@dataclass
class HitView:
    hit: Hit
    kind_label: str
    url: str | None
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    status: str = ""
    start_year: str = ""


@dataclass
class ActiveFilter:
    facet_label: str
    label: str
    remove_query: str


class Labels:
    """Labels of facet codes in the active language: taxonomy terms in one query."""

    def __init__(self, wanted: dict[str, set[str]]) -> None:
        self._labels = facet_labels(wanted)

    def __call__(self, facet: str, code: str) -> str:
        label = self._labels.get((facet, code))
        if label is None:
            return _("SDG %(number)s") % {"number": code} if facet == "sdg" else code
        if facet == "sdg":
            return _("SDG %(number)s: %(goal)s") % {"number": code, "goal": label}
        return label


def _hit_facets(hits: Sequence[Hit]) -> dict[tuple[str, str], dict[str, list[str]]]:
    """The facets each hit shows (countries, themes...), for all hits in one query."""
    if not hits:
        return {}
    condition = Q()
    by_kind: dict[str, list[str]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.public_id)
    for kind, public_ids in by_kind.items():
        condition |= Q(kind=kind, public_id__in=public_ids)
    found: dict[tuple[str, str], dict[str, list[str]]] = {}
    rows = SearchEntry.objects.filter(condition).values_list("kind", "public_id", "facet_codes")
    for kind, public_id, codes in rows:  # the entry's pairs in the document's order
        shown = found.setdefault((kind, public_id), {})
        for facet, code in facet_codes_pairs(codes):
            if facet in HIT_FACETS:
                shown.setdefault(facet, []).append(code)
    return found


def _page_numbers(page: int, pages: int) -> list[int | None]:
    """Page links around the current one; None marks a gap."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def heading_for(params: SearchParams, labels: Labels) -> str | None:
    """A heading for browse states: "Initiatives on Living wages in Eastern Africa".

    Only for a state without text made of at most one term, at most one place
    (a region or a country) and at most one kind; None for any other state.
    """
    if params.text:
        return None
    filters = dict(params.filters)
    kinds = filters.pop("kind", ())
    if len(kinds) > 1:
        return None
    places = [(name, filters.pop(name)) for name in PLACE_FACETS if name in filters]
    if len(places) > 1 or any(len(codes) != 1 for _name, codes in places):
        return None
    if len(filters) > 1 or any(len(codes) != 1 for codes in filters.values()):
        return None
    term = ""
    if filters:
        name, codes = next(iter(filters.items()))
        term = labels(name, codes[0])
    place = labels(places[0][0], places[0][1][0]) if places else ""
    if not term and not place:
        return None
    kind = kinds[0] if kinds else ""
    values = {"term": term, "place": place}
    if kind == "initiative":
        if term and place:
            return _("Initiatives on %(term)s in %(place)s") % values
        return (_("Initiatives on %(term)s") if term else _("Initiatives in %(place)s")) % values
    if kind == "actor":
        if term and place:
            return _("Organisations working on %(term)s in %(place)s") % values
        return (
            _("Organisations working on %(term)s") if term else _("Organisations in %(place)s")
        ) % values
    if term and place:
        return _("Entries on %(term)s in %(place)s") % values
    return (_("Entries on %(term)s") if term else _("Entries in %(place)s")) % values


def _facet_views(params: SearchParams, results: Results | None, labels: Labels) -> list[FacetView]:
    views: list[FacetView] = []
    for name in PAGE_FACETS:
        counts = {
            item.code: item.count for item in (results.facets.get(name, ()) if results else ())
        }
        for code in params.filters.get(name, ()):  # a selected code always shows
            counts.setdefault(code, 0)
        if not counts:
            continue
        codes = list(counts)
        if name == "start_year":
            codes.sort(reverse=True)
        else:
            codes.sort(key=lambda code: (-counts[code], labels(name, code).casefold()))
        queries = params.toggle_queries(name, codes)
        options = [
            FacetOption(
                code=code,
                label=labels(name, code),
                count=counts[code],
                selected=params.has(name, code),
                query=queries[code],
            )
            for code in codes
        ]
        views.append(
            FacetView(
                name=name,
                label=str(FACET_LABELS[name]),
                options=options,
                selected=sum(1 for option in options if option.selected),
            )
        )
    return views


def _search_context(request: HttpRequest, params: SearchParams) -> dict[str, Any]:
    error = ""
    results: Results | None = None
    try:
        results = search_run(params, facets=PAGE_FACETS, page_size=PAGE_SIZE)
    except QueryError as exc:
        error = exc.message
    hits = results.hits if results else ()
    hit_facets = _hit_facets(hits)
    wanted: dict[str, set[str]] = {name: set() for name in FACETS}
    for name, codes in params.filters.items():
        wanted[name].update(codes)
    if results:
        for name, items in results.facets.items():
            wanted[name].update(item.code for item in items)
    for shown_facets in hit_facets.values():
        for name, shown_codes in shown_facets.items():
            wanted[name].update(shown_codes)
    labels = Labels(wanted)
    urls = entry_urls((hit.kind, hit.public_id) for hit in hits)
    hit_views = []
    for hit in hits:
        shown = hit_facets.get((hit.kind, hit.public_id), {})
        hit_views.append(
            HitView(
                hit=hit,
                kind_label=labels("kind", hit.kind),
                url=urls[(hit.kind, hit.public_id)],
                countries=[labels("country", code) for code in shown.get("country", [])],
                themes=[labels("theme", code) for code in shown.get("theme", [])],
                status=labels("status", shown["status"][0]) if shown.get("status") else "",
                start_year=(shown.get("start_year") or [""])[0],
            )
        )
    active = [
        ActiveFilter(
            facet_label=str(FACET_LABELS[name]),
            label=labels(name, code),
            remove_query=params.url_query(toggle=(name, code)),
        )
        for name in FACETS
        for code in params.filters.get(name, ())
    ]
    notices = list(params.notices) + list(results.notices if results else ())
    page = results.page if results else 1
    pages = results.pages if results else 1
    sorts = [
        {
            "code": code,
            "label": str(label),
            "query": params.url_query(sort=code),
            "current": code == params.sort,
        }
        for code, label in SORT_LABELS.items()
    ]
    hidden = [(name, value) for name, value in params.pairs(page=1) if name not in {"q", "page"}]
    return {
        "params": params,
        "results": results,
        "error": error,
        "hits": hit_views,
        "facets": _facet_views(params, results, labels),
        "active_filters": active,
        "notices": notices,
        "heading": heading_for(params, labels),
        "sorts": sorts,
        "hidden_fields": hidden,
        "page": page,
        "pages": pages,
        "page_links": [
            (number, params.url_query(page=number) if number else "")
            for number in _page_numbers(page, pages)
        ],
        "previous_query": params.url_query(page=page - 1) if page > 1 else "",
        "next_query": params.url_query(page=page + 1) if page < pages else "",
        "export_query": params.url_query(page=1),
        "csv_max_rows": CSV_MAX_ROWS,
        "ranked_max": RANK_LIMIT,
        "state_query": params.url_query(),
        "base_url": reverse("search:search"),
        "first_number": (page - 1) * PAGE_SIZE + 1,
    }


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    params = search_params_parse(request.GET)
    return render(request, "search/search.html", _search_context(request, params))


@require_safe
def browse(request: HttpRequest, vocabulary: str, code: str) -> HttpResponse:
    """A term's page of entries: the search page with that term as a filter.

    ``?region=014`` or ``?country=KE`` (and ``?kind=initiative``) narrow it further;
    the heading then says so ("Initiatives on Living wages in Eastern Africa").
    """
    facet = next((name for name, vocab in TAXONOMY_FACETS.items() if vocab == vocabulary), None)
    if facet is None:
        raise Http404("no such vocabulary")
    query = request.GET.copy()
    query.setlist(facet, [*query.getlist(facet), code])
    params = search_params_parse(query)
    if code not in params.filters.get(facet, ()) and code.upper() not in params.filters.get(
        facet, ()
    ):
        raise Http404("no such term")
    context = _search_context(request, params)
    context["canonical_query"] = params.url_query()
    return render(request, "search/search.html", context)


# --- CSV -----------------------------------------------------------------------------------


def _neutralised(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    value = value.replace("\r", " ").replace("\n", " ")
    if value and value[0] in "=+-@\t":
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _doi_map(kind: str, public_ids: list[str]) -> dict[str, str]:
    from ipsp.identifiers.queries import registered_concept_dois

    return registered_concept_dois(kind, public_ids)


def _csv_rows(params: SearchParams, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff"
        yield writer.writerow(
            [
                _("Public id"),
                _("Kind"),
                _("Title"),
                _("Address"),
                _("DOI"),
                _("Countries"),
                _("Themes"),
                _("Status"),
                _("Start year"),
            ]
        )
        labels = Labels({"theme": set(_all_codes("theme")), "status": set(), "kind": set()})
        written = 0
        page = 1
        while written < CSV_MAX_ROWS:
            try:
                results = search_run(params, page=page, page_size=MAX_PAGE_SIZE)
            except QueryError:
                return
            if results.page != page or not results.hits:
                return
            hits = results.hits[: CSV_MAX_ROWS - written]
            facets = _hit_facets(hits)
            urls = entry_urls((hit.kind, hit.public_id) for hit in hits)
            dois: dict[tuple[str, str], str] = {}
            for kind in {hit.kind for hit in hits}:
                ids = [hit.public_id for hit in hits if hit.kind == kind]
                for public_id, doi in _doi_map(kind, ids).items():
                    dois[(kind, public_id)] = doi
            for hit in hits:
                shown = facets.get((hit.kind, hit.public_id), {})
                url = urls[(hit.kind, hit.public_id)]
                row = [
                    hit.public_id,
                    labels("kind", hit.kind),
                    hit.title,
                    f"{settings.SITE_URL}{url}" if url else "",
                    dois.get((hit.kind, hit.public_id), ""),
                    "; ".join(shown.get("country", [])),
                    "; ".join(labels("theme", code) for code in shown.get("theme", [])),
                    "; ".join(labels("status", code) for code in shown.get("status", [])),
                    "; ".join(shown.get("start_year", [])),
                ]
                yield writer.writerow([_neutralised(str(cell)) for cell in row])
            written += len(hits)
            if page >= results.pages:
                return
            page += 1


def _all_codes(facet: str) -> list[str]:
    return term_codes(TAXONOMY_FACETS[facet])


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as CSV: public fields only, at most ``CSV_MAX_ROWS`` rows."""
    params = search_params_parse(request.GET)
    try:
        search_run(params, page_size=1)  # a bad query is answered before streaming starts
    except QueryError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    language = translation.get_language() or "en"
    response = StreamingHttpResponse(
        _csv_rows(params, language), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ipsp-search-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
