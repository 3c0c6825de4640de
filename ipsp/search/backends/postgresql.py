"""PostgreSQL full-text backend (when the database is PostgreSQL).

``search_pg`` (migration 0002) holds one tsvector per entry, GIN-indexed. Each
text is analysed with the text search configuration of its language: a
stemmer where PostgreSQL has one (``ipsp_english``, ``ipsp_french``... all of
them folding accents with ``unaccent`` first), ``ipsp_simple`` (accents folded,
no stemming) for the others. Titles weigh A, other texts B. CJK runs are added
as bigrams, as in the SQLite backend.

A query word is looked up in every configuration at once (the visitor's
language is unknown and entries are in many): ``plainto_tsquery`` of each,
joined with OR. Phrases use ``phraseto_tsquery``; prefixes ``to_tsquery`` with
``:*`` on a word made of letters only. Every piece of text reaches PostgreSQL
as a parameter; nothing the visitor typed is read as tsquery syntax. Ranking is
``ts_rank_cd`` (normalised by length), snippets are ``ts_headline``, and when
nothing matches, titles similar to the words (``pg_trgm``) are offered.
"""

# SQL here is assembled from constants, column names and %s placeholders only; every
# value, the full-text expression included, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from django.db import connection, transaction

from ipsp.search.backends.base import SqlSearchBackend, _placeholders
from ipsp.search.documents import SearchDocument
from ipsp.search.query import ParsedQuery, Phrase
from ipsp.search.text import (
    MARK_CLOSE,
    MARK_OPEN,
    cjk_bigrams,
    cjk_index_text,
    normalise,
    snippet_around,
    split_scripts,
    word_is_cjk,
)

# UI and content languages with a PostgreSQL stemmer; the others use ipsp_simple.
LANGUAGE_STEMMERS = {
    "ar": "arabic",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "hi": "hindi",
    "pt": "portuguese",
    "ru": "russian",
}
SIMPLE = "ipsp_simple"
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B (texts), A (titles)
# Each match considered costs PostgreSQL a heap row and its tsvector (read from TOAST), five
# to ten times what FTS5 pays for a doclist entry: a smaller cap than SQLite's 20,000.
PG_MATCH_CAP = 5_000
ESTIMATE_FLOOR = 25_000
FUZZY_THRESHOLD = "0.45"
FUZZY_LIMIT = 20
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, ShortWord=2,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


@cache
def _available_configs() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'ipsp\\_%%'")
        return frozenset(row[0] for row in cursor.fetchall())


def config_for(language: str) -> str:
    stemmer = LANGUAGE_STEMMERS.get((language or "").split("-")[0].lower())
    name = f"ipsp_{stemmer}" if stemmer else SIMPLE
    return name if name in _available_configs() else SIMPLE


def query_configs() -> list[str]:
    return [SIMPLE, *sorted(c for c in _available_configs() if c != SIMPLE)]


