"""Reading a search state from the URL: known codes kept, unknown ones dropped with a notice."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from ipsp.search.filters import SearchParams, search_params_parse, search_run
from ipsp.search.tests.factories import index, make_doc, titles

pytestmark = pytest.mark.django_db


def parse(query: str) -> SearchParams:
    return search_params_parse(QueryDict(query))


def test_known_taxonomy_codes_are_kept_in_a_stable_order(taxonomy: None) -> None:
    params = parse("q=water&sdg=10&theme=living-wages&sdg=2&country=ke")
    assert params.filters == {"theme": ("living-wages",), "sdg": ("2", "10"), "country": ("KE",)}
    assert params.url_query() == "q=water&theme=living-wages&sdg=2&sdg=10&country=KE"
    assert parse(params.url_query()) == params


def test_comma_separated_codes_are_accepted(taxonomy: None) -> None:
    assert parse("sdg=1,5").filters == {"sdg": ("1", "5")}


def test_unknown_codes_are_dropped_with_a_notice_in_the_visitors_language(
    taxonomy: None,
) -> None:
    with translation.override("fr"):
        params = parse("theme=no-such-theme&country=ZZ&status=dreaming&sdg=8")
    assert params.filters == {"sdg": ("8",)}
    assert set(params.dropped) == {
        ("theme", "no-such-theme"),
        ("country", "ZZ"),
        ("status", "dreaming"),
    }
    assert params.notices and "theme=no-such-theme" in params.notices[0]


def test_bad_sort_and_page_are_corrected(taxonomy: None) -> None:
    params = parse("sort=price&page=-3")
    assert (params.sort, params.page) == ("relevance", 1)
    assert parse("page=abc").page == 1
    assert parse("sort=newest&page=3").url_query() == "sort=newest&page=3"


def test_toggling_a_filter_adds_or_removes_it_and_returns_to_page_one(taxonomy: None) -> None:
    params = parse("q=water&sdg=1&page=4")
    assert params.url_query(toggle=("sdg", "5")) == "q=water&sdg=1&sdg=5"
    assert params.url_query(toggle=("sdg", "1")) == "q=water"
    assert params.url_query(page=2) == "q=water&sdg=1&page=2"


def test_a_known_code_nobody_uses_yet_gives_no_results_rather_than_everything(
    taxonomy: None,
) -> None:
    index(make_doc("Water kiosks", "clean water", theme=["living-wages"]))
    everything = search_run(parse("q=water"))
    assert titles(everything) == ["Water kiosks"]
    narrowed = search_run(parse("q=water&theme=cities-social-progress"))
    assert narrowed.total == 0 and not narrowed.notices
    either = search_run(parse("q=water&theme=cities-social-progress&theme=living-wages"))
    assert titles(either) == ["Water kiosks"]
