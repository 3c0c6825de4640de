"""Assertions shared by the browser tests: cookies, origins, accessibility, width."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page

AXE_DIR = Path(__file__).parent / "vendor" / "axe-core-4.14.1"
AXE_SOURCE = (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")
# Impacts that fail a test; "moderate" and "minor" are reported by axe but tolerated.
AXE_FAILING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 740}


@dataclass
class RequestLog:
    """Every URL the browser asked for, with the page it was on at the time."""

    entries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [url for url, _on_page in self.entries]

    def clear(self) -> None:
        self.entries.clear()


def assert_no_cookies(context: BrowserContext) -> None:
    cookies = context.cookies()
    assert not cookies, "The browser holds cookies: " + ", ".join(
        f"{cookie['name']} (for {cookie['domain']})" for cookie in cookies
    )


def own_origin_violations(requests: RequestLog | list[str], origin: str) -> list[str]:
    """Requests that went anywhere but ``origin`` (data: and about: URLs stay in the page)."""
    urls = requests.urls if isinstance(requests, RequestLog) else requests
    origin = origin.rstrip("/")
    return [
        url
        for url in urls
        if not (url == origin or url.startswith(origin + "/"))
        and not url.startswith(("data:", "about:", "blob:"))
    ]


def assert_only_own_origin(requests: RequestLog | list[str], origin: str) -> None:
    foreign = own_origin_violations(requests, origin)
    assert not foreign, f"Requests to other origins than {origin}:\n" + "\n".join(foreign)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now.

    axe is injected with ``evaluate`` (through the DevTools protocol), so the
    page's Content-Security-Policy, which forbids inline scripts, does not block it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE + "\n;true")
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(" "), summary: n.failureSummary || "",
                    impact: n.impact,
                })),
            }));
        }"""
    )
    return [violation for violation in results if violation["impact"] in AXE_FAILING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    at {node['target']}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found serious or critical problems on {page.url}:\n"
        + describe_violations(violations)
    )


def horizontal_overflow_at_narrow_width(page: Page) -> int:
    """How many CSS pixels the page is wider than a 360 px screen (0 when it fits)."""
    size = page.viewport_size or DESKTOP
    page.set_viewport_size(NARROW)
    try:
        return max(
            0,
            int(
                page.evaluate(
                    "() => Math.max(document.documentElement.scrollWidth,"
                    " document.body.scrollWidth) - document.documentElement.clientWidth"
                )
            ),
        )
    finally:
        page.set_viewport_size(size)


def assert_fits_narrow_screen(page: Page) -> None:
    """At 360 px wide the page must not scroll sideways."""
    overflow = horizontal_overflow_at_narrow_width(page)
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow}px at 360px wide"