def _grouped(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts joined per configuration, in a stable order.

    A text in a language with a stemmer is analysed twice: stemmed (to find other
    forms of a word) and with ipsp_simple (so that prefixes match whole words:
    "cooperat*" finds "cooperative", whose English stem is "cooper").
    """
    groups: dict[str, list[str]] = {}
    for language, text in pairs:
        text = normalise(split_scripts(text or "")).strip()
        if text:
            config = config_for(language)
            groups.setdefault(config, []).append(text)
            if config != SIMPLE:
                groups.setdefault(SIMPLE, []).append(text)
    return [(config, "\n\n".join(texts)) for config, texts in sorted(groups.items())]


def phrase_tsquery(phrase: Phrase) -> tuple[str, list[Any]]:
    """SQL of one phrase as a tsquery (an OR over the configurations), with parameters."""
    if phrase.is_cjk:
        run = "".join(phrase.words)
        if len(run) == 1:
            return f"to_tsquery('{SIMPLE}', %s)", [f"'{run}':*"]
        return f"phraseto_tsquery('{SIMPLE}', %s)", [" ".join(cjk_bigrams(run))]
    parts: list[str] = []
    params: list[Any] = []
    for config in query_configs():
        if phrase.prefix:
            # words hold letters, digits and marks only: no quote can end the literal
            prefix = f"to_tsquery('{config}', %s)"
            prefix_param = f"'{phrase.words[-1]}':*"
            if len(phrase.words) > 1:
                parts.append(f"tsquery_phrase(phraseto_tsquery('{config}', %s), {prefix})")
                params += [" ".join(phrase.words[:-1]), prefix_param]
            else:
                parts.append(prefix)
                params.append(prefix_param)
        elif len(phrase.words) > 1:
            parts.append(f"phraseto_tsquery('{config}', %s)")
            params.append(phrase.text)
        else:
            parts.append(f"plainto_tsquery('{config}', %s)")
            params.append(phrase.text)
    return "(" + " || ".join(parts) + ")", params


def tsquery_sql(query: ParsedQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for clause in query.clauses:
        alternatives = []
        for phrase in clause:
            sql, phrase_params = phrase_tsquery(phrase)
            alternatives.append(sql)
            params += phrase_params
        clauses.append("(" + " || ".join(alternatives) + ")")
    sql = " && ".join(clauses)
    if query.excluded:
        excluded = []
        for phrase in query.excluded:
            phrase_sql, phrase_params = phrase_tsquery(phrase)
            excluded.append(phrase_sql)
            params += phrase_params
        sql = f"({sql}) && !!({' || '.join(excluded)})"
    return sql, params


def _vacuum_index_tables() -> None:
    if connection.in_atomic_block:  # still inside an outer transaction: autovacuum will
        return
    with connection.cursor() as cursor:
        for table in ("search_entry", "search_facet", "search_point", "search_pg"):
            cursor.execute(f"VACUUM {table}")


class PostgresBackend(SqlSearchBackend):
    vendor = "postgresql"
    json_placeholder = "%s::jsonb"
    # the planner's estimate decides alone above this many matches (below it, or when
    # the table has no statistics yet, the matches are counted up to the cap)
    estimate_floor = ESTIMATE_FLOOR
    match_cap = PG_MATCH_CAP

    def _text_store(self, cursor: Any, rows: list[tuple[int, SearchDocument]]) -> None:
        by_shape: dict[tuple[int, int], list[list[Any]]] = {}
        for entry_id, doc in rows:
            titles = [(doc.language, doc.title), *doc.other_titles]
            title_parts = _grouped(titles)
            body_parts = _grouped(list(doc.texts))
            title_cjk = cjk_index_text(title for _lang, title in titles)
            body_cjk = cjk_index_text(text for _lang, text in doc.texts)
            params: list[Any] = [entry_id]
            for config, text in title_parts:
                params += [config, text]
            params.append(title_cjk)
            for config, text in body_parts:
                params += [config, text]
            params.append(body_cjk)
            params += [
                normalise(" ".join(title for _lang, title in titles)),
                normalise("\n\n".join(text for _lang, text in doc.texts)),
                config_for(doc.language),
            ]
            by_shape.setdefault((len(title_parts), len(body_parts)), []).append(params)
        for (titles_count, bodies_count), batch in by_shape.items():
            vector = " || ".join(
                ["setweight(to_tsvector(%s::regconfig, %s), 'A')"] * titles_count
                + [f"setweight(to_tsvector('{SIMPLE}', %s), 'A')"]
                + ["setweight(to_tsvector(%s::regconfig, %s), 'B')"] * bodies_count
                + [f"setweight(to_tsvector('{SIMPLE}', %s), 'B')"]
            )
            cursor.executemany(
                "INSERT INTO search_pg (entry_id, vector, title_norm, body, config)"
                f" VALUES (%s, {vector}, lower(unaccent(%s)), %s, %s)",
                batch,
            )

    def _insert_rows(
        self, cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> None:
        # COPY: one statement per batch, 20 times faster than an INSERT per row
        if not rows:
            return
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _text_delete(self, cursor: Any, ids: list[int]) -> None:
        cursor.execute(f"DELETE FROM search_pg WHERE entry_id IN ({_placeholders(len(ids))})", ids)

    def _text_delete_all(self, cursor: Any, kinds: list[str] | None) -> None:
        if kinds is None:
            cursor.execute("DELETE FROM search_pg")
        elif kinds:
            cursor.execute(
                "DELETE FROM search_pg WHERE entry_id IN"
                f" (SELECT id FROM search_entry WHERE kind IN ({_placeholders(len(kinds))}))",
                kinds,
            )

    def _allocate_ids(self, cursor: Any, count: int) -> list[int]:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('search_entry', 'id'))"
            " FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]

    def _bulk_load_start(self, cursor: Any) -> Any:
        # a rebuild's transaction: GIN's pending list takes many rows before each merge
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        return None

    def _after_rebuild(self, cursor: Any) -> None:
        # merge what is left in the GIN indexes' pending lists (up to 64 MB during a
        # rebuild): every search would otherwise scan it (measured: 340 ms at 100,000)
        cursor.execute("SELECT gin_clean_pending_list('search_pg_vector'::regclass)")
        cursor.execute("SELECT gin_clean_pending_list('search_pg_title_trgm'::regclass)")
        cursor.execute("ANALYZE search_pg")
        cursor.execute("ANALYZE search_entry")
        cursor.execute("ANALYZE search_facet")
        # VACUUM (not possible inside the transaction) marks the new pages all-visible,
        # so that filters read the facet index alone (index-only scans)
        transaction.on_commit(_vacuum_index_tables)

    def _match_sql(
        self, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[str, list[Any]]:
        tsquery, tsquery_params = tsquery_sql(query)
        filter_sql, filter_params = self._filter_sql(filters, column="p.entry_id")
        return (
            f"SELECT p.entry_id AS id FROM search_pg p, (SELECT {tsquery} AS q) AS query"
            f" WHERE p.vector @@ query.q{filter_sql}",
            [*tsquery_params, *filter_params],
        )

    def _ranked_sql(
        self, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[str, list[Any]]:
        match_sql, match_params = self._match_sql(query, filters)
        tsquery, tsquery_params = tsquery_sql(query)
        return (
            f"SELECT c.id, ts_rank_cd('{RANK_WEIGHTS}', p.vector, query.q, 1) AS relevance"
            f" FROM ({match_sql} ORDER BY p.entry_id DESC LIMIT %s) AS c"
            " JOIN search_pg p ON p.entry_id = c.id"
            f" CROSS JOIN (SELECT {tsquery} AS q) AS query",
            [*match_params, self.rank_limit, *tsquery_params],
        )

    def _cap_bound(self, cursor: Any, query: ParsedQuery) -> tuple[int | None, float]:
        """From the planner's estimate of the matches (statistics of the tsvector column)
        when it is large: counting them, even up to the cap, reads a row per match."""
        tsquery, params = tsquery_sql(query)
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_pg p WHERE p.vector @@ ({tsquery})",
            params,
        )
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        estimate = float(plan[0]["Plan"]["Plan Rows"])
        span_sql = "(SELECT min(id) FROM search_entry), (SELECT max(id) FROM search_entry)"
        if estimate <= max(self.match_cap * 2, self.estimate_floor):
            # not that many (or no statistics yet): count them, and take the id of the
            # (cap + 1)th newest. An aggregate, not ORDER BY ... LIMIT: with a LIMIT the
            # planner walks the primary key backwards reading every row's tsvector until
            # it has enough, i.e. the whole table for a word in 3,000 entries.
            cursor.execute(
                "SELECT count(*), (array_agg(p.entry_id ORDER BY p.entry_id DESC))[%s],"
                f" {span_sql} FROM search_pg p WHERE p.vector @@ ({tsquery})",
                [self.match_cap + 1, *params],
            )
            count, lowest, low, high = cursor.fetchone()
            if count <= self.match_cap:
                return None, 1.0
            return int(lowest), self._span_scale(low, high, int(lowest))
        cursor.execute(f"SELECT {span_sql}")
        low, high = cursor.fetchone()
        if low is None:
            return None, 1.0
        span = high - low + 1
        window = math.ceil(span * self.match_cap / estimate)
        if window >= span:
            return None, 1.0
        return high - window, self._span_scale(low, high, high - window)

    def _candidates_sql(
        self,
        query: ParsedQuery,
        filters: dict[str, list[str]],
        bound: int | None,
        relevance: bool,
    ) -> tuple[str, list[Any]]:
        # relevance (ts_rank_cd reads each vector) only for the ranked ones: _score_rows_sql
        tsquery, params = tsquery_sql(query)
        filter_sql, filter_params = self._filter_sql(filters, column="p.entry_id")
        bound_sql = " AND p.entry_id > %s" if bound is not None else ""
        return (
            f"SELECT p.entry_id, NULL FROM search_pg p, (SELECT {tsquery} AS q) AS query"
            f" WHERE p.vector @@ query.q{bound_sql}{filter_sql} ORDER BY p.entry_id DESC",
            [*params, *([bound] if bound is not None else []), *filter_params],
        )

    def _ids_sql(self) -> str:
        return "SELECT unnest(%s::bigint[]) AS id"

    def _ids_param(self, ids: list[int]) -> Any:
        return ids

    def _score_rows_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        tsquery, params = tsquery_sql(query)
        return (
            "SELECT e.id, e.boost, e.flagged, e.fresh_at,"
            f" ts_rank_cd('{RANK_WEIGHTS}', p.vector, query.q, 1)"
            f" FROM search_entry e JOIN search_pg p ON p.entry_id = e.id,"
            f" (SELECT {tsquery} AS q) AS query WHERE e.id = ANY(%s::bigint[])",
            params,
        )

    def _page_rows(
        self, cursor: Any, query: ParsedQuery, ids: list[int]
    ) -> dict[int, tuple[str, str, str, str]]:
        """Titles and snippets in one query (ts_headline over the stored text)."""
        if query.is_empty:
            return super()._page_rows(cursor, query, ids)
        marks = _placeholders(len(ids))
        if any(phrase.is_cjk for phrase in query.phrases()):
            cursor.execute(
                "SELECT e.id, e.kind, e.public_id, e.title, p.body FROM search_entry e"
                f" LEFT JOIN search_pg p ON p.entry_id = e.id WHERE e.id IN ({marks})",
                ids,
            )
            needles = [word for phrase in query.phrases() for word in phrase.words]
            return {
                row[0]: (row[1], row[2], row[3], snippet_around(row[4] or "", needles))
                for row in cursor.fetchall()
            }
        tsquery, tsquery_params = tsquery_sql(query)
        cursor.execute(
            "SELECT e.id, e.kind, e.public_id, e.title,"
            " ts_headline(p.config::regconfig, p.body, query.q, %s)"
            " FROM search_entry e LEFT JOIN search_pg p ON p.entry_id = e.id,"
            f" (SELECT {tsquery} AS q) AS query WHERE e.id IN ({marks})",
            [HEADLINE_OPTIONS, *tsquery_params, *ids],
        )
        return {row[0]: (row[1], row[2], row[3], row[4] or "") for row in cursor.fetchall()}

    def _snippets(self, query: ParsedQuery, ids: list[int]) -> dict[int, str]:
        marks = _placeholders(len(ids))
        with connection.cursor() as cursor:
            if any(phrase.is_cjk for phrase in query.phrases()):
                cursor.execute(
                    f"SELECT entry_id, body FROM search_pg WHERE entry_id IN ({marks})", ids
                )
                needles = [word for phrase in query.phrases() for word in phrase.words]
                return {row[0]: snippet_around(row[1] or "", needles) for row in cursor.fetchall()}
            tsquery, tsquery_params = tsquery_sql(query)
            cursor.execute(
                "SELECT p.entry_id, ts_headline(p.config::regconfig, p.body, query.q, %s)"
                f" FROM search_pg p, (SELECT {tsquery} AS q) AS query"
                f" WHERE p.entry_id IN ({marks})",
                [HEADLINE_OPTIONS, *tsquery_params, *ids],
            )
            return {row[0]: row[1] or "" for row in cursor.fetchall()}

    def _fuzzy_ids(self, query: ParsedQuery, filters: dict[str, list[str]]) -> list[int]:
        """Typo tolerance: titles whose words are close to the query's words (pg_trgm)."""
        words = [
            word
            for phrase in query.phrases()
            for word in phrase.words
            if not word_is_cjk(word) and len(word) >= 3
        ]
        exact = any(phrase.exact for phrase in query.phrases())
        if not words or query.excluded or exact:
            return []
        text = " ".join(words)
        filter_sql, filter_params = self._filter_sql(filters, column="p.entry_id")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [FUZZY_THRESHOLD],
            )
            cursor.execute(
                "SELECT p.entry_id FROM search_pg p, (SELECT lower(unaccent(%s)) AS w) AS typed"
                f" WHERE typed.w <%% p.title_norm{filter_sql}"
                " ORDER BY word_similarity(typed.w, p.title_norm) DESC, p.entry_id DESC"
                " LIMIT %s",
                [text, *filter_params, FUZZY_LIMIT],
            )
            return [row[0] for row in cursor.fetchall()]
