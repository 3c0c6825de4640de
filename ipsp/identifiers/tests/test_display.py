"""The "cite this" box, Highwire meta tags and schema.org JSON-LD of an entry page."""

from __future__ import annotations

import datetime
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from ipsp.identifiers import display
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import Creator
from ipsp.identifiers.tests.records import make_record

LINKS = {
    "bibtex": "/en/initiatives/7kq2m9xa4/cite.bib",
    "ris": "/en/initiatives/7kq2m9xa4/cite.ris",
    "csl-json": "/en/initiatives/7kq2m9xa4/cite.csl.json",
    "datacite-xml": "/en/initiatives/7kq2m9xa4/cite.datacite.xml",
    "datacite-json": "/en/initiatives/7kq2m9xa4/cite.datacite.json",
}


def doi(state: str = Doi.State.RESERVED, registered: bool = False) -> Doi:
    value = Doi(doi="10.99999/ipsp.7kq2m9xa4", state=state)
    if registered:
        value.registered_at = datetime.datetime(2025, 3, 14, tzinfo=datetime.UTC)
    return value


def cite_box_html(record: Any, value: Doi | None, language: str = "en") -> str:
    with translation.override(language):
        box = display.cite_box(record, value, LINKS)
        return render_to_string("identifiers/_cite_box.html", {"box": box})


@pytest.mark.django_db
def test_a_reserved_doi_is_shown_as_not_yet_registered_and_not_linked() -> None:
    html = cite_box_html(make_record(), doi())

    assert "reserved, not yet registered" in html
    assert 'href="https://doi.org/' not in html
    assert "https://doi.org/10.99999/ipsp.7kq2m9xa4" in html


@pytest.mark.django_db
def test_a_registered_doi_is_a_link_and_both_styles_and_five_downloads_show() -> None:
    html = cite_box_html(make_record(), doi(Doi.State.REGISTERED, registered=True))

    assert '<a href="https://doi.org/10.99999/ipsp.7kq2m9xa4"' in html
    assert "not yet registered" not in html
    assert "APA (7th edition)" in html and "Chicago (author-date)" in html
    assert html.count("https://doi.org/10.99999/ipsp.7kq2m9xa4") >= 3
    for label, url in [("BibTeX", LINKS["bibtex"]), ("DataCite XML", LINKS["datacite-xml"])]:
        assert f'href="{url}"' in html and label in html
    assert html.count(" download>") == 5


@pytest.mark.django_db
def test_an_entry_without_doi_says_it_gets_one_on_publication() -> None:
    html = cite_box_html(make_record(), None)

    assert "receives a DOI when it is published" in html


@pytest.mark.django_db
def test_the_cite_box_speaks_the_reader_s_language() -> None:
    html = cite_box_html(make_record(version=2), doi(), language="fr")

    assert "Citer cette version (version 2)" in html
    assert "réservé, pas encore enregistré" in html


@pytest.mark.django_db
def test_the_cite_box_escapes_the_record_s_text() -> None:
    record = make_record(title="<script>alert(1)</script>")

    html = cite_box_html(record, doi())

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class MetaCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            self.meta.append((values["name"] or "", values["content"] or ""))


def test_highwire_meta_tags_carry_title_authors_date_doi_and_url() -> None:
    record = make_record(title='Fair "wages" & <co>')
    html = render_to_string(
        "identifiers/_highwire_meta.html", {"highwire": display.highwire_meta(record, doi())}
    )
    parser = MetaCollector()
    parser.feed(html)

    meta = parser.meta
    assert ("citation_title", 'Fair "wages" & <co>') in meta
    assert ("citation_author", "Diallo, Awa") in meta
    assert ("citation_author", "Santé Pour Tous") in meta
    assert ("citation_publication_date", "2025/03/14") in meta
    assert ("citation_doi", "10.99999/ipsp.7kq2m9xa4") in meta
    assert ("citation_public_url", record.landing_url) in meta
    assert ("citation_language", "en") in meta


def test_json_ld_cannot_close_its_script_element_and_parses_back() -> None:
    record = make_record(
        title="</script><script>alert(1)</script>",
        creators=(Creator(name="A & B <Org>", kind="organizational"),),
    )

    html = render_to_string(
        "identifiers/_schema_org.html", {"jsonld": display.schema_org_jsonld(record, doi())}
    )

    body = html.split('<script type="application/ld+json">', 1)[1].rsplit("</script>", 1)[0]
    assert "</script" not in body and "<" not in body
    data = json.loads(body)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["@type"] == "CreativeWork"
    assert data["identifier"]["value"] == "10.99999/ipsp.7kq2m9xa4"
    assert data["creator"] == [{"@type": "Organization", "name": "A & B <Org>"}]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/legalcode"
