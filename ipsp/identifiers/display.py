"""What an entry page shows of its identity: the "cite this" box, Highwire meta tags
and schema.org JSON-LD.

Templates: ``identifiers/_cite_box.html`` (context ``box``),
``identifiers/_highwire_meta.html`` (context ``highwire``) and
``identifiers/_schema_org.html`` (context ``jsonld``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ipsp.identifiers import citations
from ipsp.identifiers.http import FORMATS
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import CitableRecord


@dataclass(frozen=True)
class Download:
    label: str | Promise
    url: str
    media_type: str
    name: str


@dataclass(frozen=True)
class CiteBox:
    apa: SafeString
    chicago: SafeString
    doi: str  # "" when the entry has no DOI yet
    doi_url: str
    doi_registered: bool
    is_version: bool
    version: int | None
    downloads: tuple[Download, ...]


def cite_box(
    record: CitableRecord,
    doi: Doi | None,
    links: Mapping[str, str],
    *,
    language: str | None = None,
) -> CiteBox:
    """``links`` maps format names ("bibtex", "ris", "csl-json", "datacite-xml",
    "datacite-json") to their download URLs; formats without a link are not offered."""
    language = language or get_language() or "en"
    downloads = tuple(
        Download(label=fmt.label, url=links[fmt.name], media_type=fmt.media_type, name=fmt.name)
        for fmt in FORMATS
        if links.get(fmt.name)
    )
    apa, chicago = citations.references(record, doi, language)
    return CiteBox(
        apa=apa,
        chicago=chicago,
        doi=doi.doi if doi else "",
        doi_url=doi.resolver_url if doi else "",
        doi_registered=bool(doi and doi.is_registered),
        is_version=record.version is not None,
        version=record.version,
        downloads=downloads,
    )


def highwire_meta(record: CitableRecord, doi: Doi | None) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta name="citation_*"> (Google Scholar, Zotero)."""
    meta = [("citation_title", record.title)]
    for creator in record.creators:
        if creator.is_organisation or not creator.family_name:
            meta.append(("citation_author", creator.name))
        elif creator.given_name:
            meta.append(("citation_author", f"{creator.family_name}, {creator.given_name}"))
        else:
            meta.append(("citation_author", creator.family_name))
    meta += [
        ("citation_publication_date", record.publication_date.strftime("%Y/%m/%d")),
        ("citation_online_date", record.publication_date.strftime("%Y/%m/%d")),
        ("citation_publisher", record.publisher),
        ("citation_language", record.language),
        ("citation_public_url", record.landing_url),
        ("citation_abstract_html_url", record.landing_url),
    ]
    if doi is not None:
        meta.append(("citation_doi", doi.doi))
    labels = dict.fromkeys(subject.label for subject in record.subjects)
    meta += [("citation_keywords", label) for label in labels]
    return meta


_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _person(record: CitableRecord) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    for creator in record.creators:
        if creator.is_organisation:
            person: dict[str, Any] = {"@type": "Organization", "name": creator.name}
            if creator.ror:
                person["identifier"] = creator.ror
        else:
            person = {"@type": "Person", "name": creator.name}
            if creator.family_name:
                person["familyName"] = creator.family_name
            if creator.given_name:
                person["givenName"] = creator.given_name
            if creator.orcid:
                person["identifier"] = f"https://orcid.org/{creator.orcid}"
        if creator.affiliations:
            person["affiliation"] = [
                {"@type": "Organization", "name": name} for name in creator.affiliations
            ]
        people.append(person)
    return people


def schema_org_data(record: CitableRecord, doi: Doi | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": doi.resolver_url if doi else record.landing_url,
        "url": record.landing_url,
        "name": record.title,
        "inLanguage": record.language,
        "datePublished": record.publication_date.isoformat(),
        "publisher": {"@type": "Organization", "name": record.publisher},
        "license": record.rights.uri,
        "additionalType": record.resource_type,
    }
    if doi is not None:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": doi.doi,
            "url": doi.resolver_url,
        }
    if record.version is not None:
        data["version"] = str(record.version)
    if record.created:
        data["dateCreated"] = record.created.isoformat()
    if record.updated:
        data["dateModified"] = record.updated.isoformat()
    if record.creators:
        data["creator"] = _person(record)
    if record.summary.strip():
        data["abstract"] = record.summary.strip()
    if record.subjects:
        data["keywords"] = list(dict.fromkeys(subject.label for subject in record.subjects))
    places = []
    for location in record.geo_locations:
        place: dict[str, Any] = {"@type": "Place"}
        if location.place:
            place["name"] = location.place
        if location.has_point:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
        places.append(place)
    if places:
        data["spatialCoverage"] = places
    return data


def schema_org_jsonld(record: CitableRecord, doi: Doi | None) -> SafeString:
    """JSON-LD text, safe inside <script type="application/ld+json"> (no "</script>")."""
    text = json.dumps(schema_org_data(record, doi), ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - <, >, & escaped
