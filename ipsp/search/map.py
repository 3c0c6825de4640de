"""The map of a search: GeoJSON of the matching entries' places, and counts per country.

The map page and its GeoJSON read the same GET parameters as the search page
(``ipsp.search.filters.search_params_parse``), so a map always shows the results
of the list beside it::

    params = search_params_parse(request.GET)
    body = points_geojson(params)             # bytes: a FeatureCollection of points
    counts, exact, total = country_counts(params)  # [CountryCount(code, count, label)]

Points come from ``search_point`` (one row per place, written with the entry by the
index) in one SQL query; the GeoJSON text is assembled directly, without building
a Python object per feature, because a map of a whole directory has tens of
thousands of places. Past ``MAP_POINT_LIMIT`` places the collection is cut and
says so (``"truncated": true``); the map page then shows counts per country and asks
the visitor to narrow the search rather than show clusters of a partial sample.
Counts per country are the search's own facet counts, the same as the list's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ipsp.search.backends import get_backend
from ipsp.search.backends.base import MapPoints
from ipsp.search.filters import SearchParams, facet_labels, narrowed_filters
from ipsp.search.query import ParsedQuery, parse
from ipsp.search.related import entry_url, entry_url_shape

MAP_POINT_LIMIT = 10_000
SAFE_ID = re.compile(r"[0-9A-Za-z_-]{1,32}")


@dataclass(frozen=True)
class CountryCount:
    code: str
    count: int
    label: str


def map_points(params: SearchParams, *, limit: int | None = None) -> MapPoints:
    """The places of the matching entries; raises ``QueryError`` for unusable text."""
    return _map_points(params, parse(params.text), MAP_POINT_LIMIT if limit is None else limit)


def _map_points(params: SearchParams, query: ParsedQuery, limit: int) -> MapPoints:
    filters = narrowed_filters(params)
    if filters is None:
        return MapPoints(rows=[], entries=0, truncated=False)
    return get_backend().map_points(query, filters=filters, limit=limit)


def points_geojson(params: SearchParams, *, limit: int | None = None) -> bytes:
    """A GeoJSON FeatureCollection of the places of the matching entries (UTF-8 bytes).

    Each feature is a Point with the properties ``public_id``, ``kind``, ``title``,
    ``url`` (``null`` for a kind without a public page) and ``country``. Foreign members
    say how complete it is: ``entries`` (matching entries with places), ``points``,
    ``truncated`` and ``limit``, and ``notices`` (localised: filters left out).
    """
    limit = MAP_POINT_LIMIT if limit is None else limit
    query = parse(params.text)  # raises QueryError
    found = _map_points(params, query, limit)
    urls = {kind: entry_url_shape(kind) for kind in sorted({row[0] for row in found.rows})}
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    # Everything but the title is one of a few values or id-shaped: JSON-quoted once
    # per distinct value, or checked by a pattern, instead of encoded row by row.
    kinds = {kind: dumps(kind) for kind in urls}
    countries: dict[str, str] = {}
    features = []
    for kind, public_id, title, latitude, longitude, country in found.rows:
        url_parts = urls[kind]
        if url_parts is None:  # not an id in a fixed frame (or no page): built on its own
            url = dumps(entry_url(kind, public_id))
        if not SAFE_ID.fullmatch(public_id):
            public_id = dumps(public_id)[1:-1]
        if url_parts is not None:
            url = f'"{url_parts[0]}{public_id}{url_parts[1]}"'
        country_json = countries.get(country) or countries.setdefault(country, dumps(country))
        features.append(
            '{"type":"Feature","geometry":{"type":"Point","coordinates":['
            f"{longitude!r},{latitude!r}"
            ']},"properties":{"public_id":"'
            f'{public_id}","kind":{kinds[kind]},"title":{dumps(title)},"url":{url},'
            f'"country":{country_json}'
            "}}"
        )
    head = {
        "type": "FeatureCollection",
        "entries": found.entries,
        "points": len(features),
        "truncated": found.truncated,
        "limit": limit,
        "notices": [*params.notices, *query.notices],
    }
    text = dumps(head)[:-1] + ',"features":[' + ",".join(features) + "]}"
    return text.encode("utf-8")


def country_counts(params: SearchParams) -> tuple[list[CountryCount], bool, int]:
    """Matching entries per country, most first, labelled in the active language.

    Returns (counts, exact, total): the search's own facet counts (an entry working in
    two countries counts in both; ``exact`` is False when estimated for a very common
    word) and the number of matching entries. Raises ``QueryError`` for unusable text.
    """
    query = parse(params.text)
    filters = narrowed_filters(params)
    if filters is None:
        return [], True, 0
    total, facets, exact = get_backend().count_facets(query, filters=filters, facets=["country"])
    counts = facets.get("country", ())
    labels = facet_labels({"country": [item.code for item in counts]})
    found = [
        CountryCount(item.code, item.count, labels.get(("country", item.code), item.code))
        for item in counts
    ]
    return found, exact, total


def countries_geojson(params: SearchParams) -> bytes:
    """Counts per country as GeoJSON features without geometry (the page has the shapes).

    ``{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "KE",
    "geometry": null, "properties": {"country": "KE", "count": 12, "label": "Kenya"}}],
    "exact": true, "entries": 12}``: ``exact`` is false when counts are estimated (very
    common words); ``entries`` is the number of matching entries.
    """
    counts, exact, total = country_counts(params)
    body: dict[str, Any] = {
        "type": "FeatureCollection",
        "exact": exact,
        "entries": total,
        "notices": [*params.notices, *parse(params.text).notices],
        "features": [
            {
                "type": "Feature",
                "id": item.code,
                "geometry": None,
                "properties": {"country": item.code, "count": item.count, "label": item.label},
            }
            for item in counts
        ],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
