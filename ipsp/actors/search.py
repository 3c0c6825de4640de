"""What actors hand the search index: one ``SearchDocument`` per published actor,
built from the public view only (``actor_public``), so that no restricted value is
ever indexed or shown in a snippet."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from ipsp.actors.models import Actor, ActorLink
from ipsp.actors.public import PublicActor, actor_public
from ipsp.core.markdown import to_plain_text
from ipsp.search.documents import SearchDocument
from ipsp.taxonomy.models import Term

KIND = "actor"
SMALL_SIZES = {"none", "1-5", "6-20"}
BATCH = 500


def search_document_from_public(public: PublicActor) -> SearchDocument:
    texts = [
        to_plain_text(text)
        for text in (
            public.problems,
            public.activities,
            public.partnerships,
            public.collaboration,
            public.collaboration_offer,
            public.collaboration_seek,
        )
        if text.strip()
    ]
    names = public.searchable_names()
    language = public.language or "en"
    facets: dict[str, list[str]] = {
        "actor_type": [term.code for term in public.actor_types],
        "theme": [term.code for term in public.themes],
        "country": [term.code for term in public.countries],
    }
    if public.founding_year:
        facets["start_year"] = [str(public.founding_year)]
    return SearchDocument(
        kind=KIND,
        public_id=public.public_id,
        language=language,
        title=public.name,
        other_titles=tuple((language, name) for name in names),
        texts=tuple((language, text) for text in texts),
        facets=facets,
        published_at=public.published_at,
        updated_at=public.updated_at,
        # New and small organisations are what the seed asks the directory to surface.
        boost=1.1 if public.staff_size in SMALL_SIZES else 1.0,
        points=tuple((place.latitude, place.longitude) for place in public.places),
    )


def actor_search_document(actor: Actor) -> SearchDocument:
    """The published actor as the index sees it: public fields only."""
    return search_document_from_public(actor_public(actor))


def published_documents() -> Iterator[SearchDocument]:
    """Every published actor, for a full rebuild of the index (registered in apps.py).

    The same documents as ``actor_search_document`` gives, with less loaded: the terms
    with what ``actor_public`` reads of them (not their descriptions nor source data),
    and neither the links nor the collaboration terms, which a document does not
    contain (left empty in the public view a document is made from, not read). The
    actors' pages load them all (``queries.with_content``).
    """
    terms = Term.objects.select_related("vocabulary").only(
        "code", "order", "labels", "vocabulary__code"
    )
    queryset = (
        Actor.objects.filter(state=Actor.State.PUBLISHED)
        .prefetch_related(
            Prefetch("terms", queryset=terms),
            Prefetch("collaboration_terms", queryset=Term.objects.none()),
            Prefetch("links", queryset=ActorLink.objects.none()),
            "places",
        )
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        for actor in batch:
            yield actor_search_document(actor)
        last = batch[-1].pk


def published_count() -> int:
    return Actor.objects.published().count()
