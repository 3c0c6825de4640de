"""Issue 5, point 5 in a browser: the secretariat asks a partner's contact to confirm a
published organisation; the validator opens the emailed link without any cookie, reads
the entry's summary and confirms; visitors then see a dated badge on the organisation's
page, and not the validator's comment. Every page passes axe-core.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.accounts.tests.helpers import current_code, make_device
from ipsp.actors.models import ThirdPartyValidation
from ipsp.actors.tests.conftest import make_actor, make_contributor, term
from tests.browser.helpers import assert_accessible, assert_fits_narrow_screen, assert_no_cookies

LINK = re.compile(r"https?://\S+/en/actors/validate/[A-Za-z0-9_-]{43}/")


@pytest.mark.browser
def test_a_validator_confirms_an_organisation_and_visitors_see_the_badge(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    settings: Any,
    browser: Browser,
    page: Page,
) -> None:
    origin = live_server.url
    settings.SITE_URL = origin
    known = {
        "ngo": term("actor_type", "civil-society"),
        "wages": term("theme", "living-wages"),
        "cities": term("theme", "cities-social-progress"),
        "KE": term("country", "KE"),
        "africa": term("region", "002"),
    }
    staff = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    device = make_device(staff)
    actor = make_actor(make_contributor().user, known, state="published")

    # 1. The secretariat asks a partner's contact, from its staff page.
    request_path = f"/en/actors/staff/{actor.public_id}/validate/"
    page.goto(f"{origin}/en/staff/sign-in/?next={request_path}")
    page.fill("#id_email", staff.email or "")
    page.fill("#id_password", STAFF_PASSWORD)
    page.fill("#id_otp_token", current_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("load")
    if request_path not in page.url:
        page.goto(origin + request_path)
    assert_accessible(page)
    page.fill("#id_validator_name", "Chidi Okafor")
    page.fill("#id_validator_email", "chidi@partner.example.org")
    page.fill("#id_validator_organisation", "Partner Network")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "The request was sent to the validator." in page.locator("main").inner_text()
    assert_accessible(page)

    message = mail.outbox[-1]
    assert message.to == ["chidi@partner.example.org"]
    found = LINK.search(str(message.body))
    assert found, message.body
    link = found.group(0)

    # 2. The validator: no cookie, the entry's summary, a confirmation with a comment.
    validator_context = browser.new_context(locale="en-GB")
    try:
        validator = validator_context.new_page()
        validator.goto(link)
        assert "Maji Safi Collective" in validator.locator("main").inner_text()
        assert_accessible(validator)
        assert_fits_narrow_screen(validator)
        validator.check("input[name=outcome][value=confirm]")
        validator.fill("#id_comment", "We ran a training with them in Nairobi.")
        validator.locator("main form button[type=submit]").click()
        validator.wait_for_load_state("load")
        assert "Your answer is recorded." in validator.locator("main").inner_text()
        assert_accessible(validator)
        assert_no_cookies(validator_context)
        # the same link again: a clear page, nothing recorded twice
        response = validator.goto(link)
        assert response is not None and response.status == 410
        assert "already answered" in validator.locator("main").inner_text()
        assert_no_cookies(validator_context)
    finally:
        validator_context.close()
    assert ThirdPartyValidation.objects.get().state == ThirdPartyValidation.State.CONFIRMED

    # 3. A visitor sees the dated badge, not the comment nor the validator's name.
    visitor_context = browser.new_context(locale="en-GB")
    try:
        visitor = visitor_context.new_page()
        visitor.goto(f"{origin}/en/actors/{actor.public_id}/")
        text = visitor.locator("main").inner_text()
        assert "Confirmed by an independent validator on" in text
        assert "training with them" not in text and "Chidi" not in text
        assert_accessible(visitor)
        assert_no_cookies(visitor_context)
    finally:
        visitor_context.close()
