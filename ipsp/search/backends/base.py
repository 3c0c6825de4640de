"""The search backend interface, and the SQL machinery both database backends share.

A backend stores ``SearchDocument``s and answers ``search()``. The two built-in
ones keep everything in the platform's own database (same transaction as the
publication that triggers indexing); an external engine (OpenSearch...) would
implement ``SearchBackend`` directly.

How a search runs (``SqlSearchBackend.search``), always in at most seven queries
whatever the number of results, and with words in a bounded amount of work
whatever the size of the index:

1. unknown filter codes: one query of the facet totals (``ipsp.search.facet_totals``),
   which also say how selective each filter is and how many entries there are
   (``_search_start``: PostgreSQL resolves the words in the same query);
2. with words, the cap (``_cap_bound``): when the words are in more than
   ``match_cap`` entries, only the ``match_cap`` most recently indexed of them are
   considered (an id bound; SQLite reads the words' lists newest first up to the
   cap, PostgreSQL takes the planner's estimate for very common words); the total
   and the facet counts are then scaled up by the share of the index above the
   bound and marked as estimates (``total_exact``, ``facets_exact``);
3. with words, the considered matches passing the filters, newest first (one
   query; SQLite gives their bm25 relevance too): the total;
4. facet counts: the ``facet_codes`` of those ids, counted in Python (of the newest
   of them, scaled, when there are many); without words, of the matched entries, or
   from the facet totals alone for the whole directory and one kind (which also give
   the total of a state with one code);
5. the page: for relevance with words, the ``rank_limit`` most recent considered
   matches scored here with the boosts (PostgreSQL computes ``ts_rank_cd`` for
   those only); otherwise one ``ORDER BY`` on the entries table read through the
   sort's index (walked from its end, testing each entry, when the matches are dense);
6. titles and snippets for the page's hits only.
"""

# SQL here is assembled from constants, column names and %s placeholders only; every
# value, the full-text expression included, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ipsp.search.documents import FACETS, MAX_CODE_LENGTH, SearchDocument
from ipsp.search.facet_totals import (
    count_codes,
    facet_codes_pairs,
    facet_codes_text,
    totals_add,
    totals_of_entries,
    totals_read,
    totals_recompute,
)
from ipsp.search.query import ParsedQuery
from ipsp.search.text import highlighted, normalise

Sort = Literal["relevance", "newest", "updated"]
SORTS: tuple[str, ...] = ("relevance", "newest", "updated")

RANK_LIMIT = 2000  # matches ranked by relevance at most (the rest is not ranked)
FACET_EXACT_LIMIT = 10_000  # above this many matches, facet counts are estimated
# A text search considers at most the MATCH_CAP most recently indexed entries containing
# its words (before filters): a word found in most entries then costs the same at
# 1,000,000 entries as at 20,000. Above it, the total and the facet counts are
# estimated ("about N") from the share of the index those entries span.
MATCH_CAP = 20_000
CAPPED_FACET_SAMPLE = 2_000  # matches sampled for the facet counts of a capped search
# A sorted page without words is found by walking the sort's index from its end, testing
# each entry, when that is expected to read at most this many rows (see ``search``).
WALK_ROWS = 20_000
FLAGGED_BOOST = 1.5
FRESH_BOOST = 0.5  # a brand-new entry scores up to 1.5 times more
FRESH_HALF_LIFE_DAYS = 180.0
MAX_PAGE_SIZE = 100
BATCH = 500
# what a facet code may look like in a filter ("KE", "sdg-8", "living-wages", "2024")
CODE_PATTERN = re.compile(r"[\w.:/+-]{1," + str(MAX_CODE_LENGTH) + "}")


@dataclass(frozen=True)
class Hit:
    kind: str
    public_id: str
    title: str
    score: float
    snippet: SafeString  # HTML: text escaped, matched words in <mark>


@dataclass(frozen=True)
class FacetCount:
    code: str
    count: int


@dataclass(frozen=True)
class Results:
    total: int
    page: int  # the page shown: out-of-range requests get the last page
    pages: int
    page_size: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    facets_exact: bool = True  # False: counts estimated from a sample (very common words)
    total_exact: bool = True  # False: ``total`` is an estimate (shown as "about N")
    ranked_limit: int | None = None  # set when only this many matches were ranked
    unknown_filters: tuple[tuple[str, str], ...] = ()  # (facet, code) dropped from the query
    notices: tuple[str, ...] = ()  # localised messages for the visitor
    fuzzy: bool = False  # True when hits came from typo tolerance (similar titles)


@dataclass(frozen=True)
class Considered:
    """The matches of a search with words that its page and counts are made from."""

    bound: int | None  # the cap's id bound, None when every match is considered
    scale: float  # how many times more entries the whole index holds than those considered
    candidates: list[tuple[int, float]]  # (id, relevance), the most recently indexed first
    facet_counts: dict[str, tuple[FacetCount, ...]]
    exact: bool
    any_match: bool  # the words match some entry, filters aside


def _no_hits(
    page_size: int,
    facets: dict[str, tuple[FacetCount, ...]],
    facets_exact: bool,
    unknown: list[tuple[str, str]],
    notices: list[str],
) -> Results:
    """The results of a search that matched nothing (its facet counts and notices kept)."""
    return Results(
        total=0,
        page=1,
        pages=1,
        page_size=page_size,
        hits=(),
        facets=facets,
        facets_exact=facets_exact,
        unknown_filters=tuple(unknown),
        notices=tuple(notices),
    )


ProgressCallback = Callable[[int], None]


