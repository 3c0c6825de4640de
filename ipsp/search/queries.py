"""Reads from the search index: what the search pages, the API and the map call.

    from ipsp.search.queries import search
    from ipsp.search.query import QueryError

    try:
        results = search(request.GET.get("q", ""), filters={"country": ["KE"]},
                         facets=["theme", "country"], sort="relevance", page=2)
    except QueryError as error:
        ...show error.message next to the search box...

``results.hits`` carry kind and public id: the caller loads its own entries
(one query per kind) and shows ``hit.snippet`` (safe HTML, matches in <mark>).
``results.unknown_filters`` and ``results.notices`` are for a visible notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ipsp.search.backends import get_backend
from ipsp.search.backends.base import FacetCount, Hit, Results, Sort
from ipsp.search.documents import FACETS
from ipsp.search.query import ParsedQuery, QueryError, parse

__all__ = ["FACETS", "FacetCount", "Hit", "ParsedQuery", "QueryError", "Results", "search"]


def search(
    text: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    facets: Sequence[str] = (),
    sort: Sort = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> Results:
    """Search the index; raises ``QueryError`` (with a localised message) for unusable input."""
    return get_backend().search(
        parse(text), filters=filters, facets=facets, sort=sort, page=page, page_size=page_size
    )
