"""What the public-site browser test visits and which forms it uses.

Pages are discovered, not listed: the test reads /sitemap.xml and follows the
links of every page it visits. Listed here are only the public pages that no
sitemap holds and no link may reach, and every public form with a way to fill
it. The test fails when it finds a form on a public page that is not listed in
``FORM_USES``: a package that adds a public form adds its use here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from ipsp.actors.tests.outreach_helpers import (
    invitation_path_for_browser,
    validation_path_for_browser,
)

# Public pages outside the sitemap: (path without the language prefix, expected status).
EXTRA_PAGES: list[tuple[str, int]] = [
    ("/staff/sign-in/", 200),
    ("/taxonomy/", 200),
    ("/no-such-page/", 404),
]

# How many pages of one URL pattern with parameters (an initiative, a term...) to
# visit per language: they share one template, and visiting all would take hours.
MAX_PAGES_PER_PATTERN = 3


@dataclass(frozen=True)
class FormUse:
    """One way a visitor uses a public form, and what they must see afterwards.

    ``view_name`` is the URL name the form is sent to (it ties forms found on
    pages to this list). ``path`` is the page that shows the form, without the
    language prefix, or a function that creates what the form needs (it may
    use the database) and returns that path. ``fill`` fills in the fields;
    the test then presses ``submit`` and expects ``expect`` (a CSS selector)
    on the page that answers, and nothing that matches ``absent``; that page
    must set no cookie either.
    """

    name: str
    view_name: str
    path: str | Callable[[], str]
    fill: Callable[[Page], None]
    expect: str
    absent: str = ""
    submit: str = "main form button[type=submit]"


def _fill_staff_sign_in_with_a_wrong_password(page: Page) -> None:
    page.fill("input[name=email]", "nobody@example.org")
    page.fill("input[name=password]", "not the right password 42")


def _fill_nothing(page: Page) -> None:
    pass


def _fill_a_wrong_access_token(page: Page) -> None:
    page.locator("main form input[type=text]").first.fill("ipsp-this-is-not-a-real-token")


def _fill_a_search_for_water(page: Page) -> None:
    page.fill("form.search-form input[name=q]", "water")


def _fill_an_unknown_email(page: Page) -> None:
    page.fill("input[name=email]", "nobody@example.org")


FORM_USES: list[FormUse] = [
    FormUse(
        name="staff sign-in with a wrong password",
        view_name="accounts:staff_sign_in",
        path="/staff/sign-in/",
        fill=_fill_staff_sign_in_with_a_wrong_password,
        expect=".field-error, .form-errors",
    ),
    FormUse(
        name="staff sign-in sent empty",
        view_name="accounts:staff_sign_in",
        path="/staff/sign-in/",
        fill=_fill_nothing,
        expect=".field-invalid .field-error",
    ),
    FormUse(
        name="contributor sign-in with a wrong token",
        view_name="accounts:token_sign_in",
        path="/my/sign-in/",
        fill=_fill_a_wrong_access_token,
        expect=".field-error, .form-errors",
    ),
    FormUse(
        name="contributor sign-in sent empty",
        view_name="accounts:token_sign_in",
        path="/my/sign-in/",
        fill=_fill_nothing,
        expect=".field-invalid .field-error",
    ),
    FormUse(
        name="lost token asked for an unknown address",
        view_name="accounts:lost_token",
        path="/my/lost-token/",
        fill=_fill_an_unknown_email,
        expect="main [role=status]",
        absent="main form",
    ),
    FormUse(
        name="lost token sent with a malformed address",
        view_name="accounts:lost_token",
        path="/my/lost-token/",
        fill=lambda page: page.fill("input[name=email]", "not an address"),
        expect=".field-invalid .field-error",
    ),
    FormUse(
        name="search for a word",
        view_name="search:search",
        path="/search/",
        fill=_fill_a_search_for_water,
        expect='form.search-form input[name=q][value="water"]',
        absent="[aria-invalid=true]",
        submit="form.search-form button[type=submit]",
    ),
    FormUse(
        name="search the map for a word",
        view_name="search:map",
        path="/search/map/",
        fill=_fill_a_search_for_water,
        expect='form.search-form input[name=q][value="water"]',
        absent="[aria-invalid=true]",
        submit="form.search-form button[type=submit]",
    ),
    FormUse(
        name="rising actors filtered by a region",
        view_name="reviews:rising",
        path="/actors/rising/",
        fill=lambda page: page.select_option("#id_region", "143"),
        expect=".rising-list, .rising-empty",
        absent="[aria-invalid=true]",
        submit="form.rising-filters button[type=submit]",
    ),
    # Reached through a one-time link from an email (issue 5, points 4 and 5).
    FormUse(
        name="an invitation accepted with an address but without the consent",
        view_name="actors:invitation",
        path=invitation_path_for_browser,
        fill=_fill_nothing,  # the invited address is pre-filled; the box is left unticked
        expect=".field-invalid .field-error",
        submit="button[name=accept]",
    ),
    FormUse(
        name="an invitation declined",
        view_name="actors:invitation",
        path=invitation_path_for_browser,
        fill=lambda page: page.fill("#id_reason", "Not for us."),
        expect="main [role=status]",
        absent="main form",
        submit="button[name=decline]",
    ),
    FormUse(
        name="a validation request answered without choosing",
        view_name="actors:validation",
        path=validation_path_for_browser,
        fill=_fill_nothing,
        expect=".field-invalid .field-error",
    ),
]
