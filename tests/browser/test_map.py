"""Issue 6, point 4: the map shows clusters and filters by country.

With a few dozen published initiatives, the search map draws the shipped Natural
Earth countries shaded by counts, groups nearby places in clusters, and selecting a
shaded country opens the same page filtered on that country, whose list then holds
that country's entries only. No cookie, no request to any other site (no tile
server is configured), and axe-core finds no serious problem.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from ipsp.initiatives import services
from ipsp.initiatives.tests.conftest import make_contributor
from ipsp.initiatives.tests.public_helpers import make_terms, publish
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

KENYA = 24  # around Nairobi: they group into clusters
BRAZIL = 4  # around São Paulo


def publish_entries() -> None:
    known = make_terms()
    countries = {term.code: term for term in known["country"]}
    author = make_contributor().user
    for number in range(KENYA):
        publish(
            author,
            known,
            title=f"Kenyan kiosks {number + 1}",
            terms=[countries["KE"], known["theme"][0]],
            places=[
                services.PlaceInput(
                    name="Nairobi",
                    country_code="KE",
                    latitude=-1.28 + (number % 5) * 0.05,
                    longitude=36.8 + (number // 5) * 0.05,
                )
            ],
        )
    for number in range(BRAZIL):
        publish(
            author,
            known,
            title=f"Brazilian bakeries {number + 1}",
            terms=[countries["BR"], known["theme"][1]],
            places=[
                services.PlaceInput(
                    name="São Paulo",
                    country_code="BR",
                    latitude=-23.55 + number * 0.03,
                    longitude=-46.63,
                )
            ],
        )


def listed_titles(page: Page) -> list[str]:
    return page.locator("#map-results .hit-title").all_inner_texts()


@pytest.mark.browser
def test_the_map_shows_clusters_and_filters_by_country(
    transactional_db: None,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    publish_entries()
    origin = live_server.url

    response = page.goto(f"{origin}/en/search/map/")
    assert response is not None and response.status == 200
    page.locator(".map-cluster").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    clusters = page.locator(".map-cluster")
    grouped = [int(text.strip()) for text in clusters.all_inner_texts()]
    assert grouped and max(grouped) > 1, grouped
    assert sum(grouped) + page.locator(".map-marker").count() == KENYA + BRAZIL
    assert page.locator("#map-status").inner_text() == f"Places on the map: {KENYA + BRAZIL}."
    assert page.locator("path.has-entries").count() == 2  # Kenya and Brazil are shaded
    assert page.locator(".map-legend").is_visible()
    assert page.locator(".map-static-note").is_hidden()
    assert len(listed_titles(page)) == 20  # the first page of the same results, as text
    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert not console_errors, console_errors
    assert_accessible(page)
    assert_fits_narrow_screen(page)
    page.screenshot(path="/tmp/search-map.png")

    page.locator("path.country-BR").click()
    page.wait_for_url("**/en/search/map/?country=BR")
    page.locator(".map-cluster, .map-marker").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    assert sorted(listed_titles(page)) == [f"Brazilian bakeries {n}" for n in range(1, BRAZIL + 1)]
    assert page.locator("#map-status").inner_text() == f"Places on the map: {BRAZIL}."
    assert page.locator("path.has-entries").count() == 1
    chosen = page.locator('.facet-option[data-facet="country"][aria-current="true"]')
    assert "Brazil" in chosen.inner_text()
    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert not console_errors, console_errors
    assert_accessible(page)
    page.screenshot(path="/tmp/search-map-brazil.png")

    # a group opens into its places; a place names its entry and links to its page
    page.locator(".map-cluster").first.click()
    marker = page.locator(".map-marker").first
    marker.wait_for(state="visible")
    marker.click()
    link = page.locator(".leaflet-popup a.map-popup-title")
    link.wait_for(state="visible")
    assert link.inner_text().startswith("Brazilian bakeries")
    assert link.get_attribute("href").startswith("/en/initiatives/")

    # the same map in Arabic (right to left), on a narrow screen too
    page.goto(f"{origin}/ar/search/map/")
    page.locator(".map-cluster").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert_accessible(page)
    assert_fits_narrow_screen(page)
    page.screenshot(path="/tmp/search-map-ar.png")
    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert not console_errors, console_errors
