"""The browser checks themselves catch what they are meant to catch.

A check that silently passes would make the public-site test worthless, so each
one is shown a page that breaks its rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

pytestmark = pytest.mark.browser


def test_axe_check_fails_on_an_unlabelled_field_and_an_image_without_text(page: Page) -> None:
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Form</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)


def test_axe_check_passes_a_clean_page(page: Page) -> None:
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Form</h1>'
        '<label for="q">Search</label><input id="q" type="text"></main></body></html>'
    )
    assert_accessible(page)


def test_cookie_check_names_the_cookie_it_finds(context: BrowserContext) -> None:
    context.add_cookies([{"name": "tracker", "value": "1", "url": "http://localhost:1/"}])
    with pytest.raises(AssertionError, match="tracker"):
        assert_no_cookies(context)


def test_origin_check_catches_a_request_to_another_site_without_letting_it_out(
    page: Page, requests_seen: RequestLog, live_server: Any
) -> None:
    page.goto(live_server.url + "/robots.txt")
    page.set_content('<img alt="x" src="http://third-party.example/pixel.gif">')
    page.wait_for_load_state("load")
    assert "http://third-party.example/pixel.gif" in requests_seen.urls
    with pytest.raises(AssertionError, match=r"third-party\.example"):
        assert_only_own_origin(requests_seen, live_server.url)


def test_narrow_screen_check_catches_a_page_wider_than_360_pixels(page: Page) -> None:
    page.set_content('<html><body><div style="width: 500px">wide</div></body></html>')
    with pytest.raises(AssertionError, match="sideways"):
        assert_fits_narrow_screen(page)
