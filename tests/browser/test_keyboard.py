"""Keyboard use of the shared layout: skip link, visible focus, language menu."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {tag: el.tagName, text: el.textContent.trim(), id: el.id,
                    outline: style.outlineStyle, width: style.outlineWidth,
                    visible: String(box.width > 0 && box.height > 0 && box.left >= 0)};
        }"""
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_first_tab_shows_the_skip_link_which_moves_focus_to_the_content(
    page: Page, live_server: Any, language: str
) -> None:
    page.goto(f"{live_server.url}/{language}/about/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A"
    assert first["visible"] == "true"
    assert first["outline"] != "none"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def test_every_link_and_button_of_the_header_shows_its_focus(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/en/")
    for _step in range(8):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] in {"A", "BUTTON", "SUMMARY"}:
            assert state["outline"] != "none", state
            assert state["width"] != "0px", state


def test_the_language_menu_opens_with_the_keyboard_and_closes_with_escape(
    page: Page, live_server: Any
) -> None:
    page.goto(f"{live_server.url}/en/about/")
    page.focus(".language-switcher summary")
    page.keyboard.press("Enter")
    menu = page.locator(".language-switcher details")
    assert menu.get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "English"
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert focused(page)["tag"] == "SUMMARY"
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/about/")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
