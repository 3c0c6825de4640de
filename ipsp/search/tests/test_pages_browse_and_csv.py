"""Browse pages per term with a localised heading, and the filtered list as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.test import Client

from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(taxonomy: None) -> None:
    index(
        make_doc(
            "Fair pay for tea pickers",
            "Living wages on tea estates.",
            public_id="TEA000001",
            theme=["living-wages"],
            country=["KE"],
            region=["002", "202", "014"],
            status=["active"],
            start_year=["2020"],
        ),
        make_doc(
            "Garment workers' wages",
            "Living wages in garment factories.",
            public_id="GARMENT01",
            theme=["living-wages"],
            country=["BD"],
            region=["142", "034"],
        ),
        make_doc(
            '=HYPERLINK("http://evil.example/","click")',
            "A title written to attack spreadsheets.",
            public_id="EVIL00001",
            theme=["living-wages"],
            country=["KE"],
            region=["002", "202", "014"],
        ),
    )


def heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match
    return match.group(1).strip()


def test_a_browse_page_names_its_term_and_place_in_english_and_french(
    client: Client, entries: None
) -> None:
    url = "/{}/search/browse/theme/living-wages/?region=014&kind=initiative"
    english = client.get(url.format("en")).content.decode()
    assert heading(english) == "Initiatives on Living wages in Eastern Africa"
    assert "Garment workers" not in english and "Fair pay for tea pickers" in english
    french = client.get(url.format("fr")).content.decode()
    assert heading(french) == "Initiatives sur Salaires vitaux (Afrique de l&#x27;Est)"


def test_a_browse_page_without_a_place_lists_every_entry_on_the_term(
    client: Client, entries: None
) -> None:
    html = client.get("/en/search/browse/theme/living-wages/").content.decode()
    assert heading(html) == "Entries on Living wages"
    assert "Garment workers" in html and "Fair pay for tea pickers" in html
    # the same state on the search page has the same heading
    same = client.get("/en/search/?theme=living-wages").content.decode()
    assert heading(same) == "Entries on Living wages"


def test_a_browse_page_for_an_unknown_term_or_vocabulary_is_not_found(
    client: Client, entries: None
) -> None:
    assert client.get("/en/search/browse/theme/no-such-theme/").status_code == 404
    assert client.get("/en/search/browse/planets/mars/").status_code == 404


def test_the_taxonomy_term_page_links_to_its_browse_page(client: Client, entries: None) -> None:
    html = client.get("/en/taxonomy/theme/living-wages/").content.decode()
    assert 'href="/en/search/browse/theme/living-wages/"' in html


def read_csv(client: Client, query: str) -> tuple[object, list[list[str]]]:
    response = client.get(f"/en/search/export.csv?{query}")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith("\ufeff".encode())  # a BOM, for spreadsheet applications
    return response, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_holds_the_filtered_list_with_public_fields_only(
    client: Client, entries: None
) -> None:
    response, rows = read_csv(client, "theme=living-wages&country=KE&sort=newest")
    assert response["Content-Type"] == "text/csv; charset=utf-8"  # type: ignore[index]
    assert re.fullmatch(
        r'attachment; filename="ipsp-search-\d{4}-\d\d-\d\d.csv"',
        response["Content-Disposition"],  # type: ignore[index]
    )
    assert rows[0] == [
        "Public id",
        "Kind",
        "Title",
        "Address",
        "DOI",
        "Countries",
        "Themes",
        "Status",
        "Start year",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {"TEA000001", "EVIL00001"}
    assert by_id["TEA000001"][1:] == [
        "Initiative",
        "Fair pay for tea pickers",
        f"{settings.SITE_URL}/en/initiatives/TEA000001/",
        "",
        "KE",
        "Living wages",
        "Active",
        "2020",
    ]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client: Client, entries: None
) -> None:
    _response, rows = read_csv(client, "q=spreadsheets")
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example/","click")'


def test_a_csv_of_a_bad_query_is_a_clear_message(client: Client, entries: None) -> None:
    response = client.get("/en/search/export.csv?q=-wages")
    assert response.status_code == 400
    assert "cannot only exclude words" in response.content.decode()
