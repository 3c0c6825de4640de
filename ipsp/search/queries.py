"""Reads from the search index: what the search pages, the API and the map call.

    from ipsp.search.queries import search
    from ipsp.search.query import QueryError

    try:
        results = search(request.GET.get("q", ""), filters={"country": ["KE"]},
                         facets=["theme", "country"], sort="relevance", page=2)
    except QueryError as error:
        ...show error.message next to the search box...

``results.hits`` carry kind and public id: the caller loads its own entries
(one query per kind) and shows ``hit.snippet`` (safe HTML, matches in <mark>).
``results.unknown_filters`` and ``results.notices`` are for a visible notice.
"""

# The SQL of the topic job's reads is built from constants and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from ipsp.search.backends import get_backend
from ipsp.search.backends.base import (
    FacetCount,
    Hit,
    Results,
    Sort,
    SqlSearchBackend,
    _placeholders,
)
from ipsp.search.documents import FACETS
from ipsp.search.query import ParsedQuery, Phrase, QueryError, parse

__all__ = ["FACETS", "FacetCount", "Hit", "ParsedQuery", "QueryError", "Results", "search"]


def search(
    text: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    facets: Sequence[str] = (),
    sort: Sort = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> Results:
    """Search the index; raises ``QueryError`` (with a localised message) for unusable input."""
    return get_backend().search(
        parse(text), filters=filters, facets=facets, sort=sort, page=page, page_size=page_size
    )


# --- reads for the topic job: the indexed text, and entries sharing words ---------------------
#
# The full text lives in the backend's own table (``SqlSearchBackend.text_table_sql``);
# these reads only select from it. SQL is assembled from constants and %s
# placeholders; every value is a parameter.


@dataclass(frozen=True)
class IndexedText:
    """One entry's indexed text: its titles (all languages) and its texts (cut); its
    original language."""

    id: int
    kind: str
    public_id: str
    title: str
    body: str
    language: str = ""


def indexed_texts(
    *,
    keys: Iterable[tuple[str, str]] | None = None,
    exclude_kinds: Sequence[str] = ("topic",),
    batch_size: int = 500,
    max_chars: int = 20_000,
) -> Iterator[IndexedText]:
    """The indexed text of every entry (or of the ``(kind, public_id)`` keys), by id.

    Read in batches of ``batch_size`` (one query each, keyset on the id), each text cut
    at ``max_chars``: a pass over the index for a background job, not for a page.
    """
    backend = get_backend()
    if not isinstance(backend, SqlSearchBackend):
        return
    table, id_column, title_column, body = backend.text_table_sql()
    excluded = list(exclude_kinds) or [""]
    select = (
        f"SELECT e.id, e.kind, e.public_id, substr(t.{title_column}, 1, %s),"
        f" substr({body}, 1, %s), e.language"
        f" FROM search_entry e JOIN {table} t ON t.{id_column} = e.id"
        f" WHERE e.kind NOT IN ({_placeholders(len(excluded))})"
    )
    with connection.cursor() as cursor:
        if keys is not None:
            wanted = list(dict.fromkeys(keys))
            for start in range(0, len(wanted), batch_size):
                chunk = wanted[start : start + batch_size]
                condition = " OR ".join(["(e.kind = %s AND e.public_id = %s)"] * len(chunk))
                cursor.execute(
                    f"{select} AND ({condition}) ORDER BY e.id",
                    [max_chars, max_chars, *excluded, *(v for key in chunk for v in key)],
                )
                for row in cursor.fetchall():
                    yield _indexed_text(row)
            return
        last = 0
        while True:
            cursor.execute(
                f"{select} AND e.id > %s ORDER BY e.id LIMIT %s",
                [max_chars, max_chars, *excluded, last, batch_size],
            )
            rows = cursor.fetchall()
            for row in rows:
                yield _indexed_text(row)
            if len(rows) < batch_size:
                return
            last = rows[-1][0]


def _indexed_text(row: Sequence[Any]) -> IndexedText:
    return IndexedText(
        id=int(row[0]),
        kind=row[1],
        public_id=row[2],
        title=row[3] or "",
        body=row[4] or "",
        language=row[5] or "",
    )


@dataclass(frozen=True)
class WordsEntry:
    """An entry holding some of the words asked for; ``terms`` as ``GroupEntry.terms``."""

    kind: str
    public_id: str
    title: str
    words: frozenset[str]
    terms: tuple[tuple[str, str], ...]


def entries_with_words(
    words: Sequence[str],
    *,
    min_words: int,
    limit: int,
    exclude_kinds: Sequence[str] = ("topic",),
) -> list[WordsEntry]:
    """The entries whose indexed text holds at least ``min_words`` of ``words`` (each word
    found as the search finds it: accents and case ignored, stemmed where the language
    has it), most recently published first, with the words each holds and its terms.

    Three queries: one pass over the matches of each word (for a background job).
    """
    from ipsp.search.related import DESCRIBED_FACETS

    backend = get_backend()
    chosen = list(dict.fromkeys(word for word in words if word))
    if not chosen or not isinstance(backend, SqlSearchBackend):
        return []
    parts: list[str] = []
    params: list[Any] = []
    for index, word in enumerate(chosen):
        query = ParsedQuery(clauses=((Phrase((word,)),),))
        match_sql, match_params = backend._match_sql(query, {})
        parts.append(f"SELECT %s AS w, m{index}.id AS id FROM ({match_sql}) AS m{index}")
        params += [index, *match_params]
    held: dict[int, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for index, doc_id in cursor.fetchall():
            held.setdefault(int(doc_id), set()).add(chosen[int(index)])
        ids = [doc_id for doc_id, found in held.items() if len(found) >= min_words]
        if not ids:
            return []
        excluded = list(exclude_kinds) or [""]
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            cursor.execute(
                "SELECT e.id, e.kind, e.public_id, e.title, e.published_at FROM search_entry e"
                f" WHERE e.id IN ({_placeholders(len(chunk))})"
                f" AND e.kind NOT IN ({_placeholders(len(excluded))})",
                [*chunk, *excluded],
            )
            rows += cursor.fetchall()
        # newest first, undated entries last ("" sorts before any date)
        rows.sort(key=lambda row: (_sortable(row[4]), row[0]), reverse=True)
        rows = rows[:limit]
        by_entry: dict[int, list[tuple[str, str]]] = {}
        names = list(DESCRIBED_FACETS)
        kept = [row[0] for row in rows]
        for start in range(0, len(kept), 900):
            chunk = kept[start : start + 900]
            cursor.execute(
                "SELECT document_id, facet, code FROM search_facet"
                f" WHERE document_id IN ({_placeholders(len(chunk))})"
                f" AND facet IN ({_placeholders(len(names))}) ORDER BY document_id, facet, code",
                [*chunk, *names],
            )
            for doc_id, facet, code in cursor.fetchall():
                by_entry.setdefault(doc_id, []).append((facet, code))
    return [
        WordsEntry(
            kind=row[1],
            public_id=row[2],
            title=row[3],
            words=frozenset(held[row[0]]),
            terms=tuple(by_entry.get(row[0], [])),
        )
        for row in rows
    ]


def _sortable(value: Any) -> str:
    """A published date as sortable text (SQLite returns text, PostgreSQL datetimes)."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def entry_terms(
    keys: Iterable[tuple[str, str]], facets: Sequence[str]
) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """The ``(facet, code)`` pairs of these facets that each indexed entry carries (one
    query per 400 keys); an entry not in the index is missing from the answer."""
    wanted = list(dict.fromkeys(keys))
    names = list(facets) or [""]
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            condition = " OR ".join(["(e.kind = %s AND e.public_id = %s)"] * len(chunk))
            cursor.execute(
                "SELECT e.kind, e.public_id, f.facet, f.code FROM search_entry e"
                " LEFT JOIN search_facet f ON f.document_id = e.id"
                f" AND f.facet IN ({_placeholders(len(names))}) WHERE {condition}",
                [*names, *(value for key in chunk for value in key)],
            )
            for kind, public_id, facet, code in cursor.fetchall():
                terms = found.setdefault((kind, public_id), set())
                if facet:
                    terms.add((facet, code))
    return found


def term_counts(
    pairs: Iterable[tuple[str, str]], *, exclude_kinds: Sequence[str] = ("topic",)
) -> tuple[int, dict[tuple[str, str], int]]:
    """How many entries the index holds, and how many carry each of these terms (one query
    per facet, each an index range count)."""
    by_facet: dict[str, list[str]] = {}
    for facet, code in dict.fromkeys(pairs):
        by_facet.setdefault(facet, []).append(code)
    excluded = list(exclude_kinds) or [""]
    counts: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM search_entry WHERE kind NOT IN ({_placeholders(len(excluded))})",
            excluded,
        )
        total = int(cursor.fetchone()[0])
        for facet, codes in sorted(by_facet.items()):
            for start in range(0, len(codes), 500):
                chunk = codes[start : start + 500]
                cursor.execute(
                    "SELECT code, count(*) FROM search_facet WHERE facet = %s"
                    f" AND code IN ({_placeholders(len(chunk))}) GROUP BY code",
                    [facet, *chunk],
                )
                for code, count in cursor.fetchall():
                    counts[(facet, code)] = int(count)
    return total, counts
