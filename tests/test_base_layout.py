"""The frame of every page: landmarks, skip link, footer, language switcher, direction."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def html_of(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    return response.content.decode()


@pytest.mark.django_db
def test_every_page_has_landmarks_a_skip_link_and_the_footer_links(client: Client) -> None:
    html = html_of(client, "/en/about/")
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main"' in html
    assert '<header class="site-header">' in html
    assert '<nav class="main-nav" aria-label="Main">' in html
    assert '<footer class="site-footer">' in html
    for path in ["/en/privacy/", "/en/terms/", "/en/open-data/", "/en/code-of-ethics/"]:
        assert f'href="{path}"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_the_current_page_is_marked_in_the_navigation(client: Client) -> None:
    html = html_of(client, "/en/about/")
    assert re.search(r'<a href="/en/about/"\s+aria-current="page">About</a>', html)
    assert not re.search(r'<a href="/en/"\s+aria-current="page">', html)


@pytest.mark.django_db
def test_the_language_switcher_links_to_the_same_page_in_every_language(client: Client) -> None:
    html = html_of(client, "/ar/privacy/")
    for code in LANGUAGE_CODES:
        assert f'href="/{code}/privacy/" hreflang="{code}" lang="{code}"' in html
        assert f'<link rel="alternate" hreflang="{code}" href="http://' in html
    assert 'hreflang="ar" lang="ar" aria-current="true"' in html


@pytest.mark.django_db
def test_the_language_switcher_of_a_missing_page_offers_each_home_page(client: Client) -> None:
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/ar/" hreflang="ar"' in html
    assert 'href="/fr/no-such-page/" hreflang="fr"' in html
    assert '<link rel="alternate"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_arabic_alone_is_right_to_left(client: Client, language: str) -> None:
    html = html_of(client, f"/{language}/")
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


@pytest.mark.django_db
def test_pages_load_only_their_own_stylesheet_and_script(client: Client) -> None:
    html = html_of(client, "/en/")
    loaded = re.findall(r'src="([^"]+)"', html) + re.findall(
        r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html
    )
    assert loaded
    assert all(source.startswith("/static/") for source in loaded), loaded
    assert "<script>" not in html and " style=" not in html
