"""The public page of an actor, its tombstone (HTTP 410) and the permanent redirect of a
merged entry (HTTP 301). Everything shown comes from the public view (``actor_public``):
the template never receives the model, so a restricted field cannot slip through.
Visitors get no cookie here.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from ipsp.actors import queries
from ipsp.actors.access import can_edit
from ipsp.actors.citable import actor_citation
from ipsp.actors.models import Actor
from ipsp.actors.public import PublicActor, actor_public
from ipsp.core.maps import MapView, map_view
from ipsp.core.markdown import render as render_markdown
from ipsp.core.markdown import to_plain_text
from ipsp.core.panels import entry_panels
from ipsp.search.related import related_context

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def actor_url(public_id: str) -> str:
    return reverse("actors:detail", kwargs={"public_id": public_id})


def actor_jsonld_data(public: PublicActor, canonical_url: str) -> dict[str, Any]:
    """schema.org Organization, from the public view only."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": canonical_url,
        "url": canonical_url,
        "name": public.name,
    }
    if public.acronym or public.other_names:
        data["alternateName"] = [n for n in (public.acronym, *public.other_names) if n]
    if public.problems:
        data["description"] = Truncator(to_plain_text(public.problems)).chars(500)
    if public.logo_url:
        data["logo"] = settings.SITE_URL + public.logo_url
    if public.founding_year:
        data["foundingDate"] = str(public.founding_year)
    if public.themes:
        data["knowsAbout"] = [term.label for term in public.themes]
    areas: list[dict[str, Any]] = [{"@type": "Country", "name": t.label} for t in public.countries]
    areas += [
        {
            "@type": "Place",
            "name": place.name,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": place.latitude,
                "longitude": place.longitude,
            },
        }
        for place in public.places
    ]
    if areas:
        data["areaServed"] = areas
    if public.links:
        data["sameAs"] = [link.url for link in public.links]
    return data


def _jsonld(public: PublicActor, canonical_url: str) -> SafeString:
    text = json.dumps(actor_jsonld_data(public, canonical_url), ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - <, >, & escaped


def _map(public: PublicActor) -> MapView | None:
    return map_view(public.places)  # the same small self-hosted map as initiatives


@require_safe
def actor_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = queries.actor_get_with_content(public_id)
    if actor is None:
        raise Http404
    if actor.state == Actor.State.MERGED and actor.merged_into is not None:
        return HttpResponsePermanentRedirect(actor_url(actor.merged_into.public_id))
    if actor.state == Actor.State.WITHDRAWN:
        return render(
            request,
            "actors/tombstone.html",
            {
                "name": actor.name,
                "published_at": actor.published_at,
                "withdrawn_at": actor.withdrawn_at,
                "reason": actor.withdrawal_reason,
            },
            status=410,
        )
    editor = request.user.is_authenticated and can_edit(request.user, actor)
    if actor.state != Actor.State.PUBLISHED and not editor:
        raise Http404
    public = actor_public(actor)
    canonical_url = settings.SITE_URL + request.path
    texts = [
        (key, render_markdown(getattr(public, key)))
        for key in ("problems", "activities", "partnerships", "collaboration")
        if getattr(public, key).strip()
    ]
    context = {
        "public": public,
        "texts": texts,
        "initiatives": queries.actor_initiatives(actor, everything=editor),
        "map": _map(public),
        "places": public.places,
        "jsonld": _jsonld(public, canonical_url),
        "canonical_url": canonical_url,
        "description": Truncator(to_plain_text(public.problems)).chars(300),
        "citation": actor_citation(public, canonical_url),
        "editable": editor,
        "is_preview": actor.state != Actor.State.PUBLISHED,
        # Validation badges, flags, a contact button: added by other packages (core.panels).
        "panels": entry_panels(request, queries.panel_entry(actor)),
    }
    if not context["is_preview"]:  # related entries and topics (ipsp.search.related)
        context.update(related_context("actor", actor.public_id))
    response = render(request, "actors/detail.html", context)
    if context["is_preview"]:
        response["X-Robots-Tag"] = "noindex"
    return response