class SearchBackend:
    """What every backend implements."""

    vendor = ""

    def index(self, docs: Iterable[SearchDocument]) -> None:
        raise NotImplementedError

    def remove(self, kind: str, public_id: str) -> None:
        raise NotImplementedError

    def flag_set(self, kind: str, public_id: str, flagged: bool) -> None:
        """Mark an indexed entry flagged or not, in place; one not indexed is left alone."""
        raise NotImplementedError

    def search(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        facets: Sequence[str] = (),
        sort: Sort = "relevance",
        page: int = 1,
        page_size: int = 20,
    ) -> Results:
        raise NotImplementedError

    def rebuild(
        self,
        docs: Iterable[SearchDocument],
        *,
        kinds: Iterable[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> int:
        raise NotImplementedError

    def map_points(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        limit: int = 10_000,
    ) -> MapPoints:
        raise NotImplementedError

    def count_facets(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        facets: Sequence[str] = (),
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]], bool]:
        raise NotImplementedError


@dataclass(frozen=True)
class MapPoints:
    """The places of the entries matching a search, for the map (``ipsp.search.map``).

    ``rows``: (kind, public_id, title, latitude, longitude, country), at most ``limit``
    of them, in no particular order (the first found: no sort, so that a word found in
    most entries stops reading at the limit); ``truncated`` when there
    were more; ``entries``: how many matching entries have places (``None`` when the
    rows are truncated: the search's total says how many entries matched).
    """

    rows: list[tuple[str, str, str, float, float, str]]
    entries: int | None
    truncated: bool


def fresh_factor(fresh_at: datetime.datetime | str | None, now: datetime.datetime) -> float:
    if fresh_at is None:
        return 1.0
    if isinstance(fresh_at, str):  # SQLite returns text from raw queries
        fresh_at = datetime.datetime.fromisoformat(fresh_at)
    if timezone.is_naive(fresh_at):  # stored in UTC without an offset
        fresh_at = fresh_at.replace(tzinfo=datetime.UTC)
    age_days = max(0.0, (now - fresh_at).total_seconds() / 86400)
    return 1.0 + FRESH_BOOST * math.pow(0.5, age_days / FRESH_HALF_LIFE_DAYS)


def final_score(
    relevance: float, *, boost: float, flagged: bool, fresh_at: Any, now: datetime.datetime
) -> float:
    score = relevance * (boost or 1.0) * fresh_factor(fresh_at, now)
    return score * FLAGGED_BOOST if flagged else score


def clean_filters(filters: Mapping[str, Sequence[str]] | None) -> tuple[dict[str, list[str]], list]:
    """Drop malformed facet names and codes; return (kept, dropped pairs)."""
    kept: dict[str, list[str]] = {}
    dropped: list[tuple[str, str]] = []
    for name, codes in (filters or {}).items():
        for code in codes if not isinstance(codes, str) else [codes]:
            code = str(code).strip()
            if name not in FACETS or not CODE_PATTERN.fullmatch(code):
                dropped.append((_printable(str(name)[:40]), _printable(code[:MAX_CODE_LENGTH])))
                continue
            kept.setdefault(name, [])
            if code not in kept[name]:
                kept[name].append(code)
    return kept, dropped


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


