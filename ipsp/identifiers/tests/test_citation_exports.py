"""BibTeX, RIS and CSL-JSON exports parse with independent parsers; APA and Chicago read right."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from ipsp.identifiers import citations
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import Creator
from ipsp.identifiers.tests.records import make_record

TRICKY_TITLE = r"Health & rights: 100% of {rural} workers_paid $5 #now ~ ^ \ in São Tomé"
DOI = Doi(doi="10.99999/ipsp.7kq2m9xa4.v2", state=Doi.State.REGISTERED)


def parse_bibtex(text: str) -> Any:
    return bibtexparser.parse_string(
        text,
        append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
    )


def test_bibtex_parses_and_round_trips_title_doi_and_year_with_latex_specials() -> None:
    record = make_record(version=2, title=TRICKY_TITLE)

    library = parse_bibtex(citations.bibtex(record, DOI))

    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == "ipsp_7kq2m9xa4_v2"
    # pylatexenc reads LaTeX's \textasciicircum as U+02C6, the modifier letter
    assert entry["title"].replace("\u02c6", "^") == TRICKY_TITLE
    assert entry["doi"] == "10.99999/ipsp.7kq2m9xa4.v2"
    assert entry["year"] == "2025"
    assert entry["url"] == "https://ipsp.example.org/en/initiatives/7kq2m9xa4/versions/2/"


def test_bibtex_keeps_organisations_whole_and_splits_people_into_family_and_given() -> None:
    record = make_record(
        creators=(
            Creator(name="Awa Diallo", given_name="Awa", family_name="Diallo"),
            Creator(name="Research & Action Network, Dakar", kind="organizational"),
            Creator(name="李 伟", given_name="伟", family_name="李"),
        )
    )

    library = bibtexparser.parse_string(
        citations.bibtex(record, DOI), append_middleware=[SeparateCoAuthors()]
    )

    authors = library.entries[0]["author"]
    assert authors == ["Diallo, Awa", r"{Research \& Action Network, Dakar}", "李, 伟"]


@pytest.mark.parametrize("title", ["Écoles ouvertes", "مدارس مفتوحة", "开放学校"])
def test_bibtex_keeps_non_ascii_text_as_utf8(title: str) -> None:
    entry = parse_bibtex(citations.bibtex(make_record(title=title), DOI)).entries[0]

    assert entry["title"] == title


def test_ris_parses_with_rispy() -> None:
    record = make_record(version=2, title=TRICKY_TITLE, summary="Line one.\nLine two.")

    (entry,) = rispy.loads(citations.ris(record, DOI))

    assert entry["type_of_reference"] == "GEN"
    assert entry["title"] == TRICKY_TITLE
    assert entry["authors"] == ["Diallo, Awa", "Santé Pour Tous"]
    assert entry["doi"] == "10.99999/ipsp.7kq2m9xa4.v2"
    assert entry["year"] == "2025"
    assert entry["urls"] == ["https://ipsp.example.org/en/initiatives/7kq2m9xa4/versions/2/"]
    assert entry["abstract"] == "Line one. Line two."
    assert entry["keywords"] == ["Good health and well-being", "Health sciences"]


def test_csl_json_renders_with_citeproc_py_and_its_own_bundled_style() -> None:
    items = json.loads(citations.csl_json(make_record(title=TRICKY_TITLE), DOI))
    # harvard-cite-them-right is the one style citeproc-py ships: independent of ours
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))

    text = str(bibliography.bibliography()[0])

    assert "Diallo" in text
    assert "2025" in text
    assert TRICKY_TITLE.split(":")[0] in text


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_apa_and_chicago_contain_the_doi_url(style: Any) -> None:
    text = citations.formatted(make_record(version=2), DOI, style)

    assert "https://doi.org/10.99999/ipsp.7kq2m9xa4.v2" in text
    assert "International Platform for Social Progress" in text


def test_apa_abbreviates_given_names_and_chicago_writes_them_out() -> None:
    record = make_record()

    assert citations.formatted(record, DOI, "apa").startswith("Diallo, A., &amp; Santé Pour Tous.")
    assert citations.formatted(record, DOI, "chicago").startswith(
        "Diallo, Awa, and Santé Pour Tous."
    )


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_formatted_citations_escape_html_in_the_record(style: Any) -> None:
    record = make_record(
        title="<script>alert('t')</script> & co",
        creators=(Creator(name='<img src=x onerror="alert(1)">', kind="organizational"),),
    )

    text = citations.formatted(record, DOI, style)

    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text


def test_formatted_citations_use_the_reader_s_language_where_citeproc_has_it() -> None:
    record = make_record(version=2)

    assert "Versión 2" in citations.formatted(record, DOI, "apa", "es")
    # citeproc-py ships no Swahili locale: English terms
    assert "Version 2" in citations.formatted(record, DOI, "apa", "sw")


def test_a_record_without_doi_is_cited_by_its_url() -> None:
    record = make_record()

    assert record.landing_url in citations.formatted(record, None, "apa")
    assert "doi" not in citations.bibtex(record, None)
