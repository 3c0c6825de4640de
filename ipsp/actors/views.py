"""Pages of the actors package (minimal: the organisation suggestions of the initiative form)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from ipsp.actors.queries import actor_suggest

QUERY_MAX = 100


@require_GET
def actor_suggestions(request: HttpRequest) -> JsonResponse:
    """Published organisations whose name resembles ``q``: a small JSON list, no cookie."""
    query = request.GET.get("q", "")[:QUERY_MAX]
    found = actor_suggest(query, limit=8)
    response = JsonResponse(
        {"results": [{"id": item.public_id, "name": item.name} for item in found]}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response
