"""Issue 2, point 6: no cookie for visitors, no third-party request, no serious
accessibility problem, nothing wider than a 360 px screen.

For each of English, Arabic and Chinese the test reads /sitemap.xml, visits every
page it lists in that language, follows the links of each page it visits to the
kinds of pages the sitemap does not hold (up to ``MAX_PAGES_PER_PATTERN`` pages
of each URL pattern), then uses every public form of ``FORM_USES``. It collects
every problem and reports them all at once, naming the page.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import (
    RequestLog,
    assert_no_cookies,
    axe_violations,
    describe_violations,
    horizontal_overflow_at_narrow_width,
    own_origin_violations,
)
from tests.browser.public_site import EXTRA_PAGES, FORM_USES, MAX_PAGES_PER_PATTERN, FormUse

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LANGUAGES = ["en", "ar", "zh-hans"]


def view_name(path: str, language: str) -> str | None:
    """The URL name a path resolves to in ``language``, or None if it resolves to nothing."""
    with translation.override(language):
        try:
            return resolve(path).view_name
        except Resolver404:
            return None


@dataclass
class Crawl:
    origin: str
    language: str
    page: Page
    context: BrowserContext
    queue: list[tuple[str, int]] = field(default_factory=list)
    queued: set[str] = field(default_factory=set)
    per_pattern: Counter[str] = field(default_factory=Counter)
    visited: list[str] = field(default_factory=list)
    forms_seen: dict[str, str] = field(default_factory=dict)  # view name -> page
    problems: list[str] = field(default_factory=list)

    def enqueue(self, path: str, status: int = 200) -> None:
        if path in self.queued:
            return
        name = view_name(path, self.language)
        if name is not None:
            pattern_takes_parameters = bool(resolve_kwargs(path, self.language))
            if pattern_takes_parameters and self.per_pattern[name] >= MAX_PAGES_PER_PATTERN:
                return
            self.per_pattern[name] += 1
        self.queued.add(path)
        self.queue.append((path, status))

    def run(self) -> None:
        while self.queue:
            path, status = self.queue.pop(0)
            self.visit(path, status)

    def visit(self, path: str, expected_status: int) -> None:
        url = self.origin + path
        response = self.page.goto(url, wait_until="load")
        self.visited.append(path)
        if response is None or response.status != expected_status:
            got = response.status if response else "no response"
            self.problems.append(f"{path}: status {got}, expected {expected_status}")
            return
        if response.headers.get("content-type", "").startswith("text/html"):
            self.check_page(path)
            if expected_status == 200:
                self.follow_links(path)

    def check_page(self, path: str) -> None:
        page = self.page
        cookies = self.context.cookies()
        if cookies:
            names = ", ".join(cookie["name"] for cookie in cookies)
            self.problems.append(f"{path}: the browser got cookies ({names})")
            self.context.clear_cookies()
        html_lang = page.evaluate("() => document.documentElement.lang")
        if html_lang != self.language:
            self.problems.append(f"{path}: <html lang> is {html_lang!r}, not {self.language!r}")
        direction = page.evaluate("() => document.documentElement.dir")
        expected_direction = "rtl" if self.language == "ar" else "ltr"
        if direction != expected_direction:
            self.problems.append(f"{path}: <html dir> is {direction!r}")
        violations = axe_violations(page)
        if violations:
            self.problems.append(f"{path}: axe-core found\n{describe_violations(violations)}")
        overflow = horizontal_overflow_at_narrow_width(page)
        if overflow > 0:
            self.problems.append(f"{path}: scrolls sideways by {overflow}px at 360px wide")
        for action in page.eval_on_selector_all(
            "form", "forms => forms.map(form => form.action || location.href)"
        ):
            parts = urlsplit(action)
            name = view_name(parts.path, self.language) or parts.path
            self.forms_seen.setdefault(name, path)

    def follow_links(self, path: str) -> None:
        hrefs: list[str] = self.page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.href)"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                continue  # links may point anywhere; only requests are checked
            if not parts.path.startswith(f"/{self.language}/"):
                continue  # other languages (the switcher), static files, feeds
            if view_name(parts.path, self.language) is None:
                broken = f"{path}: links to {parts.path}, which does not exist"
                if broken not in self.problems:
                    self.problems.append(broken)
                continue
            self.enqueue(parts.path)

    def use_form(self, use: FormUse) -> None:
        path = f"/{self.language}" + (use.path if isinstance(use.path, str) else use.path())
        label = f"form {use.name!r} on {path}"
        response = self.page.goto(self.origin + path)
        if response is None or response.status != 200:
            got = response.status if response else "no response"
            self.problems.append(f"{label}: the form's page answers {got}")
            return
        try:
            use.fill(self.page)
            with self.page.expect_navigation():
                self.page.click(use.submit)
        except PlaywrightError as error:
            text = " ".join(self.page.inner_text("main").split())[:300]
            self.problems.append(f"{label}: {error.message.splitlines()[0]}; the page says: {text}")
            return
        if self.page.locator(use.expect).count() == 0:
            self.problems.append(f"{label}: after sending, nothing matches {use.expect!r}")
        if use.absent and self.page.locator(use.absent).count():
            self.problems.append(f"{label}: after sending, the page still has {use.absent!r}")
        cookies = self.context.cookies()
        if cookies:
            names = ", ".join(cookie["name"] for cookie in cookies)
            self.problems.append(f"{label}: the browser got cookies ({names})")
            self.context.clear_cookies()
        violations = axe_violations(self.page)
        if violations:
            self.problems.append(
                f"{label}: axe-core found on the answer\n{describe_violations(violations)}"
            )


def resolve_kwargs(path: str, language: str) -> dict[str, Any]:
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return {}
    return {**match.kwargs, **dict.fromkeys(match.args, True)}


def spread_over_patterns(paths: list[str], language: str) -> list[str]:
    """Every page without parameters, and a few pages of each pattern with parameters
    taken from the start, middle and end of the sitemap's list (varied vocabularies,
    old and new entries)."""
    by_pattern: dict[str, list[str]] = {}
    chosen = []
    for path in paths:
        name = view_name(path, language)
        if name is None or not resolve_kwargs(path, language):
            chosen.append(path)
        else:
            by_pattern.setdefault(name, []).append(path)
    for group in by_pattern.values():
        count = min(len(group), MAX_PAGES_PER_PATTERN)
        step = (len(group) - 1) / max(count - 1, 1)
        chosen += sorted({group[round(index * step)] for index in range(count)}, key=group.index)
    return chosen


def sitemap_paths(context: BrowserContext, origin: str, language: str) -> list[str]:
    response = context.request.get(origin + "/sitemap.xml", timeout=120_000)
    assert response.status == 200, "/sitemap.xml does not answer"
    index = ET.fromstring(response.body())  # noqa: S314 - our own sitemap index
    paths: list[str] = []
    for section in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        part = context.request.get(origin + urlsplit(section.text or "").path, timeout=120_000)
        assert part.status == 200, f"{section.text} does not answer"
        root = ET.fromstring(part.body())  # noqa: S314 - our own sitemap
        paths += [
            urlsplit(loc.text or "").path for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)
        ]
    return [path for path in paths if path.startswith(f"/{language}/")]


def load_taxonomy_if_possible(request: pytest.FixtureRequest) -> None:
    """The taxonomy fills the home page and the theme pages; use it when it exists."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("taxonomy")


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_and_forms_set_no_cookie_contact_no_other_site_and_pass_axe(
    language: str,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    requests_seen: RequestLog,
    console_errors: list[str],
    request: pytest.FixtureRequest,
) -> None:
    load_taxonomy_if_possible(request)
    origin = live_server.url
    crawl = Crawl(origin=origin, language=language, page=page, context=context)
    listed = sitemap_paths(context, origin, language)
    assert listed, f"the sitemap lists no page in {language}"
    chosen = spread_over_patterns(listed, language)
    for path in chosen:
        crawl.enqueue(path)
    for path, status in EXTRA_PAGES:
        crawl.enqueue(f"/{language}{path}", status)
    crawl.run()

    registered = {use.view_name for use in FORM_USES}
    for name, on_page in crawl.forms_seen.items():
        if name not in registered:
            crawl.problems.append(
                f"{on_page}: its form sent to {name} is not in FORM_USES "
                "(tests/browser/public_site.py); add how a visitor uses it"
            )
    for use in FORM_USES:
        crawl.use_form(use)

    assert_no_cookies(context)
    foreign = own_origin_violations(requests_seen, origin)
    crawl.problems += [f"request to another site: {url}" for url in foreign]
    expected_errors = tuple(
        f"{origin}/{language}{path}" for path, status in EXTRA_PAGES if status >= 400
    )
    crawl.problems += [
        f"console: {error}" for error in console_errors if not error.startswith(expected_errors)
    ]
    assert not crawl.problems, f"{len(crawl.problems)} problems in {language}:\n" + "\n".join(
        crawl.problems
    )
    assert set(chosen) <= set(crawl.visited)
