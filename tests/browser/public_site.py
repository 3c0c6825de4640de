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
    on the page that answers, which must set no cookie either.
    """

    name: str
    view_name: str
    path: str | Callable[[], str]
    fill: Callable[[Page], None]
    expect: str
    submit: str = "main form button[type=submit]"


def _fill_staff_sign_in_with_a_wrong_password(page: Page) -> None:
    page.fill("input[name=email]", "nobody@example.org")
    page.fill("input[name=password]", "not the right password 42")


def _fill_nothing(page: Page) -> None:
    pass


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
]
