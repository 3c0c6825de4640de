"""Reads: the DOIs of an entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.utils.translation import get_language

from ipsp.identifiers.citations import csl_locale
from ipsp.identifiers.models import Doi


def with_references(dois: QuerySet[Doi], language: str | None = None) -> QuerySet[Doi]:
    """Each DOI with its stored APA and Chicago references in ``language`` (default: the
    active one) read in the same query; the cite box then needs no query of its own."""
    locale = csl_locale(language or get_language() or "en")
    current = FilteredRelation(
        "citations", condition=Q(citations__locale=locale, citations__revision=F("revision"))
    )
    return dois.annotate(
        cited=current,
        cited_locale=Value(locale),
        cited_apa=F("cited__apa"),
        cited_chicago=F("cited__chicago"),
    )


def doi_for(kind: str, public_id: str, version: int | None = None) -> Doi | None:
    """The concept DOI of an entry (``version=None``) or the DOI of one of its versions."""
    dois = Doi.objects.of(kind, public_id)
    if version is None:
        return dois.concepts().first()
    return dois.versions().filter(target_version=version).first()


def dois_for(kind: str, public_id: str) -> list[Doi]:
    """Every DOI of an entry: the concept first, then the versions in order."""
    dois = list(with_references(Doi.objects.of(kind, public_id)))
    return sorted(dois, key=lambda doi: (doi.kind != Doi.Kind.CONCEPT, doi.target_version or 0))


@dataclass
class EntryDois:
    """The DOIs of one entry: the concept DOI and one per published version."""

    concept: Doi | None = None
    versions: dict[int, Doi] = field(default_factory=dict)

    def of(self, number: int | None) -> Doi | None:
        return self.concept if number is None else self.versions.get(number)


def entry_dois(kind: str, public_id: str) -> EntryDois:
    """The entry's DOIs, by version number (one query)."""
    found = EntryDois()
    for doi in dois_for(kind, public_id):
        if doi.kind == Doi.Kind.CONCEPT:
            found.concept = doi
        elif doi.target_version is not None:
            found.versions[doi.target_version] = doi
    return found


def dois_pending_registration() -> QuerySet[Doi]:
    """DOIs whose current metadata DataCite does not have yet, oldest first.

    The negation of ``Doi.is_up_to_date``, computed by the database: iterate it with
    ``.iterator()`` or read its ids (``values_list``); ``.count()`` counts them there.
    """
    return Doi.objects.exclude(
        state=Doi.State.REGISTERED, registered_revision=F("revision")
    ).order_by("created_at", "pk")


def registered_concept_dois(kind: str, public_ids: list[str]) -> dict[str, str]:
    """The registered concept DOI of each of these entries that has one, in one query.

    For lists and downloads (the search CSV); reserved DOIs do not resolve yet and are left out.
    """
    rows = Doi.objects.filter(
        target_kind=kind,
        target_public_id__in=public_ids,
        kind=Doi.Kind.CONCEPT,
        state=Doi.State.REGISTERED,
    ).values_list("target_public_id", "doi")
    return dict(rows)
