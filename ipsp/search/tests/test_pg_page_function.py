"""PostgreSQL builds a page of ranked results in ``ipsp_search_page`` (migration 0013: a
function, so that its statement is planned once per connection) or, where the function is
missing, with the same statement inline (``PostgresBackend._page_sql``). The two are two
copies of one computation: they must give the same hits, scores and snippets."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from ipsp.search.backends import postgresql
from ipsp.search.queries import search
from ipsp.search.tests.factories import index, make_doc

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL function"),
]


def hits(text: str, **options: Any) -> list[tuple[str, str, float, str]]:
    results = search(text, **options)
    return [
        (hit.public_id, hit.title, round(hit.score, 9), str(hit.snippet)) for hit in results.hits
    ]


def test_the_page_function_and_the_inline_statement_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    index(
        *[
            make_doc(
                f"Housing cooperative {i}",
                "Tenants run the cooperative housing association and negotiate living wages "
                + "with the city council " * (i % 4)
                + ("long text " * 300 if i % 5 == 0 else ""),
                days_old=i * 30,
                flagged=i % 7 == 0,
                theme=["living-wages"] if i % 2 else [],
            )
            for i in range(30)
        ]
    )
    searches: list[tuple[str, dict[str, Any]]] = [
        ("housing", {}),
        ("cooperative wages", {"page": 2, "page_size": 10}),
        ('"living wages"', {"filters": {"theme": ["living-wages"]}}),
        ("council OR tenants", {"page": 9, "page_size": 10}),  # out of range: the last page
    ]
    calls: list[object] = []
    through_function = postgresql.PostgresBackend._page_function_sql

    def spied(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return through_function(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(postgresql.PostgresBackend, "_page_function_sql", spied)
    with_function = [hits(text, **options) for text, options in searches]
    assert len(calls) == len(searches)  # each page came from the function
    assert all(with_function)

    monkeypatch.setattr(postgresql, "_functions", lambda: frozenset())
    inline = [hits(text, **options) for text, options in searches]

    assert inline == with_function
