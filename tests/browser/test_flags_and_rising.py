"""Issue 5, point 7 in a browser: a reviewer signs in and flags a young, small
organisation from Central Asia; visitors then see the flag as a badge on its page and
find it at the top of the rising actors list, with the reasons for its place. Visitors'
pages set no cookie, ask nothing of another site, pass axe-core and fit 360 px."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.actors.models import Actor
from ipsp.reviews.models import Flag
from tests.browser.helpers import (
    DESKTOP,
    NARROW,
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

THIS_YEAR = timezone.localdate().year


def _directory() -> Actor:
    """Two old, big Kenyan federations and one young, small lab from Kazakhstan."""
    from ipsp.actors.tests.conftest import make_actor, make_contributor, term
    from ipsp.taxonomy import services as taxonomy

    taxonomy.taxonomy_ensure_loaded()
    known = {
        "ngo": term("actor_type", "civil-society"),
        "wages": term("theme", "living-wages"),
        "cities": term("theme", "cities-social-progress"),
        "KE": term("country", "KE"),
        "africa": term("region", "002"),
    }
    long_ago = timezone.now() - datetime.timedelta(days=4 * 365)
    for number in (1, 2):
        old = make_actor(
            make_contributor().user,
            known,
            state="published",
            name=f"Kenyan Federation {number}",
            founding_year=1960,
            staff_size="501+",
        )
        Actor.objects.filter(pk=old.pk).update(published_at=long_ago)
    return make_actor(
        make_contributor().user,
        known,
        state="published",
        name="Steppe Youth Lab",
        founding_year=THIS_YEAR - 1,
        staff_size="1-5",
        countries=[term("country", "KZ")],
        places=[],
    )


def _visitor_checks(page: Page, origin: str, requests_seen: RequestLog) -> None:
    page.wait_for_load_state("load")
    assert_no_cookies(page.context)
    assert_only_own_origin(requests_seen, origin)
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    assert_fits_narrow_screen(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.browser
def test_a_reviewer_flags_an_actor_and_visitors_see_it_rise(
    transactional_db: None,
    live_server: Any,
    browser: Browser,
    page: Page,
    requests_seen: RequestLog,
) -> None:
    lab = _directory()
    reviewer = make_staff(roles.REVIEWER, "joao.reviewer@example.org")
    origin = live_server.url
    actor_path = f"/en/actors/{lab.public_id}/"

    # A visitor first: no badge, no flag form, no cookie.
    page.goto(origin + actor_path)
    _visitor_checks(page, origin, requests_seen)
    assert page.locator(".flag-badge").count() == 0
    assert page.locator("form.flag-form").count() == 0

    # The reviewer signs in (password; reviewers need no second factor) and flags it.
    staff = browser.new_context(viewport=DESKTOP, locale="en-GB")
    own = staff.new_page()
    own.goto(f"{origin}/en/staff/sign-in/?next={actor_path}")
    own.fill("#id_email", reviewer.email or "")
    own.fill("#id_password", STAFF_PASSWORD)
    own.locator("main button[type=submit]").click()
    own.wait_for_load_state("load")
    # The flag page of its own (where a refused flag is shown again) passes axe too.
    own.goto(f"{origin}/en/reviews/flag/actor/{lab.public_id}/")
    assert own.locator("h1").inner_text() == "Flag “Steppe Youth Lab”"
    assert_accessible(own)
    own.goto(origin + actor_path)
    form = own.locator("form.flag-form")
    form.locator("select[name=category]").select_option("new")
    form.locator("textarea[name=reason]").fill("Founded last year by students; runs youth labs.")
    assert_accessible(own)
    form.locator("button[type=submit]").click()
    own.wait_for_load_state("load")
    assert "You have flagged this entry as: New." in own.locator("main").inner_text()
    assert "Founded last year by students" in own.locator(".flag-panel").inner_text()
    assert_accessible(own)
    staff.close()
    flag = Flag.objects.get()
    assert (flag.created_by_id, flag.category) == (reviewer.pk, "new")

    # The visitor sees the badge, never the reason, and still holds no cookie.
    page.goto(origin + actor_path)
    badge = page.locator(".flag-badge")
    assert badge.count() == 1
    assert badge.inner_text().startswith("Flagged by reviewers as: New (once,")
    assert "Founded last year by students" not in page.locator("body").inner_text()
    assert page.locator("form.flag-form").count() == 0
    _visitor_checks(page, origin, requests_seen)

    # The rising actors list puts the lab first, with its reasons.
    page.goto(f"{origin}/en/actors/rising/")
    _visitor_checks(page, origin, requests_seen)
    first = page.locator(".rising-item").first
    assert first.locator("h3").inner_text() == "Steppe Youth Lab"
    reasons = first.locator(".rising-reasons").inner_text()
    for expected in (
        f"founded in {THIS_YEAR - 1}",
        "staff: 1 to 5",
        "the only organisation from Central Asia",
        "flagged by 1 reviewer",
    ):
        assert expected in reasons
    assert "How the score is made" in page.locator("main").inner_text()

    # Filtering by region keeps the lab alone; the answer is as clean as the page.
    page.select_option("#id_region", "143")
    page.locator("form.rising-filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".rising-item h3").all_inner_texts() == ["Steppe Youth Lab"]
    _visitor_checks(page, origin, requests_seen)


@pytest.mark.browser
def test_the_secretariat_reads_the_flags_and_withdraws_one(
    transactional_db: None,
    live_server: Any,
    browser: Browser,
    page: Page,
    requests_seen: RequestLog,
) -> None:
    from ipsp.accounts.tests.helpers import current_code, make_device
    from ipsp.reviews import services

    lab = _directory()
    reviewer = make_staff(roles.REVIEWER, "joao.reviewer@example.org")
    services.flag_add(
        kind="actor",
        public_id=lab.public_id,
        category="remote",
        reason="The only youth lab we know of in the region.",
        by=reviewer,
    )
    member = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    device = make_device(member)
    origin = live_server.url

    staff = browser.new_context(viewport=DESKTOP, locale="en-GB")
    own = staff.new_page()
    own.goto(f"{origin}/en/staff/sign-in/?next=/en/staff/")
    own.fill("#id_email", member.email or "")
    own.fill("#id_password", STAFF_PASSWORD)
    own.fill("#id_otp_token", current_code(device))
    own.locator("main button[type=submit]").click()
    own.wait_for_url(f"{origin}/en/staff/")
    own.locator("a[href='/en/reviews/staff/flags/']").click()
    own.wait_for_load_state("load")
    listing = own.locator("main").inner_text()
    assert "Steppe Youth Lab" in listing and "The only youth lab" in listing
    assert (reviewer.email or "-") in listing
    assert_accessible(own)
    own.set_viewport_size(NARROW)
    assert_fits_narrow_screen(own)
    own.set_viewport_size(DESKTOP)

    own.fill(f"#id_note_{Flag.objects.get().public_id}", "Asked by the organisation.")
    own.locator(".staff-flag-list button[type=submit]").click()
    own.wait_for_load_state("load")
    assert "No flag matches." in own.locator("main").inner_text()
    own.select_option("#id_state", "withdrawn")
    own.locator("form.filters button[type=submit]").click()
    own.wait_for_load_state("load")
    assert "Asked by the organisation." in own.locator("main").inner_text()
    assert_accessible(own)
    staff.close()

    page.goto(f"{origin}/en/actors/{lab.public_id}/")
    page.wait_for_load_state("load")
    assert page.locator(".flag-badge").count() == 0
    assert_no_cookies(page.context)
