"""Issue 5, point 4 in a browser: the secretariat invites an organisation from its staff
page; the email arrives at a real SMTP server on loopback (aiosmtpd); the invitee opens
the link from that message in a fresh browser, holds no cookie until accepting, accepts,
gets the access token once above the entry's pre-filled edit form, completes it and
submits it. Opening the
link again claims nothing and says so clearly. Every page passes axe-core.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.accounts.tests.helpers import current_code, make_device
from ipsp.actors.models import Actor, Invitation
from ipsp.notifications.tests.conftest import SmtpServer, _point_email_at, free_port
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

SESSION_COOKIE = "ipsp_session"
ORGANISATION = "Kibera Water Women"
INVITEE = "wanjiru@kww.example.org"
LINK = re.compile(r"https?://\S+/en/actors/invitation/[A-Za-z0-9_-]{43}/")


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port())
    server.start()
    _point_email_at(settings, server.port)
    yield server
    server.stop()


def wait_for_messages(server: SmtpServer, count: int) -> list[EmailMessage]:
    """The server receives in its own thread: wait (a bounded poll) until ``count`` arrived."""
    for _attempt in range(100):
        if len(server.messages) >= count:
            break
        time.sleep(0.05)
    return server.messages


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def check_page(page: Page, origin: str, requests_seen: RequestLog) -> None:
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_only_own_origin(requests_seen, origin)


@pytest.mark.browser
def test_an_invited_organisation_claims_its_entry_through_the_emailed_link(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    settings: Any,
    smtp_server: SmtpServer,
    browser: Browser,
    page: Page,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    origin = live_server.url
    settings.SITE_URL = origin  # the links in the email lead to this test server
    staff = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    device = make_device(staff)

    # 1. The secretariat signs in with its second factor and invites the organisation.
    page.goto(f"{origin}/en/staff/sign-in/?next=/en/actors/staff/invitations/new/")
    page.fill("#id_email", staff.email or "")
    page.fill("#id_password", STAFF_PASSWORD)
    page.fill("#id_otp_token", current_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("load")
    if "/actors/staff/invitations/new/" not in page.url:
        page.goto(f"{origin}/en/actors/staff/invitations/new/")
    check_page(page, origin, requests_seen)
    page.fill("#id_organisation_name", ORGANISATION)
    page.fill("#id_website", "https://kww.example.org/")
    page.fill("#id_contact_name", "Wanjiru Kamau")
    page.fill("#id_contact_email", INVITEE)
    page.fill("#id_reason", "Named by three initiatives on clean water in Nairobi.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "The invitation was created" in page.locator("main").inner_text()
    check_page(page, origin, requests_seen)
    page.goto(f"{origin}/en/actors/staff/invitations/?state=sent")
    assert ORGANISATION in page.locator("main table").inner_text()
    check_page(page, origin, requests_seen)

    # 2. The email reaches the SMTP server, addressed to the invitee only.
    received = wait_for_messages(smtp_server, 1)
    assert smtp_server.recipients == [[INVITEE]]
    text = plain_text(received[0])
    assert "Named by three initiatives" in text
    assert staff.email not in text
    found = LINK.search(text)
    assert found, text
    link = found.group(0)

    # 3. The invitee opens it in a fresh browser: who invites and why, and no cookie.
    invitee_context: BrowserContext = browser.new_context(locale="en-GB")
    invitee_context.set_default_timeout(15_000)
    invitee_requests: list[str] = []
    invitee_context.on("request", lambda request: invitee_requests.append(request.url))
    try:
        invitee = invitee_context.new_page()
        invitee.goto(link)
        invitee.wait_for_load_state("load")
        main = invitee.locator("main").inner_text()
        assert f"Invitation for {ORGANISATION}" in main
        assert "Named by three initiatives on clean water in Nairobi." in main
        assert "secretariat of the International Platform for Social Progress" in main
        assert_accessible(invitee)
        assert_fits_narrow_screen(invitee)
        assert_no_cookies(invitee_context)
        assert Invitation.objects.get().state == Invitation.State.OPENED

        # 4. Accepting (with a private contact address) signs in and shows the token once.
        invitee.check("#id_contact_consent")
        assert invitee.input_value("#id_contact_email") == INVITEE
        assert_no_cookies(invitee_context)
        invitee.locator("button[name=accept]").click()
        invitee.wait_for_selector("#token-once-value")
        assert_accessible(invitee)
        names = sorted(cookie["name"] for cookie in invitee_context.cookies())
        assert names == [SESSION_COOKIE], names
        raw_token = invitee.input_value("#token-once-value")
        assert raw_token.startswith("ipsp-")
        token_mail = wait_for_messages(smtp_server, 2)[1]
        assert smtp_server.recipients[1] == [INVITEE]
        assert raw_token in plain_text(token_mail)

        # 5. The same page is the entry's edit form, pre-filled: complete it and submit it.
        assert "Invitation accepted" in invitee.locator("main").inner_text()
        assert invitee.input_value("#id_name") == ORGANISATION
        assert invitee.input_value("#id_links-0-url") == "https://kww.example.org/"
        assert_accessible(invitee)
        invitee.check("input[name=themes][value='living-wages']")
        invitee.select_option("#id_countries", ["KE"])
        invitee.fill("#id_problems", "Households in Kibera pay ten times more for water.")
        invitee.fill("#id_activities", "Solar kiosks run and owned by women's groups.")
        invitee.click("button[name=submit]")
        invitee.wait_for_load_state("load")
        assert "Sent to the secretariat for validation." in invitee.locator("main").inner_text()
        assert_accessible(invitee)
        assert_only_own_origin(invitee_requests, origin)
    finally:
        invitee_context.close()

    invitation = Invitation.objects.get()
    actor = Actor.objects.get(pk=invitation.actor_id)
    assert invitation.state == Invitation.State.CLAIMED
    assert actor.owner_id == invitation.claimed_by_id is not None
    assert actor.state == Actor.State.IN_VALIDATION

    # 6. The link again, in another fresh browser: a clear page, nothing claimed, no cookie.
    again_context = browser.new_context(locale="en-GB")
    try:
        again = again_context.new_page()
        response = again.goto(link)
        assert response is not None and response.status == 410
        assert "already accepted" in again.locator("main").inner_text()
        assert_accessible(again)
        assert_no_cookies(again_context)
    finally:
        again_context.close()
    assert Actor.objects.get(pk=actor.pk).owner_id == invitation.claimed_by_id

    assert not [error for error in console_errors if "Content Security Policy" in error], (
        console_errors
    )
