"""Issue 5's browser journey: a contributor submits an initiative naming an organisation
that is not in the directory yet, and later completes that organisation from "My
entries" and submits it; once published, a visitor reads its page.

The visitor's browser holds no cookie until the first save signs the contributor in,
every page passes axe-core and asks nothing of another origin.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.actors import services as actor_services
from ipsp.actors.models import Actor
from ipsp.initiatives.models import Initiative
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

SESSION_COOKIE = "ipsp_session"
NEW_ORGANISATION = "Kibera Water Women"


def check_page(page: Page, origin: str, requests_seen: RequestLog) -> None:
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    assert_only_own_origin(requests_seen, origin)


@pytest.mark.browser
def test_a_contributor_names_a_new_organisation_and_later_completes_it(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    browser: Any,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    origin = live_server.url

    # 1. A visitor registers an initiative with the quick form, naming a new organisation.
    page.goto(f"{origin}/en/initiatives/new/")
    check_page(page, origin, requests_seen)
    assert_no_cookies(context)
    page.fill("#id_title", "Solar water kiosks in Kibera")
    page.fill("#id_organisation", NEW_ORGANISATION)
    page.select_option("#id_country", "KE")
    page.fill("#id_summary", "Women's groups sell clean water at cost in Nairobi.")
    assert_no_cookies(context)
    page.locator("form[data-single-submit] button[type=submit]").click()
    page.wait_for_selector("#token-once-value")
    check_page(page, origin, requests_seen)
    names = sorted(cookie["name"] for cookie in context.cookies())
    assert names == [SESSION_COOKIE], names  # signed in by the save, nothing else

    actor = Actor.objects.get(name=NEW_ORGANISATION)
    initiative = Initiative.objects.get()
    assert actor.state == Actor.State.DRAFT and actor.owner_id == initiative.contributor_id

    # 2. Later, on "My entries", the contributor is invited to complete the organisation.
    page.goto(f"{origin}/en/my/")
    check_page(page, origin, requests_seen)
    section = page.locator("section[aria-labelledby='my-actors-title']")
    assert "Organisations you named — complete their entry" in section.inner_text()
    section.locator(f"a[href$='/actors/{actor.public_id}/edit/']").click()
    page.wait_for_load_state("load")
    check_page(page, origin, requests_seen)
    assert page.input_value("#id_name") == NEW_ORGANISATION

    page.fill("#id_acronym", "KWW")
    page.check("input[name=themes][value='living-wages']")
    page.select_option("#id_countries", ["KE"])
    page.fill(
        "#id_problems",
        "Households in Kibera pay **ten times more** for water than connected homes.",
    )
    page.fill("#id_activities", "Solar kiosks run and owned by women's groups.")
    page.fill("#id_partnerships", "A confidential agreement with the water utility.")
    page.check("#id_private_partnerships")
    page.check("input[name=open_to_collaboration][value=yes]")
    page.fill("#id_places-0-name", "Nairobi")
    page.select_option("#id_places-0-country", "KE")
    page.select_option("#id_staff_size", "1-5")
    page.fill("#id_founding_year", "2021")
    page.click("button[name=submit]")
    page.wait_for_load_state("load")
    check_page(page, origin, requests_seen)
    assert "Sent to the secretariat for validation." in page.locator("main").inner_text()
    actor.refresh_from_db()
    assert actor.state == Actor.State.IN_VALIDATION
    assert actor.restricted_fields == ["partnerships"]

    # 3. Once the secretariat publishes it, a visitor reads its page: no cookie, no
    #    private field, on a 360 px screen too.
    staff = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    actor_services.actor_publish(actor=actor, by=staff)
    visitor_context = browser.new_context(locale="en-GB")
    try:
        visitor = visitor_context.new_page()
        visitor.goto(f"{origin}/en/actors/{actor.public_id}/")
        check_page(visitor, origin, requests_seen)
        text = visitor.locator("main").inner_text()
        assert NEW_ORGANISATION in text and "ten times more" in text
        assert "confidential agreement" not in text
        assert "Solar water kiosks in Kibera" not in text  # the initiative is not published
        assert_fits_narrow_screen(visitor)
        assert visitor_context.cookies() == []
    finally:
        visitor_context.close()

    assert not [error for error in console_errors if "Content Security Policy" in error], (
        console_errors
    )
