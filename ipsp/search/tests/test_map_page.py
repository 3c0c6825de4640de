"""The map page: the same results as the list, usable without JavaScript, no cookie."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import unquote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from ipsp.search.documents import SearchDocument
from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def placed(doc: SearchDocument, *points: tuple[float, float, str]) -> SearchDocument:
    return dataclasses.replace(doc, points=points)


def page(client: Client, query: str = "", language: str = "en") -> str:
    response = client.get(f"/{language}/search/map/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def listed_titles(html: str) -> list[str]:
    listed = html.split('id="map-results"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'class="hit-title"><a href="[^"]+" dir="auto">([^<]+)</a>', listed)


@pytest.fixture
def kiosks(taxonomy: None) -> None:
    index(
        placed(
            make_doc(
                "Water kiosks in Nairobi",
                "Clean water sold at cost.",
                public_id="WATER0001",
                theme=["living-wages"],
                country=["KE"],
            ),
            (-1.28, 36.8, "KE"),
        ),
        placed(
            make_doc(
                "Rainwater cisterns",
                "Schools collect rain water.",
                public_id="WATER0002",
                theme=["cities-social-progress"],
                country=["BD"],
            ),
            (23.81, 90.41, "BD"),
        ),
        placed(
            make_doc("Cooperative bakeries", "Bread.", public_id="BREAD0003", country=["FR"]),
            (48.85, 2.35, "FR"),
        ),
    )


def test_without_javascript_the_page_lists_the_results_and_says_the_map_needs_it(
    client: Client, kiosks: None
) -> None:
    html = page(client)

    assert sorted(listed_titles(html)) == [
        "Cooperative bakeries",
        "Rainwater cisterns",
        "Water kiosks in Nairobi",
    ]
    assert "The map needs JavaScript" in html
    assert 'href="/en/initiatives/WATER0001/"' in html
    # no inline script or style: the map is a static file fed by data-* attributes
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html
    assert "<style" not in html
    assert 'src="/static/search/map.js"' in html


def test_the_map_data_and_links_keep_the_filters_of_the_page(client: Client, kiosks: None) -> None:
    html = page(client, "q=water&country=KE")

    assert listed_titles(html) == ["Water kiosks in Nairobi"]
    points = re.search(r'data-points-url="([^"]+)"', html)
    countries = re.search(r'data-countries-url="([^"]+)"', html)
    assert points is not None and countries is not None
    points_url, countries_url = points.group(1), countries.group(1)
    assert unquote(points_url.replace("&amp;", "&")) == "/en/search/map.geojson?q=water&country=KE"
    assert "view=countries" in countries_url and "country=KE" in countries_url
    assert 'data-geometry-url="/static/vendor/natural-earth-4.1.0/countries-110m.geojson"' in html
    # the list view, the filters and their removal stay on the same state
    assert 'href="/en/search/?q=water&amp;country=KE"' in html
    assert 'href="/en/search/map/?q=water"' in html  # remove the country filter


def test_choosing_a_country_in_the_filters_narrows_the_list_on_the_map_page(
    client: Client, kiosks: None
) -> None:
    html = page(client)
    country_link = re.search(
        r'href="(/en/search/map/\?country=BD)" class="facet-option[^"]*" data-facet="country"',
        html,
    )
    assert country_link is not None
    assert listed_titles(page(client, "country=BD")) == ["Rainwater cisterns"]


def test_the_search_page_links_to_the_map_of_the_same_results(client: Client, kiosks: None) -> None:
    response = client.get("/en/search/?q=water&theme=living-wages")
    assert 'href="/en/search/map/?q=water&amp;theme=living-wages"' in response.content.decode()


def test_a_bad_query_is_explained_on_the_page(client: Client, kiosks: None) -> None:
    html = page(client, "q=%22%22+-", language="fr")
    assert 'id="search-error"' in html


def test_visitors_get_no_cookie(client: Client, kiosks: None) -> None:
    assert not client.get("/en/search/map/?country=KE").cookies
    assert not client.get("/ar/search/map/").cookies


def test_the_page_costs_the_same_queries_whatever_the_number_of_results(
    client: Client, taxonomy: None
) -> None:
    def add(first: int, count: int) -> None:
        index(
            *(
                placed(
                    make_doc(f"Entry {n}", public_id=f"PAGE{n:05d}", country=["KE"]),
                    (-1.0, 36.0, "KE"),
                )
                for n in range(first, first + count)
            )
        )

    add(0, 2)
    with CaptureQueriesContext(connection) as few:
        page(client)
    add(2, 30)
    with CaptureQueriesContext(connection) as many:
        page(client)
    assert len(many) == len(few)


def test_no_tile_server_is_named_unless_one_is_configured(client: Client, kiosks: None) -> None:
    assert 'data-tile-url=""' in page(client)
    with override_settings(
        MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        MAP_TILE_ATTRIBUTION="© Example tiles",
    ):
        html = page(client)
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Example tiles"' in html


def test_a_tile_server_is_allowed_by_the_content_security_policy_for_its_origin_only() -> None:
    from ipsp.settings import _tile_origin

    assert _tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )
    assert _tile_origin("https://maps.example.org:8443/t/{z}/{x}/{y}.png?key=1") == (
        "https://maps.example.org:8443"
    )
    for bad in ("maps.example.org/{z}/{x}/{y}", "https://maps.example.org/tiles.png"):
        with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL"):
            _tile_origin(bad)
