from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ipsp.taxonomy import queries
from ipsp.taxonomy.models import Term


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    vocabularies = queries.vocabulary_list_public()
    for vocabulary in vocabularies:
        if vocabulary.code in {"country", "language"}:
            vocabulary.active_terms = queries.terms_by_label(vocabulary.active_terms)  # type: ignore[attr-defined]
    return render(request, "taxonomy/index.html", {"vocabularies": vocabularies})


@require_GET
def term(request: HttpRequest, vocabulary: str, code: str) -> HttpResponse:
    try:
        found = queries.term_get_public(vocabulary, code)
    except Term.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "taxonomy/term.html",
        {
            "term": found,
            "ancestors": queries.term_ancestors(found),
            "children": queries.term_children(found),
        },
    )
