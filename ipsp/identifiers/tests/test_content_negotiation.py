"""The Accept header picks a citation format on an entry's page URL; downloads name their file."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.test import RequestFactory

from ipsp.identifiers import http
from ipsp.identifiers.models import Doi
from ipsp.identifiers.tests.records import make_record

DOI = Doi(doi="10.99999/ipsp.7kq2m9xa4", state=Doi.State.REGISTERED)


def negotiate(accept: str | None) -> str | None:
    headers = {} if accept is None else {"Accept": accept}
    return http.negotiate(RequestFactory().get("/en/initiatives/7kq2m9xa4/", headers=headers))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, None),
        ("", None),
        ("*/*", None),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None),
        ("application/x-bibtex", "bibtex"),
        ("text/x-bibtex", "bibtex"),
        ("application/x-research-info-systems", "ris"),
        ("application/vnd.citationstyles.csl+json", "csl-json"),
        ("application/vnd.datacite.datacite+xml", "datacite-xml"),
        ("application/vnd.datacite.datacite+json", "datacite-json"),
        ("application/x-bibtex;q=0.5, text/html;q=0.9", None),
        ("text/html;q=0.4, application/x-bibtex;q=0.5", "bibtex"),
        ("application/x-bibtex;q=0.3, application/x-research-info-systems;q=0.7", "ris"),
        ("application/x-bibtex, */*;q=0.1", "bibtex"),
        ("application/*", None),
        ("application/x-bibtex;q=0", None),
        ("image/png", None),
        ("application/x-bibtex;q=oops", None),
        ("APPLICATION/X-BIBTEX", "bibtex"),
    ],
)
def test_the_accept_header_picks_the_format(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


def test_a_negotiated_response_has_its_content_type_and_varies_on_accept() -> None:
    response = http.citation_response(make_record(), DOI, "csl-json")

    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert "Accept" in response["Vary"]
    assert response["Content-Disposition"] == 'inline; filename="ipsp-7kq2m9xa4.csl.json"'
    assert response["Link"] == '<https://doi.org/10.99999/ipsp.7kq2m9xa4>; rel="cite-as"'
    assert json.loads(response.content)[0]["DOI"] == "10.99999/ipsp.7kq2m9xa4"


@pytest.mark.parametrize(
    ("fmt", "filename", "content_type"),
    [
        ("bib", "ipsp-7kq2m9xa4-v2.bib", "application/x-bibtex"),
        ("ris", "ipsp-7kq2m9xa4-v2.ris", "application/x-research-info-systems"),
        ("csl.json", "ipsp-7kq2m9xa4-v2.csl.json", "application/vnd.citationstyles.csl+json"),
        ("datacite.xml", "ipsp-7kq2m9xa4-v2.datacite.xml", "application/vnd.datacite.datacite+xml"),
        (
            "datacite-json",
            "ipsp-7kq2m9xa4-v2.datacite.json",
            "application/vnd.datacite.datacite+json",
        ),
    ],
)
@pytest.mark.django_db
def test_downloads_are_attachments_named_after_the_entry_and_version(
    fmt: str, filename: str, content_type: str
) -> None:
    response = http.citation_download(make_record(version=2), DOI, fmt)

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response.content


@pytest.mark.parametrize("fmt", ["pdf", "", "../etc/passwd", "html"])
def test_an_unknown_format_is_not_found(fmt: str) -> None:
    with pytest.raises(Http404):
        http.citation_download(make_record(), DOI, fmt)
