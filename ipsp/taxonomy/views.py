from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ipsp.taxonomy.models import Term, Vocabulary


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    vocabularies = Vocabulary.objects.prefetch_related("terms")
    return render(request, "taxonomy/index.html", {"vocabularies": vocabularies})


@require_GET
def term(request: HttpRequest, vocabulary: str, code: str) -> HttpResponse:
    found = (
        Term.objects.select_related("vocabulary", "parent")
        .filter(vocabulary__code=vocabulary, code=code)
        .first()
    )
    if found is None:
        raise Http404
    return render(request, "taxonomy/term.html", {"term": found})
