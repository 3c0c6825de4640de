"""Issue 3, point 4: the page offers its citation in BibTeX, RIS, CSL-JSON, DataCite XML
and DataCite JSON, as downloads and by content negotiation on the page URL; each
export parses with an independent reader and the DataCite metadata validates."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from datacite import schema45
from django.conf import settings
from lxml import etree

from ipsp.initiatives.citable import citable_record, citable_records
from ipsp.initiatives.public_queries import initiative_public
from ipsp.initiatives.tests.public_helpers import page_url, publish, publish_new_version, visitor

pytestmark = pytest.mark.django_db

KERNEL = "{http://datacite.org/schema/kernel-4}"
FORMATS = [
    ("application/x-bibtex", "bib"),
    ("application/x-research-info-systems", "ris"),
    ("application/vnd.citationstyles.csl+json", "csl.json"),
    ("application/vnd.datacite.datacite+xml", "datacite.xml"),
    ("application/vnd.datacite.datacite+json", "datacite.json"),
]


@pytest.fixture
def initiative(contributor: Any, terms: Any) -> Any:
    return publish(contributor.user, terms)


@pytest.mark.parametrize(("media_type", "extension"), FORMATS)
def test_the_page_url_answers_each_format_by_content_negotiation(
    initiative: Any, media_type: str, extension: str
) -> None:
    response = visitor().get(page_url(initiative), headers={"Accept": media_type})

    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert "Accept" in response["Vary"]
    assert f"10.99999/ipsp.{initiative.public_id}" in response.content.decode()
    assert not response.cookies


def test_the_html_page_varies_on_accept(initiative: Any) -> None:
    response = visitor().get(page_url(initiative), headers={"Accept": "text/html,*/*;q=0.8"})

    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize(("media_type", "extension"), FORMATS)
def test_each_format_is_offered_as_a_download(
    initiative: Any, media_type: str, extension: str
) -> None:
    html = visitor().get(page_url(initiative)).content.decode()
    url = page_url(initiative, suffix=f"cite.{extension}")

    response = visitor().get(url)

    assert f'href="{url}"' in html
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert f"ipsp-{initiative.public_id}.{extension}" in response["Content-Disposition"]


def test_an_unknown_format_is_not_found(initiative: Any) -> None:
    assert visitor().get(page_url(initiative, suffix="cite.docx")).status_code == 404


def test_the_bibtex_export_parses_with_bibtexparser(initiative: Any) -> None:
    text = visitor().get(page_url(initiative, suffix="cite.bib")).content.decode()

    entry = bibtexparser.parse_string(text).entries[0]

    assert entry["title"].strip("{}") == "Community water kiosks"
    assert entry["doi"] == f"10.99999/ipsp.{initiative.public_id}"
    assert "Wanjiru Kamau" in entry["author"] and "Maji Safi Collective" in entry["author"]


def test_the_ris_export_parses_with_rispy(initiative: Any) -> None:
    text = visitor().get(page_url(initiative, suffix="cite.ris")).content.decode()

    record = rispy.loads(text)[0]

    assert record["title"] == "Community water kiosks"
    assert record["doi"] == f"10.99999/ipsp.{initiative.public_id}"
    assert record["authors"] == ["Wanjiru Kamau", "Maji Safi Collective"]


def test_the_csl_json_export_renders_with_citeproc_py(initiative: Any) -> None:
    items = json.loads(visitor().get(page_url(initiative, suffix="cite.csl.json")).content)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))

    text = str(bibliography.bibliography()[0])

    assert "Community water kiosks" in text


def test_the_datacite_metadata_of_a_published_initiative_validates_against_the_schema(
    initiative: Any,
) -> None:
    data = json.loads(visitor().get(page_url(initiative, suffix="cite.datacite.json")).content)
    xml = visitor().get(page_url(initiative, suffix="cite.datacite.xml")).content

    assert schema45.validate(data)
    # The XML is the serialisation of exactly that validated metadata.
    assert etree.tostring(etree.fromstring(xml)) == etree.tostring(
        etree.fromstring(schema45.tostring(data).encode())
    )
    root = etree.fromstring(xml)
    assert root.findtext(f"{KERNEL}identifier") == f"10.99999/ipsp.{initiative.public_id}"
    relations = {r.get("relationType") for r in root.iter(f"{KERNEL}relatedIdentifier")}
    assert "HasVersion" in relations


def test_a_version_page_negotiates_the_citation_of_that_version(
    initiative: Any, terms: Any
) -> None:
    publish_new_version(initiative, terms, title="Community water kiosks in twelve towns")

    response = visitor().get(
        page_url(initiative, suffix="versions/1/"),
        headers={"Accept": "application/vnd.datacite.datacite+json"},
    )
    data = json.loads(response.content)

    assert data["doi"] == f"10.99999/ipsp.{initiative.public_id}.v1"
    assert data["version"] == "1"
    assert data["titles"][0]["title"] == "Community water kiosks"
    assert schema45.validate(data)
    relations = {(r["relationType"], r["relatedIdentifier"]) for r in data["relatedIdentifiers"]}
    assert ("IsVersionOf", f"10.99999/ipsp.{initiative.public_id}") in relations
    assert ("IsPreviousVersionOf", f"10.99999/ipsp.{initiative.public_id}.v2") in relations


def test_the_citable_record_of_an_initiative_is_complete(initiative: Any, terms: Any) -> None:
    loaded = initiative_public(initiative.public_id)
    assert loaded is not None and loaded.published_version is not None

    concept = citable_record(loaded, loaded.published_version, concept=True)
    version = citable_record(loaded, loaded.published_version)

    assert concept.title == "Community water kiosks"
    assert [(c.name, c.kind) for c in concept.creators] == [
        ("Wanjiru Kamau", "personal"),
        ("Maji Safi Collective", "organizational"),
    ]
    assert concept.publisher == "International Platform for Social Progress"
    assert concept.year == initiative.published_at.year
    assert concept.version is None and version.version == 1
    assert concept.language == "en"
    assert concept.summary.startswith("Solar-powered kiosks")
    assert {s.code for s in concept.subjects} >= {terms["sdg"][0].code, terms["theme"][0].code}
    assert any(place.place == "Nairobi" and place.has_point for place in concept.geo_locations)
    assert any(place.place == terms["country"][0].label for place in concept.geo_locations)
    assert concept.landing_url == f"{settings.SITE_URL}/en/initiatives/{initiative.public_id}/"
    assert version.landing_url.endswith(f"/en/initiatives/{initiative.public_id}/versions/1/")
    assert concept.created == initiative.created_at.date()
    assert version.updated == initiative.published_at.date()
    # The records built at publication (the DOI hook) are the same as the page's.
    assert citable_records(loaded) == (concept, version)
