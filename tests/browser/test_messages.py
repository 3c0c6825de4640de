"""Issue 5, point 8, in the browser: two contributors exchange messages through the
platform without ever seeing each other's address.

A (who holds nothing) reads B's organisation page as a visitor (no cookie), signs in
with the token from the contact block, writes; B gets an email (locmem: the live server
runs in this process) whose link leads, after signing in, to the conversation; B answers
and A reads the answer from "My entries". Both people have real addresses on file; no
page either of them sees contains the other's. Every page passes axe-core.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import BrowserContext, Page

from ipsp.accounts.tokens import contributor_create, token_issue
from ipsp.actors.models import Actor
from ipsp.actors.tests.conftest import make_actor, term
from ipsp.community.models import Message
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)

A_EMAIL = "asha.writer@example.org"
B_EMAIL = "bruno.holder@example.net"


def person(email: str) -> tuple[Any, str]:
    user = contributor_create(language="en")
    user.contact_email = email
    user.save()
    return user, token_issue(user=user).raw


def check_page(page: Page, origin: str, requests_seen: RequestLog, hidden: str) -> None:
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_only_own_origin(requests_seen, origin)
    assert hidden not in page.content()


def sign_in(page: Page, token: str) -> None:
    page.locator("main form input[type=text]").first.fill(token)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.browser
def test_two_contributors_exchange_messages_without_seeing_each_others_address(
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
    _a_user, a_token = person(A_EMAIL)
    b_user, b_token = person(B_EMAIL)
    known = {
        "ngo": term("actor_type", "civil-society"),
        "network": term("actor_type", "network"),
        "wages": term("theme", "living-wages"),
        "cities": term("theme", "cities-social-progress"),
        "KE": term("country", "KE"),
        "BR": term("country", "BR"),
        "africa": term("region", "002"),
    }
    actor: Actor = make_actor(b_user, known, state="published", name="Maji Safi Collective")

    # 1. A reads the organisation's page as a visitor: a way to sign in, no form, no cookie.
    page.goto(f"{origin}/en/actors/{actor.public_id}/")
    check_page(page, origin, requests_seen, B_EMAIL)
    assert_no_cookies(context)
    panel = page.locator("section.contact-panel")
    assert "Contact this organisation" in panel.inner_text()
    assert panel.locator("form").count() == 0
    panel.get_by_role("link", name="Sign in with your access token to write").click()
    page.wait_for_load_state("load")
    assert_no_cookies(context)
    sign_in(page, a_token)

    # 2. Back on the form, signed in: A writes.
    assert page.url.endswith(f"/en/messages/write/actor/{actor.public_id}/")
    check_page(page, origin, requests_seen, B_EMAIL)
    page.fill("#id_subject", "Sharing the kiosk model")
    page.fill("#id_body", "Could we visit a kiosk in **Kibera** next month?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, origin, requests_seen, B_EMAIL)
    assert "Your message was sent." in page.locator("main").inner_text()
    assert_fits_narrow_screen(page)

    # 3. B gets an email that names no one's address and links to the platform.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [B_EMAIL] and A_EMAIL.encode() not in email.message().as_bytes()
    link = re.search(r"https?://\S+/en/messages/\w+/", email.body)
    assert link is not None
    path = "/en/messages/" + link.group(0).rstrip("/").rsplit("/", 1)[-1] + "/"

    b_context = browser.new_context(locale="en-GB")
    try:
        b_page = b_context.new_page()
        b_page.goto(origin + path)
        b_page.wait_for_load_state("load")
        assert "/en/my/sign-in/" in b_page.url  # the link asks B to sign in first
        sign_in(b_page, b_token)
        assert b_page.url.endswith(path)
        check_page(b_page, origin, requests_seen, A_EMAIL)
        assert "Kibera" in b_page.locator("main").inner_text()

        b_page.goto(f"{origin}/en/my/")
        check_page(b_page, origin, requests_seen, A_EMAIL)
        section = b_page.locator("section[aria-labelledby='my-messages-title']")
        assert "Sharing the kiosk model" in section.inner_text()
        section.get_by_role("link", name="Sharing the kiosk model").click()
        b_page.wait_for_load_state("load")
        b_page.fill("#id_body", "Yes, come on the 12th.")
        b_page.locator("main form button[type=submit]").first.click()
        b_page.wait_for_load_state("load")
        check_page(b_page, origin, requests_seen, A_EMAIL)
        assert "Your message was sent." in b_page.locator("main").inner_text()
    finally:
        b_context.close()

    # 4. A is told by email too, and reads the answer from My entries.
    assert [m.to for m in mail.outbox] == [[B_EMAIL], [A_EMAIL]]
    assert B_EMAIL.encode() not in mail.outbox[1].message().as_bytes()
    page.goto(f"{origin}/en/my/")
    check_page(page, origin, requests_seen, B_EMAIL)
    section = page.locator("section[aria-labelledby='my-messages-title']")
    assert "1 unread" in section.inner_text()
    section.get_by_role("link", name="Sharing the kiosk model").click()
    page.wait_for_load_state("load")
    check_page(page, origin, requests_seen, B_EMAIL)
    text = page.locator("main").inner_text()
    assert "Yes, come on the 12th." in text
    assert "a contributor of “Maji Safi Collective”" in text
    assert Message.objects.count() == 2

    assert not [error for error in console_errors if "Content Security Policy" in error], (
        console_errors
    )
