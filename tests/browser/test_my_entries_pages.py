"""Issue 6, in the browser: a contributor with more initiatives than one page holds goes
through "My entries" page by page, on a 360 px screen as on a desktop; every page passes
axe-core and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from ipsp.accounts.tokens import contributor_create, token_issue
from ipsp.initiatives.tests.conftest import TERMS, make_initiative, make_term
from ipsp.initiatives.views import MY_ENTRIES_PAGE_SIZE
from tests.browser.helpers import (
    NARROW,
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_only_own_origin,
)


@pytest.mark.browser
def test_a_contributor_pages_through_many_initiatives_on_a_narrow_screen(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    page: Page,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    origin = live_server.url
    user = contributor_create(language="en")
    token = token_issue(user=user).raw
    terms = {vocab: [make_term(vocab, code) for code in codes] for vocab, codes in TERMS.items()}
    for n in range(MY_ENTRIES_PAGE_SIZE + 3):
        make_initiative(
            user, terms, title=f"Neighbourhood water kiosks with a rather long name, number {n:02d}"
        )

    page.set_viewport_size(NARROW)
    page.goto(f"{origin}/en/my/sign-in/")
    page.fill("#id_access_token", token)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/my/")

    section = page.locator("section[aria-labelledby='my-initiatives-title']")
    assert section.locator("tbody tr").count() == MY_ENTRIES_PAGE_SIZE
    assert "number 52" in section.inner_text() and "number 02" not in section.inner_text()
    assert_accessible(page)
    assert_fits_narrow_screen(page)

    section.get_by_role("link", name="Next").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/my/?page=2#my-initiatives-title")
    rows = section.locator("tbody tr")
    assert rows.count() == 3
    assert "number 00" in rows.last.inner_text()
    assert section.locator("a[aria-current=page]").inner_text().strip().endswith("2")
    assert_accessible(page)
    assert_fits_narrow_screen(page)

    section.get_by_role("link", name="Page 1", exact=True).click()
    page.wait_for_load_state("load")
    assert section.locator("tbody tr").count() == MY_ENTRIES_PAGE_SIZE

    assert_only_own_origin(requests_seen, origin)
    assert not console_errors, console_errors
