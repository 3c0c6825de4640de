"""Issue 3, point 5: a published initiative's page, in English and in Arabic, sets no
cookie, asks nothing of any other site, passes axe-core, fits a 360 px screen, and
loads the video player only when the visitor presses "Play video"."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from ipsp.initiatives.tests.conftest import make_contributor
from ipsp.initiatives.tests.public_helpers import make_terms, publish
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_initiative_page_sets_no_cookie_stays_on_its_origin_and_loads_the_video_on_click(
    transactional_db: None,
    language: str,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    initiative = publish(
        make_contributor().user,
        make_terms(),
        video_url=VIDEO,
        transcript_text="Welcome to the kiosk. Water is sold at cost.",
    )
    origin = live_server.url
    response = page.goto(f"{origin}/{language}/initiatives/{initiative.public_id}/")

    assert response is not None and response.status == 200
    assert page.evaluate("() => document.documentElement.lang") == language
    assert page.locator("h1").inner_text() == "Community water kiosks"
    assert page.locator("iframe").count() == 0
    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert_accessible(page)
    assert_fits_narrow_screen(page)
    page.screenshot(path=f"/tmp/initiative-page-{language}.png", full_page=True)

    play = page.locator("a.video-play")
    assert "YouTube" in play.inner_text()
    play.click()

    frame = page.locator(".video-frame iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src", timeout=5000).startswith(
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    # Only now does the browser ask the video platform (the test stops it at the door).
    page.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in requests_seen.urls)
    assert not [error for error in console_errors if "Content Security Policy" in error]
    assert_no_cookies(context)
