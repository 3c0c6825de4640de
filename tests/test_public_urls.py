"""What every visitor and crawler meets first: hosts, languages, 404, robots, sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from ipsp.portal.urls import STATIC_PAGES

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.django_db
def test_a_forged_host_header_is_refused(client: Client) -> None:
    response = client.get("/en/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert not response.cookies


@pytest.mark.django_db
def test_the_root_sends_a_visitor_to_their_language(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "ar,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "accept_language", "expected_lang", "expected_text"),
    [
        ("/en/no-such-page/", "en", "en", "Page not found"),
        ("/fr/no-such-page/", "en", "fr", "Page introuvable"),
        ("/ar/no-such-page/", "en", "ar", "الصفحة غير موجودة"),
        ("/zh-hans/no-such-page/", "en", "zh-hans", "找不到页面"),
        ("/xx/about/", "fr", "fr", "Page introuvable"),
        ("/xx/about/", "es", "es", "Página no encontrada"),
        ("/de/", "ja", "ja", "ページが見つかりません"),
    ],
)
def test_an_unknown_page_or_language_prefix_gets_the_localised_not_found_page(
    client: Client, path: str, accept_language: str, expected_lang: str, expected_text: str
) -> None:
    response = client.get(path, headers={"accept-language": accept_language})
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{expected_lang}"' in html
    assert expected_text in html
    assert not response.cookies


@pytest.mark.django_db
def test_robots_txt_allows_the_public_site_and_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_sitemap_lists_every_static_page_in_every_language_with_its_alternates(
    client: Client,
) -> None:
    cache.clear()  # the sitemap is cached for 15 minutes
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    section_paths = [
        urlsplit(loc.text or "").path for loc in index.findall("sm:sitemap/sm:loc", NS)
    ]
    assert "/sitemap-pages.xml" in section_paths
    root = ET.fromstring(client.get("/sitemap-pages.xml").content)  # noqa: S314
    entries = {
        urlsplit(url.findtext("sm:loc", namespaces=NS) or "").path: {
            link.get("hreflang"): urlsplit(link.get("href") or "").path
            for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }
    assert len(STATIC_PAGES) >= 6
    for name in STATIC_PAGES:
        for code in LANGUAGE_CODES:
            with_language = f"/{code}/" + {"home": ""}.get(name, "")
            matching = [path for path in entries if path.startswith(with_language)]
            assert matching, f"{name} in {code} is missing"
    home_alternates = entries["/en/"]
    assert set(home_alternates) == {*LANGUAGE_CODES, "x-default"}
    assert home_alternates["ar"] == "/ar/"
    assert home_alternates["zh-hans"] == "/zh-hans/"
    assert entries["/sw/privacy/"]["en"] == "/en/privacy/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_static_page_answers_in_every_language_without_a_cookie(
    client: Client, language: str
) -> None:
    for path in ["", "about/", "privacy/", "terms/", "open-data/", "code-of-ethics/"]:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{language}"' in response.content.decode()
        assert not response.cookies
