"""The public search page: results, facets, sharing, notices, bad input, pages, cookies."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsp.search.tests.factories import index, make_doc

pytestmark = pytest.mark.django_db


def page(client: Client, query: str = "", language: str = "en") -> str:
    response = client.get(f"/{language}/search/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def facet_count(html: str, facet: str, code: str) -> int | None:
    match = re.search(
        rf'data-facet="{facet}" data-code="{re.escape(code)}".*?class="facet-count">~?(\d+)<',
        html,
        re.S,
    )
    return int(match.group(1)) if match else None


def result_count(html: str) -> int:
    heading = re.search(r'id="results-heading"[^>]*>\s*(?:About )?([\d,]+) result', html)
    return int(heading.group(1).replace(",", "")) if heading else 0


@pytest.fixture
def kiosks(taxonomy: None) -> None:
    index(
        make_doc(
            "Water kiosks in Nairobi",
            "Clean water sold at cost by women's groups.",
            public_id="WATER0001",
            theme=["living-wages"],
            country=["KE"],
            region=["002", "202", "014"],
            status=["active"],
            sdg=["6"],
            start_year=["2021"],
        ),
        make_doc(
            "Rainwater cisterns",
            "Schools collect rain water for drinking.",
            public_id="WATER0002",
            theme=["cities-social-progress"],
            country=["BD"],
            region=["142", "034"],
            status=["completed"],
            sdg=["6"],
            start_year=["2018"],
        ),
        make_doc(
            "Cooperative bakeries",
            "Bread baked by a workers' cooperative paying living wages.",
            public_id="BREAD0003",
            theme=["living-wages"],
            country=["FR"],
            region=["150", "155"],
            status=["active"],
            sdg=["8"],
        ),
    )


def test_results_show_highlighted_snippets_labels_and_links_to_entry_pages(
    client: Client, kiosks: None
) -> None:
    html = page(client, "q=water")
    assert result_count(html) == 2
    assert '<a href="/en/initiatives/WATER0001/"' in html
    assert "<mark>water</mark>" in html.lower() or "<mark>Water</mark>" in html
    assert "Initiative · Active · since 2021" in html
    assert "Kenya" in html and "Living wages" in html


def test_a_facet_filter_narrows_the_results_and_the_counts(client: Client, kiosks: None) -> None:
    everything = page(client, "q=water")
    assert facet_count(everything, "country", "KE") == 1
    assert facet_count(everything, "country", "BD") == 1
    assert facet_count(everything, "sdg", "6") == 2
    narrowed = page(client, "q=water&region=014")
    assert result_count(narrowed) == 1
    assert facet_count(narrowed, "sdg", "6") == 1
    assert facet_count(narrowed, "country", "BD") is None
    assert "Rainwater cisterns" not in narrowed


def test_filters_work_without_words_and_combine_across_facets(client: Client, kiosks: None) -> None:
    assert result_count(page(client, "theme=living-wages")) == 2
    assert result_count(page(client, "theme=living-wages&status=active&country=FR")) == 1
    # codes of one facet are alternatives
    assert result_count(page(client, "country=FR&country=BD")) == 2


def test_every_link_carries_the_whole_state_in_a_stable_order(client: Client, kiosks: None) -> None:
    html = page(client, "sdg=6&q=water&sort=newest")
    # the facet link adds its code to the same state, parameters in a fixed order
    assert 'href="/en/search/?q=water&amp;region=014&amp;sdg=6&amp;sort=newest"' not in html
    assert 'href="/en/search/?q=water&amp;sdg=6&amp;region=014&amp;sort=newest"' in html
    assert 'href="/en/search/?q=water&amp;sort=newest"' in html  # removes the SDG again
    # the same state in another order gives the same page
    assert result_count(page(client, "sort=newest&q=water&sdg=6")) == result_count(html)


def test_unknown_filter_codes_are_dropped_with_a_visible_notice(
    client: Client, kiosks: None
) -> None:
    html = page(client, "q=water&theme=no-such-theme&country=ZZ")
    assert "Some filters were not recognised and were left out" in html
    assert "theme=no-such-theme" in html and "country=ZZ" in html
    assert result_count(html) == 2


def test_a_known_theme_nobody_uses_yet_finds_nothing(client: Client, kiosks: None) -> None:
    html = page(client, "theme=ecological-rule-of-law")
    assert result_count(html) == 0
    assert "not recognised" not in html
    assert "Ecological rule of law" in html  # shown as a chosen filter that can be removed


def test_a_query_with_nothing_to_look_for_shows_a_localised_message(
    client: Client, kiosks: None
) -> None:
    html = page(client, "q=-water")
    assert "a search cannot only exclude words" in html
    assert 'aria-invalid="true"' in html
    french = page(client, "q=-water", language="fr")
    assert "Ajoutez au moins un mot à chercher" in french


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=300) | st.sampled_from(['"', "OR", "-", "*", "NEAR(", "'; DROP", "😀"])
)
def test_any_text_gives_a_page_with_results_or_a_message(
    client: Client, kiosks: None, text: str
) -> None:
    response = client.get("/en/search/", {"q": text, "sdg": text[:10], "page": text[:5]})
    assert response.status_code == 200


def test_a_page_number_out_of_range_gives_the_last_page(client: Client, taxonomy: None) -> None:
    index(
        *[
            make_doc(f"Community garden {n}", "garden", public_id=f"GARDEN{n:03d}")
            for n in range(45)
        ]
    )
    html = page(client, "q=garden&page=99")
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in html
    assert html.count('class="hit"') == 5
    assert page(client, "q=garden&page=-1").count('class="hit"') == 20


def test_a_visitor_gets_no_cookie(client: Client, kiosks: None) -> None:
    for url in (
        "/en/search/?q=water",
        "/en/search/?q=-",
        "/en/search/browse/theme/living-wages/",
        "/en/search/export.csv?q=water",
    ):
        response = client.get(url)
        assert response.status_code in {200, 400}
        assert not response.cookies, url
        assert "Set-Cookie" not in response


def test_the_number_of_queries_does_not_grow_with_the_number_of_results(
    client: Client, taxonomy: None
) -> None:
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, "q=school&theme=living-wages")
        return len(captured.captured_queries)

    index(
        *[
            make_doc(f"School {n}", "school meals", theme=["living-wages"], country=["KE"])
            for n in range(2)
        ]
    )
    few = queries_for_page()
    index(
        *[
            make_doc(
                f"School {n}",
                "school meals",
                theme=["living-wages", "cities-social-progress"],
                country=["KE", "BD", "FR"],
                sdg=[str(n % 17 + 1)],
            )
            for n in range(40)
        ]
    )
    assert queries_for_page() == few
