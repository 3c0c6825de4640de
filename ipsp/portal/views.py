from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ipsp.taxonomy import queries as taxonomy_queries


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"agenda_components": taxonomy_queries.agenda_components_with_themes()},
    )


@require_GET
def page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template)
