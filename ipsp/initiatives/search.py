"""Initiatives in the search index: the document of a published initiative, kept in step.

``initiative_search_sync(initiative)`` is called at the end of the services that
publish (a first publication or a published edit) and withdraw an initiative, inside
their transaction: the published version is (re)indexed, or the entry is removed.
The index is in the same database, so the decision and the index change commit or
roll back together.

Only the **published version's public fields** go into the document: title, summary,
the five texts, holders, organisations' names, the video transcript and the
taxonomy terms. Never the pending version (an edit waiting for validation), never
the contact address or its consent, never decision notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from ipsp.core.markdown import to_plain_text
from ipsp.initiatives.models import (
    Initiative,
    InitiativeOrganisation,
    InitiativePlace,
    InitiativeVersion,
)
from ipsp.search.documents import SearchDocument
from ipsp.taxonomy.models import Term

KIND = "initiative"
MARKDOWN_FIELDS = ("summary", "problem", "approach", "success", "replication", "externalities")
# Vocabularies whose term codes are facets of the same name.
TERM_FACETS = ("agenda", "theme", "sdg", "discipline", "project_type")

RegionMap = dict[str, list[str]]  # country code -> region codes, widest first
# The fields of a version ``version_search_document`` reads.
VERSION_FIELDS = (
    "title",
    "language",
    "project_status",
    "evidence_level",
    "start_date",
    "published_at",
    "holders",
    "transcript_text",
    *MARKDOWN_FIELDS,
)
REBUILD_CHUNK = 500  # initiatives read at a time by ``published_initiative_documents``


@dataclass(frozen=True)
class VersionRelations:
    """What a document needs of a version's related rows, as plain values.

    ``terms``: (vocabulary code, code, parent's code) in the taxonomy's order (``Term``'s
    ``Meta.ordering``); ``places``: (latitude, longitude, country code) in their order;
    ``organisations``: the actors' names in their order.
    """

    terms: list[tuple[str, str, str | None]]
    places: list[tuple[float, float, str]]
    organisations: list[str]

    @classmethod
    def of(cls, version: InitiativeVersion) -> VersionRelations:
        """From a version whose terms, places and organisations are loaded
        (``_published_prefetches``)."""
        return cls(
            terms=[
                (term.vocabulary.code, term.code, term.parent.code if term.parent else None)
                for term in version.terms.all()
            ],
            places=[(p.latitude, p.longitude, p.country_code) for p in version.places.all()],
            organisations=[row.actor.name for row in version.organisations.all()],
        )


def _published_prefetches(prefix: str = "") -> list[Prefetch]:
    return [
        Prefetch(f"{prefix}terms", queryset=Term.objects.select_related("vocabulary", "parent")),
        Prefetch(
            f"{prefix}organisations",
            queryset=InitiativeOrganisation.objects.select_related("actor").order_by("order"),
        ),
        Prefetch(f"{prefix}places", queryset=InitiativePlace.objects.order_by("order")),
    ]


def region_map(country_codes: Iterable[str] | None = None) -> RegionMap:
    """The UN M49 regions of countries (all of them when ``country_codes`` is None).

    Two queries whatever the number of countries (the taxonomy's ``regions_of`` walks
    the parents one query at a time, which a rebuild of 100,000 entries cannot afford).
    """
    regions = {
        term.pk: (term.code, term.parent_id)
        for term in Term.objects.of("region").only("pk", "code", "parent_id")
    }
    countries = Term.objects.of("country").only("code", "parent_id")
    if country_codes is not None:
        countries = countries.filter(code__in=[code.upper() for code in country_codes])
    found: RegionMap = {}
    for country in countries:
        chain: list[str] = []
        parent_id = country.parent_id
        while parent_id is not None and parent_id in regions and len(chain) < 10:
            code, parent_id = regions[parent_id]
            chain.append(code)
        found[country.code] = list(reversed(chain))
    return found


def _plain(text: str) -> str:
    return to_plain_text(text or "").strip()


def version_search_document(
    initiative: Initiative,
    version: InitiativeVersion,
    *,
    regions: RegionMap | None = None,
    relations: VersionRelations | None = None,
) -> SearchDocument:
    """The document of one published version (its terms, organisations and places loaded,
    or given as ``relations``)."""
    if relations is None:
        relations = VersionRelations.of(version)
    by_vocabulary: dict[str, list[tuple[str, str | None]]] = {}
    for vocabulary, code, parent in relations.terms:
        by_vocabulary.setdefault(vocabulary, []).append((code, parent))
    facets: dict[str, list[str]] = {name: [] for name in TERM_FACETS}
    for name in TERM_FACETS:
        facets[name] = [code for code, _parent in by_vocabulary.get(name, [])]
    # A theme belongs to an agenda component: the component is found through it too.
    for _code, parent in by_vocabulary.get("theme", []):
        if parent is not None and parent not in facets["agenda"]:
            facets["agenda"].append(parent)
    places = relations.places
    countries = [code.upper() for code, _parent in by_vocabulary.get("country", [])]
    countries += [country.upper() for _lat, _lon, country in places if country]
    countries = list(dict.fromkeys(countries))
    if regions is None:
        regions = region_map(countries)
    facets["country"] = countries
    facets["region"] = list(
        dict.fromkeys(code for country in countries for code in regions.get(country, []))
    )
    facets["status"] = [version.project_status] if version.project_status else []
    facets["evidence_level"] = [version.evidence_level] if version.evidence_level else []
    facets["start_year"] = [str(version.start_date.year)] if version.start_date else []
    language = (version.language or "").lower()
    if language:
        facets["language"] = [language]

    organisations = relations.organisations
    parts = [_plain(getattr(version, name)) for name in MARKDOWN_FIELDS]
    parts += [" ; ".join(version.holders or []), " ; ".join(organisations)]
    parts.append(version.transcript_text or "")
    text = "\n\n".join(part for part in parts if part)
    return SearchDocument(
        kind=KIND,
        public_id=initiative.public_id,
        language=language,
        title=version.title,
        # Translations go here as further (language, text) pairs once the translation
        # package stores them; the initiatives package keeps none today.
        texts=((language, text),),
        facets=facets,
        published_at=initiative.published_at or version.published_at,
        updated_at=version.published_at or initiative.published_at,
        flagged=False,  # reviews do not exist yet
        points=tuple((lat, lon, country.upper()) for lat, lon, country in places),
    )


def initiative_search_document(initiative: Initiative) -> SearchDocument:
    """The document of a published initiative, from its published version only."""
    if initiative.published_version_id is None:
        raise ValueError("only a published initiative has a search document")
    version = InitiativeVersion.objects.prefetch_related(*_published_prefetches()).get(
        pk=initiative.published_version_id
    )
    return version_search_document(initiative, version)


def initiative_search_sync(initiative: Initiative) -> None:
    """Make the index say what the initiative's state says (call inside its transaction).

    Published: its published version is indexed (replacing any older one);
    anything else (withdrawn...): it is not in the index.
    """
    from ipsp.search.services import document_index, document_remove

    current = (
        Initiative.objects.filter(pk=initiative.pk)
        .only("pk", "public_id", "state", "published_at", "published_version_id")
        .first()
    )
    if (
        current is not None
        and current.state == Initiative.State.PUBLISHED
        and current.published_version_id is not None
    ):
        document_index(initiative_search_document(current))
    else:
        document_remove(kind=KIND, public_id=initiative.public_id)


def published_initiatives_count() -> int:
    return Initiative.objects.published().filter(published_version__isnull=False).count()


def published_initiative_documents() -> Iterator[SearchDocument]:
    """Every published initiative's document, for ``rebuild_search_index``.

    The same documents as ``initiative_search_document`` gives, read in chunks with three
    queries of plain values per chunk (terms, places, organisations) and the taxonomy
    once: prefetching them as model instances (three per term) was most of a rebuild's
    time (~1 ms per initiative).
    """
    regions = region_map()
    taxonomy = _taxonomy()
    initiatives = (
        Initiative.objects.published()
        .filter(published_version__isnull=False)
        .select_related("published_version")
        .only(  # what a document reads (the rest, dates above all, costs to load)
            "public_id",
            "published_at",
            "published_version",
            *(f"published_version__{name}" for name in VERSION_FIELDS),
        )
        .order_by("pk")
    )
    chunk: list[Initiative] = []
    for initiative in initiatives.iterator(chunk_size=REBUILD_CHUNK):  # one query, streamed
        chunk.append(initiative)
        if len(chunk) == REBUILD_CHUNK:
            yield from _chunk_documents(chunk, regions, taxonomy)
            chunk = []
    yield from _chunk_documents(chunk, regions, taxonomy)


def _chunk_documents(
    chunk: list[Initiative], regions: RegionMap, taxonomy: Taxonomy
) -> Iterator[SearchDocument]:
    relations = _relations([initiative.published_version_id for initiative in chunk], taxonomy)
    for initiative in chunk:
        version = initiative.published_version
        assert version is not None
        yield version_search_document(
            initiative, version, regions=regions, relations=relations[version.pk]
        )


Taxonomy = dict[int, tuple[int, str, str, str | None]]


def _taxonomy() -> Taxonomy:
    """{term pk: (position, vocabulary code, code, parent's code)} of every term; the
    position is in ``Term``'s ``Meta.ordering``, the order of ``version.terms.all()``."""
    rows = Term.objects.values_list("pk", "vocabulary__code", "code", "parent__code")
    return {
        pk: (position, vocabulary, code, parent)
        for position, (pk, vocabulary, code, parent) in enumerate(rows)
    }


def _relations(version_ids: list[int | None], taxonomy: Taxonomy) -> dict[int, VersionRelations]:
    """Each version's ``VersionRelations``, in three queries."""
    terms: dict[int, list[tuple[int, str, str, str | None]]] = {}
    through = InitiativeVersion.terms.through.objects.filter(initiativeversion_id__in=version_ids)
    for version_id, term_id in through.values_list("initiativeversion_id", "term_id"):
        terms.setdefault(version_id, []).append(taxonomy[term_id])
    places: dict[int, list[tuple[float, float, str]]] = {}
    for version_id, latitude, longitude, country in (
        InitiativePlace.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "order", "pk")
        .values_list("version_id", "latitude", "longitude", "country_code")
    ):
        places.setdefault(version_id, []).append((latitude, longitude, country))
    organisations: dict[int, list[str]] = {}
    for version_id, name in (
        InitiativeOrganisation.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "order", "pk")
        .values_list("version_id", "actor__name")
    ):
        organisations.setdefault(version_id, []).append(name)
    return {
        version_id: VersionRelations(
            terms=[
                (vocabulary, code, parent)
                for _key, vocabulary, code, parent in sorted(
                    terms.get(version_id, []), key=lambda term: term[0]
                )
            ],
            places=places.get(version_id, []),
            organisations=organisations.get(version_id, []),
        )
        for version_id in version_ids
        if version_id is not None
    }


def search_register() -> None:
    """Register the rebuild provider and the labels of the initiatives' own facets."""
    from ipsp.search.filters import register_facet_labels
    from ipsp.search.registry import register_provider

    register_provider(KIND, published_initiative_documents, count=published_initiatives_count)
    register_facet_labels("status", dict(InitiativeVersion.ProjectStatus.choices))
    register_facet_labels("evidence_level", dict(InitiativeVersion.EvidenceLevel.choices))
