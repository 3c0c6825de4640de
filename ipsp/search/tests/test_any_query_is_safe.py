"""Whatever a visitor types, the search answers with results or a clear message."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsp.search.backends.base import Results
from ipsp.search.queries import search
from ipsp.search.query import QueryError
from ipsp.search.tests.factories import index, make_doc

SYNTAX = [
    '"',
    "“",
    "»",
    "「",
    "OR",
    "|",
    "-",
    "*",
    "+",
    "NEAR(",
    "NEAR/3",
    ":",
    "^",
    "'",
    ";",
    "--",
    "(",
    ")",
    "AND",
    "NOT",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "%",
    "_",
    "&",
    "!",
    "<->",
    ":*",
    "@@",
    "'; DROP TABLE search_fts; --",
    "title:",
    "社会",
    "社",
    "économie",
    "🎉",
    "👩🏽‍🌾",
    "সামাজিক",
    "مجتمع",
    "\u200f",
    "\u0301",
    "\ue000",
    "\x00",
    "\t",
    "\n",
    " ",
]

queries = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=12)), max_size=20).map("".join),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=12)), max_size=20).map(" ".join),
)


@pytest.fixture
def some_entries(db: None) -> None:
    index(
        make_doc("Économie sociale", "Coopératives d'habitants", language="fr", country=["FR"]),
        make_doc("社会进步平台", "促进社会保障", language="zh-hans", country=["CN"]),
        make_doc("সামাজিক উন্নয়ন", "নারীদের জন্য", language="bn", country=["BD"]),
        make_doc("Living wages", 'Fair pay; "quotes" and NEAR(x) OR *', country=["KE"]),
    )


def answer(text: str, **options: object) -> Results | QueryError:
    try:
        return search(text, **options)  # type: ignore[arg-type]
    except QueryError as error:
        return error


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries, page=st.integers(min_value=-5, max_value=10**6))
def test_any_query_gives_results_or_a_clear_message(
    some_entries: None, text: str, page: int
) -> None:
    outcome = answer(text, facets=["country"], page=page)

    if isinstance(outcome, QueryError):
        assert outcome.message.strip()
    else:
        assert outcome.total >= 0
        assert 1 <= outcome.page <= outcome.pages


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    codes=st.dictionaries(
        st.one_of(st.sampled_from(["country", "theme", "kind"]), st.text(max_size=10)),
        st.lists(st.text(max_size=80), max_size=4),
        max_size=4,
    ),
    sort=st.text(max_size=10),
)
def test_any_filters_and_sorting_give_results(some_entries: None, codes: dict, sort: str) -> None:
    outcome = answer("social OR wages", filters=codes, sort=sort, facets=list(codes))

    assert isinstance(outcome, Results)


@pytest.mark.parametrize(
    "text",
    [
        "économie " * 1300,  # about 10 kB
        '"' * 10_000,
        "社会进步" * 2500,
        "a" * 10_000,
        "-" * 5000 + "x",
        "OR " * 3000,
        "🎉" * 3000,
        'NEAR(économie social, 2) AND title : x* OR -"y',
    ],
)
def test_pathological_queries_are_answered(some_entries: None, text: str) -> None:
    outcome = answer(text, facets=["country"])

    assert isinstance(outcome, Results | QueryError)
