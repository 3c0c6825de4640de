"""The map of a search: the page, and its GeoJSON.

Both read the search page's GET parameters (``filters.search_params_parse``), so the
map, its data and the list under it always show the same results:

- ``/<lang>/search/map/?<filters>``: Leaflet map (static ``search/map.js``) over the
  shipped Natural Earth countries shaded by counts, places in clusters; under it the
  same results as a text list, which is all a visitor without JavaScript gets (with a
  note), and what a screen reader reads.
- ``/<lang>/search/map.geojson?<filters>``: a FeatureCollection of the places;
  ``&view=countries``: counts per country (features without geometry).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ipsp.search import map as map_module
from ipsp.search.filters import search_params_parse
from ipsp.search.map import countries_geojson, points_geojson
from ipsp.search.query import QueryError
from ipsp.search.views import _search_context

GEOMETRY = "vendor/natural-earth-4.1.0/countries-110m.geojson"
GEOJSON_MAX_AGE = 60  # seconds a browser or a proxy may reuse an answer
VIEWS = ("points", "countries")


def _geojson_response(body: bytes, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="application/geo+json")
    if status == 200:
        patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    return response


def _error(message: str) -> HttpResponse:
    body = {"type": "FeatureCollection", "features": [], "error": message}
    return _geojson_response(json.dumps(body, ensure_ascii=False).encode("utf-8"), status=400)


@require_safe
def map_geojson(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the results of a search (same parameters as the search page)."""
    view = request.GET.get("view", "points") or "points"
    if view not in VIEWS:
        return _error(_("“view” must be “points” or “countries”."))
    params = search_params_parse(request.GET)
    try:
        body = countries_geojson(params) if view == "countries" else points_geojson(params)
    except QueryError as exc:
        return _error(exc.message)
    return _geojson_response(body)


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    params = search_params_parse(request.GET)
    context: dict[str, Any] = _search_context(request, params)
    map_url = reverse("search:map")
    state = params.url_query(page=1)
    data_query = f"?{state}" if state else ""
    country_facet = next((facet for facet in context["facets"] if facet.name == "country"), None)
    context.update(
        {
            "base_url": map_url,  # facet, filter and page links stay on the map
            "list_url": reverse("search:search") + data_query,
            "country_facet": country_facet,
            "points_url": reverse("search:map_geojson") + data_query,
            "countries_url": reverse("search:map_geojson")
            + (f"?{state}&view=countries" if state else "?view=countries"),
            "geometry_url": static(GEOMETRY),
            "page_url": map_url + data_query,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "point_limit": map_module.MAP_POINT_LIMIT,
        }
    )
    return render(request, "search/map.html", context)
