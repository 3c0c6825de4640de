"""What an initiative hands the identifiers package: its citable records.

``citable_records(initiative)`` describes the published version twice: once as
the concept (the initiative as a whole, version None) and once as that version.
Landing pages are the public pages, in English (DOIs resolve to one address).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from ipsp.core.markdown import to_plain_text
from ipsp.identifiers.records import (
    CitableRecord,
    Creator,
    GeoLocation,
    RelatedLink,
    Subject,
    register_record_source,
)
from ipsp.initiatives.models import Initiative, InitiativeLink, InitiativeVersion
from ipsp.initiatives.queries import initiative_get_public, version_get, version_with_content

KIND = "initiative"
SCHEMES = {
    "sdg": "Sustainable Development Goals",
    "discipline": "OECD Fields of Science and Technology",
    "theme": "IPSP transversal themes",
    "agenda": "IPSP agenda components",
    "project_type": "IPSP project types",
    "activity_type": "IPSP activity types",
}


def _url(name: str, fallback: str, **kwargs: object) -> str:
    # The public pages are written in views_public.py; until their names exist the
    # address they will have is used, so publishing never depends on page order.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            path = fallback
    return settings.SITE_URL + path


def landing_url(initiative: Initiative, number: int | None = None) -> str:
    lang = settings.LANGUAGE_CODE
    if number is None:
        return _url(
            "initiatives:detail",
            f"/{lang}/initiatives/{initiative.public_id}/",
            public_id=initiative.public_id,
        )
    return _url(
        "initiatives:version",
        f"/{lang}/initiatives/{initiative.public_id}/versions/{number}/",
        public_id=initiative.public_id,
        number=number,
    )


def _record(initiative: Initiative, version: InitiativeVersion, *, concept: bool) -> CitableRecord:
    organisations = [row.actor.name for row in version.organisations.all()]
    creators = tuple(Creator(name=name) for name in version.holders) + tuple(
        Creator(name=name, kind="organizational") for name in organisations
    )
    subjects = tuple(
        Subject(
            label=term.label,
            scheme=SCHEMES.get(term.vocabulary.code, term.vocabulary.code),
            code=term.code,
        )
        for term in version.terms.all()
        if term.vocabulary.code in SCHEMES
    )
    places = tuple(
        GeoLocation(place=place.name, latitude=place.latitude, longitude=place.longitude)
        for place in version.places.all()
    ) + tuple(
        GeoLocation(place=term.label)
        for term in version.terms.all()
        if term.vocabulary.code == "country"
    )
    links = tuple(
        RelatedLink(
            identifier=link.url,
            relation="IsDocumentedBy"
            if link.kind == InitiativeLink.Kind.EVIDENCE
            else "References",
        )
        for link in version.links.all()
    )
    published = version.published_at or initiative.published_at
    assert published is not None
    first = initiative.published_at or published
    return CitableRecord(
        kind=KIND,
        public_id=initiative.public_id,
        title=version.title,
        landing_url=landing_url(initiative, None if concept else version.number),
        publication_date=(first if concept else published).date(),
        version=None if concept else version.number,
        creators=creators,
        language=version.language or "en",
        summary=to_plain_text(version.summary),
        subjects=subjects,
        geo_locations=places,
        related_links=links,
        created=initiative.created_at.date(),
        updated=published.date(),
    )


def citable_record(
    initiative: Initiative, version: InitiativeVersion, *, concept: bool = False
) -> CitableRecord:
    """One record of a published version whose terms, organisations, links and places
    are already loaded (as the public pages load them): no query.

    With ``concept=True`` the version is described as the initiative as a whole: pass
    the published (latest) version then, as the concept DOI describes the latest one.
    """
    if version.number is None:
        raise ValueError("version: only a published version can be cited")
    with translation.override(version.language or settings.LANGUAGE_CODE):
        return _record(initiative, version, concept=concept)


def citable_records(
    initiative: Initiative, version: InitiativeVersion | None = None
) -> tuple[CitableRecord, CitableRecord]:
    """(concept, version) records; ``version`` defaults to the published one."""
    chosen = version or initiative.published_version
    if chosen is None or chosen.number is None:
        raise ValueError("version: only a published version can be cited")
    with translation.override(chosen.language or settings.LANGUAGE_CODE):
        loaded = version_with_content(chosen.pk)
        latest = (
            version_with_content(initiative.published_version_id)
            if initiative.published_version_id
            else loaded
        )
        return _record(initiative, latest, concept=True), _record(initiative, loaded, concept=False)


def doi_record(public_id: str, version: int | None) -> CitableRecord | None:
    """The record a DOI of this initiative describes now (the concept for ``version=None``);
    registration at DataCite builds the document it sends from it. None if not published."""
    if version is None:
        initiative = initiative_get_public(public_id)
        if initiative is None or initiative.published_version is None:
            return None
        return citable_record(initiative, initiative.published_version, concept=True)
    initiative = (
        Initiative.objects.filter(public_id=public_id).exclude(published_version=None).first()
    )
    chosen = version_get(initiative, version) if initiative is not None else None
    if initiative is None or chosen is None or chosen.number is None:
        return None
    return citable_record(initiative, chosen)


def register() -> None:
    """Called from ``InitiativesConfig.ready``: DOIs of initiatives are described by
    ``doi_record`` when registration has no page to take the record from."""
    register_record_source(KIND, doi_record)
