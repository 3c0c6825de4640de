"""Browser tests: Playwright's sync API driving Debian's chromium, headless.

One browser per test session (per xdist worker); each test gets a fresh context
whose every request URL is recorded, so a test can prove that a page set no
cookie and contacted no other site. The assertions live in ``helpers.py``.

No browser is ever downloaded: the tests use /usr/bin/chromium (``make test``
installs Debian's package when it is missing) and are skipped with a clear
reason when it is absent.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it ("You cannot call this from an async
# context"). The live server itself runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    sync_playwright,
)

from tests.browser.helpers import DESKTOP, RequestLog

CHROMIUM = os.environ.get("IPSP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-quic",
]


ONLY_OTHER_HOSTS = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1|\[::1\])[:/])[a-z]+://")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def requests_seen() -> RequestLog:
    """Every request of the test's browser context, in order."""
    return RequestLog()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors (a Content-Security-Policy violation shows up here) and page errors."""
    return []


@pytest.fixture
def context(
    browser: Browser, requests_seen: RequestLog, console_errors: list[str]
) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(15_000)

    def on_request(request: Any) -> None:
        try:
            on_page = request.frame.url
        except Exception:  # a service worker's request has no frame
            on_page = ""
        requests_seen.entries.append((request.url, on_page))

    def on_page(page: Page) -> None:
        def on_console(message: Any) -> None:
            if message.type == "error":
                console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: console_errors.append(f"{page.url}: {error}"))

    context.on("request", on_request)
    context.on("page", on_page)
    # Record requests to other hosts, but never let them leave the machine.
    context.route(ONLY_OTHER_HOSTS, lambda route: route.abort("blockedbyclient"))
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page in a fresh browser context (no cookie, nothing cached)."""
    return context.new_page()
