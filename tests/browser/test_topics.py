"""Issue 6, points 5 and 6: an initiative page shows related entries with the reasons;
a secretariat member signs in (password and authenticator code) and publishes a
proposed topic page, which visitors then read without a cookie."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.accounts.tests.helpers import current_code, make_device
from ipsp.initiatives.tests.conftest import make_contributor
from ipsp.initiatives.tests.public_helpers import make_terms, publish
from ipsp.portal import topics
from ipsp.portal.models import TopicPage
from ipsp.portal.tests.topic_helpers import set_threshold, wage_entries
from ipsp.search.tests.factories import index, make_doc
from tests.browser.helpers import (
    DESKTOP,
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)


@pytest.fixture(autouse=True)
def _fresh_index(transactional_db: None) -> None:
    """Transactional tests empty the Django tables but not the FTS5 table beside them:
    rebuilding starts each test from an index in step with the database."""
    from ipsp.search.services import index_rebuild

    index_rebuild()


@pytest.mark.browser
def test_an_initiative_page_shows_related_entries_with_their_reasons(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    requests_seen: RequestLog,
) -> None:
    initiative = publish(make_contributor().user, make_terms())
    # The initiative and its neighbours as the index sees them (ids of real pages).
    index(
        make_doc(
            "Community water kiosks",
            "kiosks sell clean water at cost",
            public_id=initiative.public_id,
            theme=["living-wages"],
            country=["KE"],
        ),
        make_doc("Wage boards in Kenya", "minimum wages", theme=["living-wages"], country=["KE"]),
        make_doc("Tax reform in Chile", "progressive taxation", country=["CL"]),
    )
    origin = live_server.url

    page.goto(f"{origin}/en/initiatives/{initiative.public_id}/")

    related = page.locator("section.related-entries")
    assert related.locator("h2").inner_text() == "Related entries"
    assert related.locator("li").first.inner_text().startswith("Wage boards in Kenya")
    assert "also about Living wages; also in Kenya" in related.inner_text()
    assert "Tax reform in Chile" not in related.inner_text()
    assert page.locator("section.entry-tools").count() == 0  # no bookmark button for visitors
    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert_accessible(page)
    assert_fits_narrow_screen(page)


@pytest.mark.browser
def test_a_secretariat_member_publishes_a_proposed_topic_page(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    browser: Any,
) -> None:
    set_threshold(3)
    wage_entries(4)
    (proposal,) = topics.topics_refresh().proposed
    member = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    device = make_device(member)
    origin = live_server.url

    page.goto(f"{origin}/en/staff/sign-in/?next=/en/staff/topics/")
    page.get_by_label("Email address").fill(member.email or "")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Authentication code").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{origin}/en/staff/topics/")
    assert_accessible(page)

    page.get_by_role("link", name="Living wages").click()
    assert page.locator("h1").inner_text() == "Living wages"
    assert "Kenya" in page.locator(".topic-preview").inner_text()
    assert_accessible(page)
    page.locator("#topic_introduction").fill("Paying **enough** to live on, in Eastern Africa.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.state == TopicPage.State.PUBLISHED

    visitor = browser.new_context(locale="en-GB")
    try:
        public = visitor.new_page()
        public.set_viewport_size(DESKTOP)
        public.goto(f"{origin}/en/topics/{proposal.public_id}/")
        assert public.locator("h1").inner_text() == "Living wages"
        assert "enough" in public.locator(".topic-introduction strong").inner_text()
        assert public.locator(".topic-entries li").count() == 4
        assert_accessible(public)
        assert_fits_narrow_screen(public)
        assert_no_cookies(visitor)
    finally:
        visitor.close()
