"""DataCite metadata of concept and version DOIs validates against the schema `datacite` ships."""

from __future__ import annotations

import json
from typing import Any

import pytest
from datacite import schema45
from lxml import etree

from ipsp.identifiers import metadata, services
from ipsp.identifiers.records import GeoLocation, TranslatedTitle
from ipsp.identifiers.tests.conftest import FakeDirectory
from ipsp.identifiers.tests.records import make_record

KERNEL = "{http://datacite.org/schema/kernel-4}"

pytestmark = pytest.mark.django_db


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def related(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["relationType"], r["relatedIdentifier"]) for r in data["relatedIdentifiers"]}


def test_concept_metadata_validates_and_its_xml_names_the_concept_doi(
    no_datacite_credentials: Any,
) -> None:
    record = make_record()
    doi = services.doi_reserve_concept(record)

    data = metadata.datacite_metadata(record, doi)
    xml = parse(metadata.datacite_xml(record, doi))

    assert schema45.validate(data)
    assert xml.tag == f"{KERNEL}resource"
    identifier = xml.find(f"{KERNEL}identifier")
    assert identifier is not None and identifier.get("identifierType") == "DOI"
    assert identifier.text == "10.99999/ipsp.7kq2m9xa4"
    assert xml.find(f"{KERNEL}version") is None
    assert xml.findtext(f"{KERNEL}publisher") == "International Platform for Social Progress"
    assert xml.find(f"{KERNEL}resourceType").get("resourceTypeGeneral") == "Other"


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("ar", "العاملون الصحيون المجتمعيون في ريف السنغال"),
        ("zh-Hans", "塞内加尔农村的社区卫生工作者"),
        ("hi", "ग्रामीण सेनेगल में सामुदायिक स्वास्थ्य कार्यकर्ता"),
    ],
)
def test_version_metadata_with_a_non_latin_title_validates(
    no_datacite_credentials: Any, language: str, title: str
) -> None:
    record = make_record(
        version=1,
        title=title,
        language=language,
        translated_titles=(TranslatedTitle("Community health workers", "en"),),
    )
    concept, version = services.dois_publish(
        concept=make_record(title=title, language=language), version=record
    )

    data = metadata.datacite_metadata(record, version)
    xml = parse(metadata.datacite_xml(record, version))

    assert schema45.validate(data)
    titles = xml.findall(f"{KERNEL}titles/{KERNEL}title")
    assert titles[0].text == title
    assert titles[0].get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert titles[1].get("titleType") == "TranslatedTitle"
    assert xml.findtext(f"{KERNEL}version") == "1"
    assert ("IsVersionOf", concept.doi) in related(data)


def test_concept_lists_every_version_and_versions_link_to_their_neighbours(
    no_datacite_credentials: Any, directory: FakeDirectory
) -> None:
    directory.publish(make_record(), make_record(version=1))
    concept, second = directory.publish(
        make_record(title="Renamed"), make_record(version=2, title="Renamed")
    )

    first = services.Doi.objects.get(target_version=1)
    documents = {
        doi.doi: metadata.datacite_metadata(
            directory.entries[(doi.target_public_id, doi.target_version)], doi
        )
        for doi in (concept, first, second)
    }
    concept_links = related(documents[concept.doi])
    assert ("HasVersion", first.doi) in concept_links
    assert ("HasVersion", second.doi) in concept_links
    assert ("IsNewVersionOf", first.doi) in related(documents[second.doi])
    assert ("IsPreviousVersionOf", second.doi) in related(documents[first.doi])
    assert documents[concept.doi]["titles"][0]["title"] == "Renamed"
    for doi in (concept, first, second):
        assert schema45.validate(documents[doi.doi]), doi.doi
        parse(metadata.metadata_to_xml(documents[doi.doi]))
    # the new version changed the first one's document: it is due to be sent again
    assert first.revision == 2 and first.metadata_hash == ""


def test_an_entry_without_creators_is_credited_to_unknown_as_datacite_asks() -> None:
    data = metadata.datacite_metadata(make_record(creators=()))

    assert data["creators"] == [{"name": "(:unav)"}]
    assert schema45.validate(data)


def test_metadata_that_breaks_the_schema_is_refused_naming_the_field() -> None:
    record = make_record(geo_locations=(GeoLocation(place="Nowhere", latitude=123.0, longitude=0),))

    with pytest.raises(metadata.InvalidMetadata, match="geoLocations"):
        metadata.datacite_metadata(record)


def test_datacite_json_is_the_validated_dictionary() -> None:
    record = make_record(version=3)

    assert json.loads(metadata.datacite_json(record)) == metadata.datacite_metadata(record)