class SqlSearchBackend(SearchBackend):
    """Entries and facets in Django tables, text in a vendor table (see subclasses)."""

    rank_limit = RANK_LIMIT
    json_placeholder = "%s"
    facet_exact_limit = FACET_EXACT_LIMIT
    match_cap = MATCH_CAP
    capped_facet_sample = CAPPED_FACET_SAMPLE

    # --- what a subclass provides -------------------------------------------------
    def _text_store(
        self,
        cursor: Any,
        rows: list[tuple[int, SearchDocument]],
        into: Mapping[str, str] | None = None,
    ) -> None:
        """Store the documents' text (in ``into``'s name for the text table, if given)."""
        raise NotImplementedError

    def _text_delete(self, cursor: Any, ids: list[int]) -> None:
        raise NotImplementedError

    def _text_delete_all(self, cursor: Any, kinds: list[str] | None) -> None:
        raise NotImplementedError

    def _match_sql(
        self, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[str, list[Any]]:
        """SQL selecting the ``id`` of entries matching the text and filters, with parameters."""
        raise NotImplementedError

    # --- what related entries and the topic job read -----------------------------------
    def text_table_sql(self) -> tuple[str, str, str, str]:
        """(table, its entry id column, its titles column, SQL of the whole text of its row
        ``t``) of the indexed texts, for a pass over every entry's text
        (``queries.indexed_texts``)."""
        raise NotImplementedError

    def entry_text_sql(self, kind: str, public_id: str, chars: int) -> tuple[str, list[Any]]:
        """SQL of one row (title, the first ``chars`` characters of the text) of an indexed
        entry, read from the full-text table."""
        raise NotImplementedError

    def words_ranked_sql(self, words: Sequence[str], limit: int) -> tuple[str, list[Any]]:
        """SQL selecting (id, relevance) of the ``limit`` most recently indexed entries
        containing any of ``words``."""
        raise NotImplementedError

    def word_counts(self, cursor: Any, words: Sequence[str], cap: int) -> dict[int, int]:
        """How many entries contain each word (by its index in ``words``), counted up to
        ``cap + 1``: one query. A backend may leave out words it knows to be in more than
        ``cap`` entries without counting them."""
        parts: list[str] = []
        params: list[Any] = []
        for index, word in enumerate(words):
            match_sql, match_params = self._match_sql(ParsedQuery.any_of_words([word]), {})
            parts.append(f"SELECT %s, (SELECT count(*) FROM ({match_sql} LIMIT %s) AS w{index})")
            params += [index, *match_params, cap + 1]
        if not parts:
            return {}
        cursor.execute(" UNION ALL ".join(parts), params)
        return {int(index): min(int(count), cap + 1) for index, count in cursor.fetchall()}

    def words_in(
        self, cursor: Any, words: Sequence[str], ids: Sequence[int]
    ) -> dict[int, list[str]]:
        """Which of ``words`` each of the entries ``ids`` contains (one query)."""
        if not ids or not words:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        marks = _placeholders(len(ids))
        for index, word in enumerate(words):
            match_sql, match_params = self._match_sql(ParsedQuery.any_of_words([word]), {})
            parts.append(
                f"SELECT %s, m{index}.id FROM ({match_sql}) AS m{index}"
                f" WHERE m{index}.id IN ({marks})"
            )
            params += [index, *match_params, *ids]
        cursor.execute(" UNION ALL ".join(parts), params)
        found: dict[int, list[str]] = {}
        for index, doc_id in sorted(cursor.fetchall()):
            found.setdefault(int(doc_id), []).append(words[int(index)])
        return found

    def _snippets(self, query: ParsedQuery, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError

    def _cap_bound(self, cursor: Any, query: ParsedQuery) -> tuple[int | None, float]:
        """(None, 1.0) when the words are in at most ``match_cap`` entries; otherwise an id
        such that about ``match_cap`` of the entries containing them have a greater id, and
        how many times more entries the whole index holds than those above it (ids span
        the index evenly: it is rebuilt and extended in id order)."""
        raise NotImplementedError

    def _candidates_sql(
        self,
        query: ParsedQuery,
        filters: dict[str, list[str]],
        bound: int | None,
        relevance: bool,
    ) -> tuple[str, list[Any]]:
        """SQL selecting (id, relevance or 0) of the matches with an id above ``bound``
        passing the filters, the most recently indexed first."""
        raise NotImplementedError

    def _ids_sql(self) -> str:
        """A subquery selecting ``id``: the ids given as one parameter (``_ids_param``)."""
        raise NotImplementedError

    def _ids_param(self, ids: list[int]) -> Any:
        return json.dumps(ids)

    def _score_rows_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL selecting (id, boost, flagged, fresh_at, relevance) of the ids given as the
        last parameter; relevance NULL when the candidates query gave it."""
        return (
            "SELECT e.id, e.boost, e.flagged, e.fresh_at, NULL FROM search_entry e"
            f" WHERE e.id IN ({self._ids_sql()})",
            [],
        )

    def _fuzzy_ids(self, query: ParsedQuery, filters: dict[str, list[str]]) -> list[int]:
        """Entries with titles close to the words (typo tolerance); none by default."""
        return []

    def _after_rebuild(self, cursor: Any) -> None:
        return None

    def _bulk_load_start(self, cursor: Any) -> Any:
        """Before a full rebuild's inserts (e.g. drop secondary indexes); returns a token."""
        return None

    def _bulk_load_end(self, cursor: Any, token: Any) -> None:
        """After a full rebuild's inserts (e.g. recreate the indexes, in one sort each)."""
        return None

    def _write_start(self, cursor: Any) -> None:
        """Before ``index`` or ``remove`` reads or writes the index (PostgreSQL: wait for a
        full rebuild to swap its tables in, so that the change is made to the new ones)."""
        return None

    def _fresh_tables_prepare(self) -> bool:
        """Before a full rebuild's transaction: create its fresh tables (committed) when
        that is possible and worth it; whether it did. Never by default."""
        return False

    def _fresh_tables_release(self, prepared: bool, *, failed: bool) -> None:
        """After a full rebuild's transaction (committed or not), when
        ``_fresh_tables_prepare`` prepared fresh tables."""
        return None

    def _fresh_tables_start(self, cursor: Any, prepared: bool = False) -> dict[str, str] | None:
        """Before a full rebuild: new, empty tables to load instead of emptying the index's
        ({table: new name}), or None to replace the rows in place (the default).
        ``prepared``: ``_fresh_tables_prepare`` created them."""
        return None

    def _fresh_tables_end(self, cursor: Any, tables: dict[str, str]) -> None:
        """After a full rebuild's load into ``tables``: index them, count the facet totals
        and put them in the place of the old ones, in the rebuild's transaction."""
        raise NotImplementedError

    def _fresh_tables_close(self, tables: dict[str, str]) -> None:
        """After a full rebuild into ``tables``, whether it succeeded or failed."""
        return None

    def _allocate_ids(self, cursor: Any, count: int) -> list[int]:
        """Ids for new entries, taken at once so that rows can be inserted in bulk."""
        raise NotImplementedError

    def _insert_rows(
        self, cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> None:
        """Insert rows into one of the index's tables (PostgreSQL: COPY)."""
        if not rows:
            return
        marks = ", ".join(
            self.json_placeholder if column == "points" else "%s" for column in columns
        )
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            rows,
        )

    # --- writing ----------------------------------------------------------------------
    def index(self, docs: Iterable[SearchDocument]) -> None:
        batch: list[SearchDocument] = []
        with transaction.atomic():
            with connection.cursor() as cursor:
                self._write_start(cursor)
            for doc in docs:
                batch.append(doc)
                if len(batch) >= BATCH:
                    self._index_batch(batch, replace=True)
                    batch = []
            if batch:
                self._index_batch(batch, replace=True)

    def _index_batch(
        self,
        docs: list[SearchDocument],
        *,
        replace: bool,
        into: Mapping[str, str] | None = None,
    ) -> None:
        """Insert ``docs`` (replacing their earlier versions when ``replace``); the facet
        totals follow, except in a rebuild (``replace`` False), which counts them at the end.
        ``into``: other names for the tables (a full rebuild's fresh tables).
        """
        named = into or {}
        # the last version of a document given twice wins
        docs = list({(d.kind, d.public_id): d for d in docs}.values())
        with connection.cursor() as cursor:
            if replace:
                existing = self._existing_ids(cursor, [(d.kind, d.public_id) for d in docs])
                if existing:
                    self._delete_ids(cursor, list(existing.values()))
            ids = self._allocate_ids(cursor, len(docs))
            rows = list(zip(ids, docs, strict=True))
            self._insert_rows(
                cursor,
                named.get("search_entry", "search_entry"),
                (
                    "id",
                    "kind",
                    "public_id",
                    "language",
                    "title",
                    "published_at",
                    "updated_at",
                    "fresh_at",
                    "flagged",
                    "boost",
                    "points",
                    "facet_codes",
                ),
                [
                    (
                        entry_id,
                        doc.kind,
                        doc.public_id,
                        doc.language,
                        normalise(doc.title),
                        _adapt(doc.published_at),
                        _adapt(doc.updated_at),
                        _adapt(doc.freshness_date),
                        doc.flagged,
                        doc.boost,
                        _points_json(doc),
                        facet_codes_text(doc.facet_pairs()),
                    )
                    for entry_id, doc in rows
                ],
            )
            self._insert_rows(
                cursor,
                named.get("search_facet", "search_facet"),
                ("document_id", "facet", "code"),
                [
                    (entry_id, name, code)
                    for entry_id, doc in rows
                    for name, code in doc.facet_pairs()
                ],
            )
            if replace:
                totals_add(
                    cursor,
                    Counter(
                        (doc.kind, name, code) for doc in docs for name, code in doc.facet_pairs()
                    ),
                )
            self._insert_rows(
                cursor,
                named.get("search_point", "search_point"),
                ("document_id", "latitude", "longitude", "country"),
                [
                    (entry_id, point.latitude, point.longitude, point.country)
                    for entry_id, doc in rows
                    for point in doc.map_points()
                ],
            )
            self._text_store(cursor, rows, into)

    def _existing_ids(self, cursor: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        by_kind: dict[str, list[str]] = {}
        for kind, public_id in keys:
            by_kind.setdefault(kind, []).append(public_id)
        for kind, public_ids in by_kind.items():
            cursor.execute(
                "SELECT id, public_id FROM search_entry WHERE kind = %s"
                f" AND public_id IN ({_placeholders(len(public_ids))})",
                [kind, *public_ids],
            )
            for entry_id, public_id in cursor.fetchall():
                found[(kind, public_id)] = entry_id
        return found

    def _delete_ids(self, cursor: Any, ids: list[int]) -> None:
        marks = _placeholders(len(ids))
        totals_add(cursor, {key: -count for key, count in totals_of_entries(cursor, ids).items()})
        self._text_delete(cursor, ids)
        cursor.execute(f"DELETE FROM search_facet WHERE document_id IN ({marks})", ids)
        cursor.execute(f"DELETE FROM search_point WHERE document_id IN ({marks})", ids)
        cursor.execute(f"DELETE FROM search_entry WHERE id IN ({marks})", ids)

    def flag_set(self, kind: str, public_id: str, flagged: bool) -> None:
        """The entry's row, its "flagged" facet row and the totals, in place (a flag comes
        and goes without the entry being indexed again); after a full rebuild in progress
        has swapped its tables in, like every index write."""
        with transaction.atomic(), connection.cursor() as cursor:
            self._write_start(cursor)
            cursor.execute(
                "SELECT id, facet_codes FROM search_entry WHERE kind = %s AND public_id = %s",
                [kind, public_id],
            )
            row = cursor.fetchone()
            if row is None:
                return
            entry_id, codes = row
            pairs = [pair for pair in facet_codes_pairs(codes) if pair[0] != "flagged"]
            if flagged:
                pairs.append(("flagged", "yes"))
            cursor.execute(
                "UPDATE search_entry SET flagged = %s, facet_codes = %s WHERE id = %s",
                [flagged, facet_codes_text(pairs), entry_id],
            )
            cursor.execute(
                "DELETE FROM search_facet WHERE document_id = %s AND facet = 'flagged'",
                [entry_id],
            )
            change = (1 if flagged else 0) - cursor.rowcount
            if flagged:
                cursor.execute(
                    "INSERT INTO search_facet (document_id, facet, code)"
                    " VALUES (%s, 'flagged', 'yes')",
                    [entry_id],
                )
            if change:
                totals_add(cursor, {(kind, "flagged", "yes"): change})

    def remove(self, kind: str, public_id: str) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._write_start(cursor)
            ids = self._existing_ids(cursor, [(kind, public_id)])
            if ids:
                self._delete_ids(cursor, list(ids.values()))

    def rebuild(
        self,
        docs: Iterable[SearchDocument],
        *,
        kinds: Iterable[str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Replace the index (or the given kinds) by ``docs`` in one transaction.

        Readers keep seeing the old index until the new one is committed.
        """
        kind_list = sorted(set(kinds)) if kinds is not None else None
        prepared = self._fresh_tables_prepare() if kind_list is None else False
        failed = True
        try:
            count = self._rebuild(docs, kind_list, prepared, progress)
            failed = False
        finally:
            self._fresh_tables_release(prepared, failed=failed)
        return count

    def _rebuild(
        self,
        docs: Iterable[SearchDocument],
        kind_list: list[str] | None,
        prepared: bool,
        progress: ProgressCallback | None,
    ) -> int:
        """``rebuild``'s transaction."""
        count = 0
        token = None
        with transaction.atomic(), connection.cursor() as cursor:
            fresh = self._fresh_tables_start(cursor, prepared) if kind_list is None else None
            if fresh is None:
                self._text_delete_all(cursor, kind_list)
            if kind_list is None and fresh is None:
                cursor.execute("DELETE FROM search_facet")
                cursor.execute("DELETE FROM search_point")
                cursor.execute("DELETE FROM search_entry")
                token = self._bulk_load_start(cursor)
            elif kind_list:
                marks = _placeholders(len(kind_list))
                cursor.execute(
                    "DELETE FROM search_facet WHERE document_id IN"
                    f" (SELECT id FROM search_entry WHERE kind IN ({marks}))",
                    kind_list,
                )
                cursor.execute(
                    "DELETE FROM search_point WHERE document_id IN"
                    f" (SELECT id FROM search_entry WHERE kind IN ({marks}))",
                    kind_list,
                )
                cursor.execute(f"DELETE FROM search_entry WHERE kind IN ({marks})", kind_list)
            try:
                count = self._load(docs, fresh, progress)
                if fresh is not None:
                    self._fresh_tables_end(cursor, fresh)
                    return count
            finally:
                if fresh is not None:
                    self._fresh_tables_close(fresh)
            if kind_list is None:
                self._bulk_load_end(cursor, token)
            totals_recompute(cursor, kind_list)
            self._after_rebuild(cursor)
        return count

    def _load(
        self,
        docs: Iterable[SearchDocument],
        into: dict[str, str] | None,
        progress: ProgressCallback | None,
    ) -> int:
        """A rebuild's inserts, in batches; returns the number of documents."""
        count = 0
        batch: list[SearchDocument] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH:
                self._index_batch(batch, replace=False, into=into)
                count += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            self._index_batch(batch, replace=False, into=into)
            count += len(batch)
            if progress:
                progress(len(batch))
        return count

    # --- reading ---------------------------------------------------------------------
    def search(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        facets: Sequence[str] = (),
        sort: Sort = "relevance",
        page: int = 1,
        page_size: int = 20,
    ) -> Results:
        page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
        sort = sort if sort in SORTS else "relevance"
        notices = list(query.notices)
        kept, unknown = clean_filters(filters)
        requested_facets = [name for name in dict.fromkeys(facets) if name in FACETS]
        with connection.cursor() as cursor:
            sizes, query = self._search_start(cursor, query, kept)
            kept, missing = self._drop_unknown_codes(kept, sizes)
            unknown += missing
            if unknown:
                notices.append(
                    _("Some filters were not recognised and were left out: %(filters)s.")
                    % {"filters": ", ".join(f"{name}={code}" for name, code in unknown)}
                )
            if not query.is_empty:
                return self._text_search(
                    cursor, query, kept, requested_facets, sort, page, page_size, unknown, notices
                )
            matched_sql, matched_params = self._no_text_sql(kept, sizes)
            total, facet_counts, exact = self._no_text_counts(
                cursor, requested_facets, kept, sizes, matched_sql, matched_params
            )
            if total == 0:
                return _no_hits(page_size, facet_counts, exact, unknown, notices)
            pages = max(1, math.ceil(total / page_size))
            page = min(max(1, int(page)), pages)
            offset = (page - 1) * page_size
            # A sort's index read from its end finds a page of a state with many matches
            # after (offset + page size) x (entries / matches) rows: the matches are
            # tested on the way ("+" keeps SQLite from looking them up by id instead). A
            # state with few matches sorts them instead.
            entries = sum(count for (_k, facet, _c), count in sizes.items() if facet == "kind")
            walk = (offset + page_size) * entries <= WALK_ROWS * total
            plus = "+" if walk and self.vendor == "sqlite" else ""
            if set(kept) == {"kind"}:
                source = f"{plus}e.kind IN ({_placeholders(len(kept['kind']))})"
                params = list(kept["kind"])
            elif kept:
                source = f"{plus}e.id IN ({matched_sql})" if walk else self._few_ids(matched_sql)
                params = matched_params
            else:  # read the sort's index from the end, 20 rows
                source, params = "1 = 1", []
            ordered = self._sorted_page(cursor, sort, source, params, offset, page_size)
            hits = self._hits(cursor, query, ordered)
        return Results(
            total=total,
            page=page,
            pages=pages,
            page_size=page_size,
            hits=tuple(hits),
            facets=facet_counts,
            facets_exact=exact,
            unknown_filters=tuple(unknown),
            notices=tuple(notices),
        )

    def _text_search(
        self,
        cursor: Any,
        query: ParsedQuery,
        kept: dict[str, list[str]],
        requested_facets: list[str],
        sort: str,
        page: int,
        page_size: int,
        unknown: list[tuple[str, str]],
        notices: list[str],
    ) -> Results:
        """A search with words, in a bounded amount of work whatever the index's size.

        1. ``_considered_matches``: the considered matches passing the filters (at most
           ``match_cap`` most recently indexed ones of the words' matches), their facet
           counts (over a sample, scaled, when there are many), the total (scaled up to
           the whole index when capped).
        2. When the words match nothing at all, filters aside: similar titles.
        3. The ``rank_limit`` most recent of them are scored with the boosts
           (``_relevance_hits``) or sorted for the page; titles and snippets for the page only.
        """
        query, considered = self._considered_matches(
            cursor,
            query,
            kept,
            requested_facets,
            relevance=sort == "relevance",
            page=page,
            page_size=page_size,
        )
        candidates = considered.candidates
        found = len(candidates)
        total = round(found * considered.scale)
        fuzzy = False
        fuzzy_ids: list[int] = []
        if not considered.any_match:  # mistyped words; known words outside the filters
            # do match something, and similar titles would not be what was meant
            fuzzy_ids = self._fuzzy_ids(query, kept)
            if fuzzy_ids:
                fuzzy = True
                found = total = len(fuzzy_ids)
                notices.append(_("No exact matches: showing entries with similar titles."))
        if found == 0:
            return _no_hits(page_size, considered.facet_counts, considered.exact, unknown, notices)
        bound = considered.bound
        ranked_limit = self.rank_limit if found > self.rank_limit or bound is not None else None
        pages = max(1, math.ceil(min(found, self.rank_limit) / page_size))
        page = min(max(1, int(page)), pages)
        offset = (page - 1) * page_size
        ranked = candidates[: self.rank_limit]  # the most recently indexed first
        if fuzzy:
            ordered = [(entry_id, 0.0) for entry_id in fuzzy_ids][offset : offset + page_size]
            hits = self._hits(cursor, query, ordered)
        elif sort == "relevance":
            hits = self._relevance_hits(cursor, query, ranked, offset, page_size)
        else:
            ordered = self._sorted_page(
                cursor,
                sort,
                f"e.id IN ({self._ids_sql()})",
                [self._ids_param([entry_id for entry_id, _r in ranked])],
                offset,
                page_size,
            )
            hits = self._hits(cursor, query, ordered)
        return Results(
            total=total,
            page=page,
            pages=pages,
            page_size=page_size,
            hits=tuple(hits),
            facets=considered.facet_counts,
            facets_exact=considered.exact,
            total_exact=bound is None,
            ranked_limit=ranked_limit,
            unknown_filters=tuple(unknown),
            notices=tuple(notices),
            fuzzy=fuzzy,
        )

    def _considered_matches(
        self,
        cursor: Any,
        query: ParsedQuery,
        kept: dict[str, list[str]],
        requested_facets: list[str],
        *,
        relevance: bool,
        page: int = 1,
        page_size: int = 20,
    ) -> tuple[ParsedQuery, Considered]:
        """(the query as the later steps use it, the considered matches): ``_cap_bound``,
        then one query for the matches passing the filters (with their relevance when the
        page is sorted by it), then their facet counts. ``page`` and ``page_size``: the
        page asked for, which PostgreSQL reads with the matches when sorted by relevance."""
        bound, scale = self._cap_bound(cursor, query)
        candidates_sql, candidates_params = self._candidates_sql(
            query, kept, bound, relevance=relevance
        )
        cursor.execute(candidates_sql, candidates_params)
        candidates = [(int(row[0]), float(row[1] or 0.0)) for row in cursor.fetchall()]
        facet_counts, exact = self._candidate_facets(
            cursor, requested_facets, [entry_id for entry_id, _r in candidates], scale
        )
        # a bound means the words match more than the cap; without one, matches outside
        # the filters are not counted here (SQLite, the only user, has no typo tolerance)
        any_match = bool(candidates) or bound is not None
        return query, Considered(bound, scale, candidates, facet_counts, exact, any_match)

    def _relevance_hits(
        self,
        cursor: Any,
        query: ParsedQuery,
        ranked: list[tuple[int, float]],
        offset: int,
        limit: int,
    ) -> list[Hit]:
        """The page of ``ranked`` (id, relevance) by score, with titles and snippets."""
        return self._hits(cursor, query, self._score_page(cursor, query, ranked, offset, limit))

    @staticmethod
    def _span_scale(low: int | None, high: int | None, bound: int) -> float:
        """How many times more entries ids ``low``..``high`` hold than those above ``bound``."""
        if low is None or high is None or high <= bound:
            return 1.0
        return max(1.0, (high - low + 1) / (high - bound))

    def _candidate_facets(
        self, cursor: Any, names: list[str], ids: list[int], scale: float
    ) -> tuple[dict[str, tuple[FacetCount, ...]], bool]:
        """Facet counts over the listed matches; from the most recent of them, scaled up,
        when there are more than ``facet_exact_limit`` (or the search was capped)."""
        exact = scale == 1.0 and len(ids) <= self.facet_exact_limit
        if not names:
            return {}, exact
        sample = ids
        if not exact:
            size = self.capped_facet_sample if scale != 1.0 else self.facet_exact_limit
            sample = ids[:size]
            scale = scale * len(ids) / max(1, len(sample))
        if not sample:
            return dict.fromkeys(names, ()), exact
        cursor.execute(self._facet_codes_sql(self._ids_sql()), [self._ids_param(sample)])
        _entries, counted = count_codes(cursor.fetchall(), names)
        return _facet_tuples(counted, names, 1.0 if exact else scale), exact

    def _score_page(
        self,
        cursor: Any,
        query: ParsedQuery,
        ranked: list[tuple[int, float]],
        offset: int,
        limit: int,
    ) -> list[tuple[int, float]]:
        """The page of ``ranked`` (id, relevance) after the boosts for flagged and fresh."""
        if not ranked:
            return []
        sql, params = self._score_rows_sql(query)
        cursor.execute(sql, [*params, self._ids_param([entry_id for entry_id, _r in ranked])])
        entries = {row[0]: row[1:] for row in cursor.fetchall()}
        now = timezone.now()
        scored = []
        for entry_id, candidate_relevance in ranked:
            if entry_id not in entries:
                continue
            boost, flagged, fresh_at, relevance = entries[entry_id]
            relevance = candidate_relevance if relevance is None else float(relevance)
            score = final_score(
                relevance, boost=boost, flagged=bool(flagged), fresh_at=fresh_at, now=now
            )
            scored.append((entry_id, score))
        scored.sort(key=lambda pair: (-pair[1], -pair[0]))
        return scored[offset : offset + limit]

    def map_points(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        limit: int = 10_000,
    ) -> MapPoints:
        """One query for the places of the matching entries.

        Filters apply as in ``search`` (AND across facets, OR within one); a code no
        entry carries matches nothing (the caller reports unknown codes).
        """
        kept, _dropped = clean_filters(filters)
        if query.is_empty:
            matched_sql, matched_params = self._no_text_sql(kept)
        else:
            matched_sql, matched_params = self._match_sql(query, kept)
        with connection.cursor() as cursor:
            # the matched ids drive the loop; each reads its places, then its entry row
            cursor.execute(
                "SELECT e.kind, e.public_id, e.title, p.latitude, p.longitude, p.country"
                f" FROM ({matched_sql}) AS m CROSS JOIN search_point p"
                " CROSS JOIN search_entry e"
                " WHERE p.document_id = m.id AND e.id = m.id"
                " LIMIT %s",
                [*matched_params, limit + 1],
            )
            rows = cursor.fetchall()
        truncated = len(rows) > limit
        if truncated:
            # counting every matching entry with places would read them all again
            rows, entries = rows[:limit], None
        else:
            entries = len({(row[0], row[1]) for row in rows})
        return MapPoints(rows=rows, entries=entries, truncated=truncated)

    def count_facets(
        self,
        query: ParsedQuery,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        facets: Sequence[str] = (),
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]], bool]:
        """(total, facet counts, exact) of a search, without ranking a page of hits.

        The same counts as ``search`` gives (estimated above ``facet_exact_limit``
        matches); filters apply as in ``map_points``.
        """
        kept, _dropped = clean_filters(filters)
        requested = [name for name in dict.fromkeys(facets) if name in FACETS]
        if query.is_empty:
            matched_sql, matched_params = self._no_text_sql(kept)
        else:
            matched_sql, matched_params = self._match_sql(query, kept)
        with connection.cursor() as cursor:
            if query.is_empty:
                sizes = self._filter_sizes(cursor, kept)
                matched_sql, matched_params = self._no_text_sql(kept, sizes)
                return self._no_text_counts(
                    cursor, requested, kept, sizes, matched_sql, matched_params
                )
            cursor.execute(f"SELECT count(*) FROM ({matched_sql}) AS m", matched_params)
            total = int(cursor.fetchone()[0])
            counts, exact = self._facet_counts(
                cursor, requested, matched_sql, matched_params, total
            )
        return total, counts, exact

    def _no_text_counts(
        self,
        cursor: Any,
        names: list[str],
        filters: dict[str, list[str]],
        sizes: dict[tuple[str, str, str], int],
        matched_sql: str,
        matched_params: list[Any],
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]], bool]:
        """(total, facet counts, exact) of a state without words.

        With no filter but the kind (the whole directory, the list of organisations),
        both come from the totals kept up to date by the index writes (one query over a
        few hundred rows); otherwise the counts are counted over the matching entries,
        and the total is read from the totals when the state has one code besides the kind.
        """
        if set(filters) <= {"kind"}:
            total, counted = totals_read(cursor, names, kinds=filters.get("kind"))
            return total, _facet_tuples(counted, names, 1.0), True
        others = [name for name in filters if name != "kind"]
        kinds = set(filters.get("kind", ()))
        if len(others) == 1 and len(filters[others[0]]) == 1:
            facet, code = others[0], filters[others[0]][0]
            total = sum(
                count
                for (kind, name, value), count in sizes.items()
                if name == facet and value == code and (not kinds or kind in kinds)
            )
        else:
            cursor.execute(f"SELECT count(*) FROM ({matched_sql}) AS m", matched_params)
            total = int(cursor.fetchone()[0])
        counts, exact = self._facet_counts(cursor, names, matched_sql, matched_params, total)
        return total, counts, exact

    def _search_start(
        self, cursor: Any, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[dict[tuple[str, str, str], int], ParsedQuery]:
        """A search's first statement: the filters' sizes (``_filter_sizes``), and the query
        as the later steps use it (PostgreSQL resolves its words in the same statement)."""
        return self._filter_sizes(cursor, filters), query

    def _filter_sizes(
        self, cursor: Any, filters: dict[str, list[str]]
    ) -> dict[tuple[str, str, str], int]:
        """{(kind, facet, code): entries} of the filters' codes and of every kind, from the
        totals (one query): which codes the index holds, how selective each filter is,
        how many entries there are."""
        where, params = self._filter_sizes_where(filters)
        cursor.execute(
            f"SELECT kind, facet, code, entries FROM search_facet_total WHERE {where}", params
        )
        return {(kind, facet, code): int(entries) for kind, facet, code, entries in cursor}

    @staticmethod
    def _filter_sizes_where(filters: dict[str, list[str]]) -> tuple[str, list[Any]]:
        """The condition on ``search_facet_total`` selecting every kind and the filters' codes."""
        conditions = ["facet = %s"]
        params: list[Any] = ["kind"]
        for name, codes in sorted(filters.items()):
            conditions.append(f"(facet = %s AND code IN ({_placeholders(len(codes))}))")
            params += [name, *codes]
        return " OR ".join(conditions), params

    @staticmethod
    def _drop_unknown_codes(
        filters: dict[str, list[str]], sizes: dict[tuple[str, str, str], int]
    ) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
        """A code is known when at least one indexed document carries it."""
        present = {(facet, code) for (_kind, facet, code), count in sizes.items() if count > 0}
        kept: dict[str, list[str]] = {}
        missing = []
        for name, codes in filters.items():
            for code in codes:
                if (name, code) in present:
                    kept.setdefault(name, []).append(code)
                else:
                    missing.append((name, code))
        return kept, missing

    @staticmethod
    def _filter_sql(filters: dict[str, list[str]], column: str = "id") -> tuple[str, list[Any]]:
        """AND across facets, OR within a facet."""
        parts: list[str] = []
        params: list[Any] = []
        for name, codes in sorted(filters.items()):
            parts.append(
                f" AND {column} IN (SELECT document_id FROM search_facet"
                f" WHERE facet = %s AND code IN ({_placeholders(len(codes))}))"
            )
            params += [name, *codes]
        return "".join(parts), params

    def _no_text_sql(
        self,
        filters: dict[str, list[str]],
        sizes: dict[tuple[str, str, str], int] | None = None,
    ) -> tuple[str, list[Any]]:
        """SQL selecting the ``id`` of the entries passing the filters, from ``search_facet``
        alone: the codes of the most selective filter (by ``sizes``) through the (facet,
        code) index, each of them tested for the other filters through its own rows."""
        if not filters:
            return "SELECT id FROM search_entry", []

        def size(name: str) -> int:
            codes = set(filters[name])
            return sum(
                count
                for (_kind, facet, code), count in (sizes or {}).items()
                if facet == name and code in codes
            )

        first, *others = sorted(filters, key=lambda name: (size(name), len(filters[name]), name))
        codes = filters[first]
        distinct = "DISTINCT " if len(codes) > 1 else ""
        sql = (
            f"SELECT {distinct}f0.document_id AS id FROM search_facet f0"
            f" WHERE f0.facet = %s AND f0.code IN ({_placeholders(len(codes))})"
        )
        params: list[Any] = [first, *codes]
        for number, name in enumerate(others, start=1):
            alias = f"f{number}"
            sql += (
                f" AND EXISTS (SELECT 1 FROM search_facet {alias}"
                f" WHERE {alias}.document_id = f0.document_id AND {alias}.facet = %s"
                f" AND {alias}.code IN ({_placeholders(len(filters[name]))}))"
            )
            params += [name, *filters[name]]
        return sql, params

    def _facet_counts(
        self,
        cursor: Any,
        names: list[str],
        matched_sql: str,
        matched_params: list[Any],
        total: int,
    ) -> tuple[dict[str, tuple[FacetCount, ...]], bool]:
        """Facet counts over the matches of ``matched_sql``; above ``facet_exact_limit``
        matches, over the most recent of them, scaled up."""
        if not names:
            return {}, True
        exact = total <= self.facet_exact_limit
        source, params = matched_sql, matched_params
        if not exact:
            # a word found in most entries: estimate from the freshest matches
            source = f"SELECT id FROM ({matched_sql}) AS s ORDER BY id DESC LIMIT %s"
            params = [*matched_params, self.facet_exact_limit]
        cursor.execute(self._facet_codes_sql(source), params)
        sampled, counted = count_codes(cursor.fetchall(), names)
        return _facet_tuples(counted, names, 1.0 if exact else total / max(1, sampled)), exact

    def _facet_codes_sql(self, ids_sql: str) -> str:
        """SQL selecting the ``facet_codes`` of the entries whose ids ``ids_sql`` selects."""
        if self.vendor == "postgresql":
            # the ids first, then each entry through the primary key (as a join, the
            # planner hashes them and reads the whole table: 3 times slower at 100,000)
            return f"SELECT e.facet_codes FROM search_entry e WHERE e.id = ANY(ARRAY({ids_sql}))"
        # the ids drive the loop; each reads its one row of search_entry
        return (
            f"SELECT e.facet_codes FROM ({ids_sql}) AS m CROSS JOIN search_entry e"
            " WHERE e.id = m.id"
        )

    def _few_ids(self, matched_sql: str) -> str:
        """A condition on ``e.id`` for a state with few matches, which are then sorted."""
        return f"e.id IN ({matched_sql})"

    def _sorted_page(
        self,
        cursor: Any,
        sort: str,
        where: str,
        params: list[Any],
        offset: int,
        limit: int,
    ) -> list[tuple[int, float]]:
        """A page of the entries matching ``where`` (SQL on ``e``) in ``sort`` order.

        Each order has its index on ``search_entry`` (migration 0005), read backwards.
        """
        if sort == "newest":
            order = "e.published_at DESC, e.id DESC"
        elif sort == "updated":
            order = "e.updated_at DESC, e.id DESC"
        else:  # relevance without words: flagged first, then the freshest
            order = "e.flagged DESC, e.fresh_at DESC, e.id DESC"
        nulls = " NULLS LAST" if self.vendor == "postgresql" else ""
        order = ", ".join(part + (nulls if "_at" in part else "") for part in order.split(", "))
        cursor.execute(
            f"SELECT e.id FROM search_entry e WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [(row[0], 0.0) for row in cursor.fetchall()]

    def _hits(self, cursor: Any, query: ParsedQuery, ordered: list[tuple[int, float]]) -> list[Hit]:
        if not ordered:
            return []
        ids = [entry_id for entry_id, _score in ordered]
        rows = self._page_rows(cursor, query, ids)
        hits = []
        for entry_id, score in ordered:
            if entry_id not in rows:
                continue
            kind, public_id, title, snippet = rows[entry_id]
            hits.append(
                Hit(
                    kind=kind,
                    public_id=public_id,
                    title=title,
                    score=round(score, 6),
                    snippet=highlighted(snippet),
                )
            )
        return hits

    def _page_rows(
        self, cursor: Any, query: ParsedQuery, ids: list[int]
    ) -> dict[int, tuple[str, str, str, str]]:
        """{id: (kind, public_id, title, snippet)} of the page's entries."""
        cursor.execute(
            "SELECT id, kind, public_id, title FROM search_entry"
            f" WHERE id IN ({_placeholders(len(ids))})",
            ids,
        )
        entries = {row[0]: row[1:] for row in cursor.fetchall()}
        snippets = self._snippets(query, ids) if not query.is_empty else {}
        return {
            entry_id: (kind, public_id, title, snippets.get(entry_id, ""))
            for entry_id, (kind, public_id, title) in entries.items()
        }


def _facet_tuples(
    counted: Mapping[str, Mapping[str, int]], names: Sequence[str], scale: float
) -> dict[str, tuple[FacetCount, ...]]:
    """Counts as ``Results.facets``: most frequent first, scaled up when estimated."""
    return {
        name: tuple(
            sorted(
                (
                    FacetCount(code, count if scale == 1.0 else round(count * scale))
                    for code, count in counted.get(name, {}).items()
                ),
                key=lambda item: (-item.count, item.code),
            )
        )
        for name in names
    }


def _points_json(doc: SearchDocument) -> str:
    return json.dumps([[point.latitude, point.longitude] for point in doc.map_points()])


def _adapt(value: datetime.datetime | None) -> Any:
    if value is None:
        return None
    if connection.vendor == "sqlite" and timezone.is_aware(value):
        # what Django's adapt_datetimefield_value writes (UTC, no offset), 10 times faster
        return str(value.astimezone(datetime.UTC).replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value(value)
