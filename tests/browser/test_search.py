"""Issue 6: search in French and in Chinese finds the expected entries; facet clicks narrow
the counts; the search pages set no cookie, stay on their origin, pass axe-core and fit
a 360 px screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from ipsp.initiatives.models import Initiative
from ipsp.initiatives.tests.conftest import make_contributor
from ipsp.initiatives.tests.public_helpers import publish
from ipsp.taxonomy.models import Term
from tests.browser.helpers import (
    RequestLog,
    assert_accessible,
    assert_fits_narrow_screen,
    assert_no_cookies,
    assert_only_own_origin,
)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


def publish_three() -> dict[str, Initiative]:
    from ipsp.taxonomy.services import taxonomy_ensure_loaded

    taxonomy_ensure_loaded()
    user = make_contributor().user
    known = {
        "country": [term("country", "KE")],
        "theme": [term("theme", "living-wages")],
        "sdg": [term("sdg", "6")],
    }
    french = publish(
        user,
        known,
        title="Coopératives d'habitants à Lyon",
        summary="Des familles construisent ensemble des logements abordables et partagés.",
        problem="Les loyers augmentent plus vite que les salaires.",
        approach="Une coopérative possède les immeubles ; chaque ménage a une voix.",
        language="fr",
        terms=[term("country", "FR"), term("theme", "cities-social-progress"), term("sdg", "11")],
        places=[],
    )
    chinese = publish(
        user,
        known,
        title="社区太阳能供水站",
        summary="太阳能供水站以成本价向居民出售清洁饮用水。",
        problem="非正规住区的家庭买水比接通自来水的家庭贵十倍。",
        approach="供水站由妇女小组经营并支持手机支付。",
        language="zh",
        terms=[term("country", "KE"), term("theme", "living-wages"), term("sdg", "6")],
        places=[],
    )
    english = publish(
        user,
        known,
        title="Community water kiosks in Dhaka",
        terms=[term("country", "BD"), term("theme", "living-wages"), term("sdg", "6")],
        places=[],
    )
    return {"fr": french, "zh": chinese, "en": english}


def result_count(page: Page) -> int:
    text = page.locator("#results-heading").inner_text()
    match = re.search(r"\d+", text)
    return int(match.group(0)) if match else 0


def facet_count(page: Page, facet: str, code: str) -> int | None:
    option = page.locator(f'a.facet-option[data-facet="{facet}"][data-code="{code}"]')
    if option.count() == 0:
        return None
    return int((option.locator(".facet-count").text_content() or "").strip().lstrip("~"))


def result_titles(page: Page) -> list[str]:
    return [title.strip() for title in page.locator(".hit-title").all_inner_texts()]


@pytest.mark.browser
def test_search_in_french_and_chinese_finds_the_entries_and_facet_clicks_narrow_counts(
    transactional_db: None,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    entries = publish_three()
    origin = live_server.url

    # A French visitor types French words, accents or not.
    page.goto(f"{origin}/fr/search/")
    page.get_by_label("Mots à rechercher").fill("cooperative logements")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"/fr/search/\?q=cooperative"))
    assert result_titles(page) == ["Coopératives d'habitants à Lyon"]
    assert page.locator(".hit-snippet mark").count() >= 1
    assert page.locator(".hit-title a").get_attribute("href") == (
        f"/fr/initiatives/{entries['fr'].public_id}/"
    )
    assert_accessible(page)

    # A Chinese visitor types a word inside a longer run of characters, without spaces.
    page.goto(f"{origin}/zh-hans/search/")
    page.get_by_label("要查找的词语").fill("供水")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"/zh-hans/search/\?q="))
    assert result_titles(page) == ["社区太阳能供水站"]
    assert_accessible(page)

    # Facets: everything, then one click on a country narrows the list and the counts.
    page.goto(f"{origin}/en/search/")
    assert result_count(page) == 3
    assert facet_count(page, "sdg", "6") == 2
    assert facet_count(page, "theme", "living-wages") == 2
    assert_accessible(page)
    assert_fits_narrow_screen(page)
    page.locator("#facet-country summary").click()
    page.locator('a.facet-option[data-facet="country"][data-code="KE"]').click()
    page.wait_for_url(re.compile(r"country=KE"))
    assert result_count(page) == 1
    assert result_titles(page) == ["社区太阳能供水站"]
    assert facet_count(page, "sdg", "6") == 1
    assert facet_count(page, "sdg", "11") is None
    # a second facet narrows further; a chosen filter can be removed again
    page.locator('a.facet-option[data-facet="theme"][data-code="living-wages"]').click()
    page.wait_for_url(re.compile(r"theme=living-wages"))
    assert result_count(page) == 1
    page.get_by_role("link", name="Remove all filters").click()
    page.wait_for_url(re.compile(r"/en/search/$"))
    assert result_count(page) == 3
    assert_accessible(page)

    assert_no_cookies(context)
    assert_only_own_origin(requests_seen, origin)
    assert not console_errors
