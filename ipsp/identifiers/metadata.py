"""DataCite metadata (kernel 4.5) built from a citable record, with the `datacite` package.

The dictionary follows the JSON the `datacite` package converts to XML
(``datacite.schema45``); every dictionary is validated against the JSON schema
the package ships before it leaves this module, so a record that would give
invalid metadata fails here, loudly, and not at DataCite.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from datacite import schema45
from django.conf import settings

from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import CitableRecord, Creator

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"
UNKNOWN = "(:unav)"  # DataCite's standard value for an unknown creator


class InvalidMetadata(ValueError):
    """The metadata built for a record does not validate against the DataCite schema."""


def doi_suffix(record: CitableRecord) -> str:
    """``ipsp.<public id>`` for the concept, ``ipsp.<public id>.v<N>`` for version N."""
    suffix = f"ipsp.{record.public_id}"
    return suffix if record.version is None else f"{suffix}.v{record.version}"


def doi_name(record: CitableRecord) -> str:
    return f"{settings.DOI_PREFIX}/{doi_suffix(record)}"


def concept_doi_name(record: CitableRecord) -> str:
    return f"{settings.DOI_PREFIX}/ipsp.{record.public_id}"


def _creator(creator: Creator) -> dict[str, Any]:
    data: dict[str, Any] = {"name": creator.name}
    if creator.is_organisation:
        data["nameType"] = "Organizational"
        if creator.ror:
            data["nameIdentifiers"] = [
                {
                    "nameIdentifier": creator.ror,
                    "nameIdentifierScheme": "ROR",
                    "schemeUri": "https://ror.org",
                }
            ]
    else:
        data["nameType"] = "Personal"
        if creator.family_name:
            data["name"] = (
                f"{creator.family_name}, {creator.given_name}"
                if creator.given_name
                else creator.family_name
            )
            data["familyName"] = creator.family_name
            if creator.given_name:
                data["givenName"] = creator.given_name
        if creator.orcid:
            data["nameIdentifiers"] = [
                {
                    "nameIdentifier": creator.orcid,
                    "nameIdentifierScheme": "ORCID",
                    "schemeUri": "https://orcid.org",
                }
            ]
    if creator.affiliations:
        data["affiliation"] = [{"name": name} for name in creator.affiliations]
    return data


def _related_identifiers(record: CitableRecord, doi_string: str) -> list[dict[str, str]]:
    """Links between the concept DOI and the version DOIs, then the record's own links."""

    def related(identifier: str, relation: str, kind: str = "DOI") -> dict[str, str]:
        return {
            "relatedIdentifier": identifier,
            "relatedIdentifierType": kind,
            "relationType": relation,
        }

    related_list: list[dict[str, str]] = []
    siblings = Doi.objects.of(record.kind, record.public_id).exclude(doi=doi_string)
    if record.version is None:
        for version_doi in siblings.versions().order_by("target_version"):
            related_list.append(related(version_doi.doi, "HasVersion"))
    else:
        related_list.append(related(concept_doi_name(record), "IsVersionOf"))
        for other in siblings.versions().filter(
            target_version__in=[record.version - 1, record.version + 1]
        ):
            assert other.target_version is not None
            relation = (
                "IsNewVersionOf" if other.target_version < record.version else "IsPreviousVersionOf"
            )
            related_list.append(related(other.doi, relation))
    for link in record.related_links:
        related_list.append(related(link.identifier, link.relation, link.identifier_type))
    return related_list


def _geo_locations(record: CitableRecord) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    for place in record.geo_locations:
        location: dict[str, Any] = {}
        if place.place:
            location["geoLocationPlace"] = place.place
        if place.has_point:
            location["geoLocationPoint"] = {
                "pointLatitude": place.latitude,
                "pointLongitude": place.longitude,
            }
        if location and location not in locations:
            locations.append(location)
    return locations


def _dates(record: CitableRecord) -> list[dict[str, str]]:
    dates = [{"date": record.publication_date.isoformat(), "dateType": "Available"}]
    if record.created:
        dates.append({"date": record.created.isoformat(), "dateType": "Created"})
    if record.updated:
        dates.append({"date": record.updated.isoformat(), "dateType": "Updated"})
    return dates


def datacite_metadata(record: CitableRecord, doi: Doi | None = None) -> dict[str, Any]:
    """DataCite kernel 4.5 metadata of ``record``, validated; ``doi`` defaults to its own name."""
    doi_string = doi.doi if doi is not None else doi_name(record)
    prefix, _slash, suffix = doi_string.partition("/")
    titles: list[dict[str, str]] = [{"title": record.title, "lang": record.language}]
    titles += [
        {"title": item.title, "lang": item.language, "titleType": "TranslatedTitle"}
        for item in record.translated_titles
    ]
    data: dict[str, Any] = {
        "doi": doi_string,
        "prefix": prefix,
        "suffix": suffix,
        "url": record.landing_url,
        "types": {
            "resourceTypeGeneral": record.resource_type_general,
            "resourceType": record.resource_type,
        },
        "creators": [_creator(creator) for creator in record.creators] or [{"name": UNKNOWN}],
        "titles": titles,
        "publisher": {"name": record.publisher},
        "publicationYear": f"{record.year:04d}",
        "language": record.language,
        "dates": _dates(record),
        "rightsList": [
            {
                "rights": record.rights.name,
                "rightsUri": record.rights.uri,
                "rightsIdentifier": record.rights.identifier,
                "rightsIdentifierScheme": "SPDX",
                "schemeUri": "https://spdx.org/licenses/",
            }
        ],
        "schemaVersion": SCHEMA_VERSION,
    }
    if record.version is not None:
        data["version"] = str(record.version)
    if record.summary.strip():
        data["descriptions"] = [
            {"description": record.summary.strip(), "descriptionType": "Abstract"}
        ]
    subjects = []
    for subject in record.subjects:
        item = {"subject": subject.label, "lang": record.language}
        if subject.scheme:
            item["subjectScheme"] = subject.scheme
        if subject.scheme_uri:
            item["schemeUri"] = subject.scheme_uri
        if subject.value_uri:
            item["valueUri"] = subject.value_uri
        if subject.code:
            item["classificationCode"] = subject.code
        if item not in subjects:
            subjects.append(item)
    if subjects:
        data["subjects"] = subjects
    if locations := _geo_locations(record):
        data["geoLocations"] = locations
    if related := _related_identifiers(record, doi_string):
        data["relatedIdentifiers"] = related
    validate(data)
    return data


def validate(data: dict[str, Any]) -> None:
    """Raise InvalidMetadata listing every schema error of ``data``."""
    errors = sorted(schema45.validator.iter_errors(data), key=lambda error: list(error.path))
    if errors:
        described = "; ".join(
            f"{'/'.join(str(part) for part in error.path) or '(root)'}: {error.message}"
            for error in errors
        )
        raise InvalidMetadata(described)


def metadata_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the metadata's canonical JSON: what a DOI keeps to notice a change."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def metadata_to_xml(data: dict[str, Any]) -> str:
    return str(schema45.tostring(data))


def datacite_xml(record: CitableRecord, doi: Doi | None = None) -> str:
    """DataCite XML (kernel 4.5) of the record."""
    return metadata_to_xml(datacite_metadata(record, doi))


def datacite_json(record: CitableRecord, doi: Doi | None = None) -> str:
    """DataCite JSON of the record, as the `datacite` package reads and writes it."""
    return json.dumps(datacite_metadata(record, doi), ensure_ascii=False, indent=2)
