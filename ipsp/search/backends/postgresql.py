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
nothing matches, titles similar to the words (``pg_trgm``) are offered. An entry with a
text longer than ~1,000 characters is ranked and highlighted from the beginnings of its
texts (``head_vector`` and ``head``, migration 0013, cut as SQLite cuts its snippets'
column); its whole text (``vector``) decides whether it matches.
"""

# SQL here is assembled from constants, column names and %s placeholders only; every
# value, the full-text expression included, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import psycopg
from django.db import Error, connection, transaction
from django.utils import timezone

from ipsp.search.backends.base import (
    FLAGGED_BOOST,
    FRESH_BOOST,
    FRESH_HALF_LIFE_DAYS,
    Considered,
    FacetCount,
    Hit,
    SqlSearchBackend,
    _placeholders,
)
from ipsp.search.backends.sqlite import head_length
from ipsp.search.documents import SearchDocument
from ipsp.search.facet_totals import totals_recompute
from ipsp.search.query import ParsedQuery, Phrase
from ipsp.search.text import (
    MARK_CLOSE,
    MARK_OPEN,
    cjk_bigrams,
    cjk_index_text,
    highlighted,
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
# Related entries: a word the statistics expect in more entries than this is not counted.
COMMON_WORD_ESTIMATE = 800
FUZZY_LIMIT = 20
# A long text is ranked from its beginning (``search_pg.head_vector``, migration 0013: the
# titles and each text's first ~1,000 characters); an entry whose words come only further on
# gets this relevance, below what a word found once in a text's beginning gets (~0.06), so
# that it comes after those, in the order of its boosts.
RANK_BEYOND_HEAD = 0.01
RANK_SQL = (
    f"(CASE WHEN p.head_vector IS NULL THEN ts_rank_cd('{RANK_WEIGHTS}', p.vector, query.q, 1)"
    f" ELSE greatest(ts_rank_cd('{RANK_WEIGHTS}', p.head_vector, query.q, 1),"
    f" {RANK_BEYOND_HEAD}::real) END)"
)
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, ShortWord=2,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


# The index's tables a full rebuild loads anew (``_fresh_tables_start``), the suffix of
# their names meanwhile, and the advisory lock that index writes wait on during it.
INDEX_TABLES = ("search_entry", "search_facet", "search_point", "search_pg")
FRESH_SUFFIX = "__fresh"
INDEX_WRITE_LOCK = 0x1B5F_5EA2C4  # any constant of the platform's own
# held by a full rebuild for the session from the creation of its fresh tables to its end
# (``_fresh_tables_prepare``): another one waits before dropping and creating them again
REBUILD_LOCK = 0x1B5F_5EA2C5
REBUILD_MAINTENANCE_MEMORY = "256MB"  # for building the indexes once, after the load


def facet_key(facet: str, code: str) -> str:
    """An entry's (facet, code) as stored in ``search_pg.facets`` (facet names hold no ":")."""
    return f"{facet}:{code}"


@cache
def _available_configs() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'ipsp\\_%%'")
        return frozenset(row[0] for row in cursor.fetchall())


@cache
def _functions() -> frozenset[str]:
    """The platform's SQL functions in the database (migrations 0011 and 0013)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'ipsp\\_%%'")
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


def _vector_sql(titles_count: int, bodies_count: int) -> str:
    """The tsvector of an entry's titles (A) and texts (B) grouped by ``_grouped``, each
    followed by their CJK bigrams: SQL taking (configuration, text) parameters."""
    return " || ".join(
        ["setweight(to_tsvector(%s::regconfig, %s), 'A')"] * titles_count
        + [f"setweight(to_tsvector('{SIMPLE}', %s), 'A')"]
        + ["setweight(to_tsvector(%s::regconfig, %s), 'B')"] * bodies_count
        + [f"setweight(to_tsvector('{SIMPLE}', %s), 'B')"]
    )


def text_heads(texts: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """Each text's beginning, cut as SQLite cuts it for its snippets (``head_length``:
    the first ~``HEAD_CHARS`` characters), or None when no text is longer than that."""
    heads = [(language, (text or "")[: head_length(text or "")]) for language, text in texts]
    if all(
        len(head) == len(text or "") for (_l, head), (_m, text) in zip(heads, texts, strict=True)
    ):
        return None
    return heads


def _phrase_leaves(phrase: Phrase) -> list[tuple[str, list[Any]]]:
    """A phrase as one tsquery per configuration (SQL, parameters): OR-ed, they find it."""
    if phrase.is_cjk:
        run = "".join(phrase.words)
        if len(run) == 1:
            return [(f"to_tsquery('{SIMPLE}', %s)", [f"'{run}':*"])]
        return [(f"phraseto_tsquery('{SIMPLE}', %s)", [" ".join(cjk_bigrams(run))])]
    leaves: list[tuple[str, list[Any]]] = []
    for config in query_configs():
        if phrase.prefix:
            # words hold letters, digits and marks only: no quote can end the literal
            prefix = f"to_tsquery('{config}', %s)"
            prefix_param = f"'{phrase.words[-1]}':*"
            if len(phrase.words) > 1:
                leaves.append(
                    (
                        f"tsquery_phrase(phraseto_tsquery('{config}', %s), {prefix})",
                        [" ".join(phrase.words[:-1]), prefix_param],
                    )
                )
            else:
                leaves.append((prefix, [prefix_param]))
        elif len(phrase.words) > 1:
            leaves.append((f"phraseto_tsquery('{config}', %s)", [phrase.text]))
        else:
            leaves.append((f"plainto_tsquery('{config}', %s)", [phrase.text]))
    return leaves


def phrase_tsquery(phrase: Phrase) -> tuple[str, list[Any]]:
    """SQL of one phrase as a tsquery (an OR over the configurations), with parameters."""
    leaves = _phrase_leaves(phrase)
    return (
        "(" + " || ".join(sql for sql, _params in leaves) + ")",
        [param for _sql, params in leaves for param in params],
    )


def _tsquery_of(
    query: ParsedQuery, phrase_sql: Callable[[Phrase], tuple[str, list[Any]]]
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for clause in query.clauses:
        alternatives = []
        for phrase in clause:
            sql, phrase_params = phrase_sql(phrase)
            alternatives.append(sql)
            params += phrase_params
        clauses.append("(" + " || ".join(alternatives) + ")")
    sql = " && ".join(clauses)
    if query.excluded:
        excluded = []
        for phrase in query.excluded:
            excluded_sql, phrase_params = phrase_sql(phrase)
            excluded.append(excluded_sql)
            params += phrase_params
        sql = f"({sql}) && !!({' || '.join(excluded)})"
    return sql, params


def tsquery_sql(query: ParsedQuery) -> tuple[str, list[Any]]:
    """The query as a tsquery expression (SQL, parameters); for a ``ResolvedQuery``, the
    tsquery it was resolved to."""
    if isinstance(query, ResolvedQuery):
        return query.tsquery, list(query.tsquery_params)
    return _tsquery_of(query, phrase_tsquery)


@dataclass(frozen=True)
class ResolvedQuery(ParsedQuery):
    """A parsed query with its tsquery computed once (``resolve_query``): each phrase's
    tsquery in each configuration as text, repeats dropped, passed back as literals.

    A word is the same lexeme in most of the eight configurations (no stemmer changes
    "romebe"), so the expression built over all of them ORs the same lexeme up to eight
    times. The planner adds up the copies' selectivities, expects several times more
    matches than there are and reads the whole table instead of the GIN index (measured:
    1.3 s instead of 6 ms for two rare words at 100,000 entries). The deduplicated
    tsquery matches and ranks the same (a lexeme OR-ed with itself is that lexeme); the
    snippets use every copy, as before (``headline_tsquery``). The later statements get
    them as constants instead of running the dictionaries again.
    """

    tsquery: str = ""
    tsquery_params: tuple[Any, ...] = ()
    # every copy kept, as the expression had it: ts_headline picks its fragments
    # differently when a lexeme is given once instead of eight times (ranks do not change)
    headline_tsquery: str = ""
    headline_params: tuple[Any, ...] = ()
    # the span of entry ids, read in the same statement (the cap's scale)
    low_id: int | None = None
    high_id: int | None = None
    # ipsp_search_matches() exists (migration 0011; not yet in a database migrated before)
    matches_function: bool = False
    # the words for typo tolerance as titles are stored (lower(unaccent())), or None
    fuzzy_typed: str | None = None
    # the planner's estimate of the matches, when read in the same statement
    estimate: float | None = None
    # (offset, page size, hits): the page by relevance, read with the matches
    page: tuple[int, int, tuple[Hit, ...]] | None = None


def fuzzy_text(query: ParsedQuery) -> str | None:
    """The words typo tolerance looks for in titles, or None when it does not apply."""
    words = [
        word
        for phrase in query.phrases()
        for word in phrase.words
        if not word_is_cjk(word) and len(word) >= 3
    ]
    exact = any(phrase.exact for phrase in query.phrases())
    if not words or query.excluded or exact:
        return None
    return " ".join(words)


def resolve_query(cursor: Any, query: ParsedQuery) -> ResolvedQuery:
    """One statement: every phrase's tsquery in every configuration, and the id span."""
    return resolve_search(cursor, query)[1]


def resolve_search(
    cursor: Any,
    query: ParsedQuery,
    filters: dict[str, list[str]] | None = None,
    *,
    estimate: bool = False,
) -> tuple[dict[tuple[str, str, str], int] | None, ResolvedQuery]:
    """The first statement of a search with words: every phrase's tsquery in every
    configuration, the id span, and with ``filters`` the filters' sizes (as
    ``SqlSearchBackend._filter_sizes`` reads them, else None), with ``estimate`` the
    planner's estimate of the matches (``ipsp_search_estimate``, migration 0013: the
    ``EXPLAIN`` of ``_considered`` without a round trip of its own).

    The configurations' tsqueries are computed once, in a subquery: the estimate's
    tsquery is made from them as ``ResolvedQuery.tsquery`` is (each phrase's distinct
    copies OR-ed in the same order, ``ipsp_tsquery_or_distinct``), so the planner sees
    the same tsquery."""
    phrases = list(dict.fromkeys([*query.phrases(), *query.excluded]))
    leaves = [_phrase_leaves(phrase) for phrase in phrases]
    columns = [f"({sql})::text" for phrase_leaves in leaves for sql, _params in phrase_leaves]
    params = [param for phrase_leaves in leaves for _sql, ps in phrase_leaves for param in ps]
    names = [f"l.c{number}" for number in range(len(columns))]
    extra_sql = ""
    extra_params: list[Any] = []
    if estimate:
        phrase_columns: dict[Phrase, str] = {}
        position = 0
        for phrase, phrase_leaves in zip(phrases, leaves, strict=True):
            copies = names[position : position + len(phrase_leaves)]
            position += len(phrase_leaves)
            phrase_columns[phrase] = f"ipsp_tsquery_or_distinct(ARRAY[{', '.join(copies)}])"
        estimate_sql, _none = _tsquery_of(query, lambda phrase: (phrase_columns[phrase], []))
        extra_sql += f", ipsp_search_estimate({estimate_sql})"
    if filters is not None:
        where, where_params = SqlSearchBackend._filter_sizes_where(filters)
        extra_sql += (
            ", (SELECT json_agg(json_build_array(t.kind, t.facet, t.code, t.entries))"
            f" FROM search_facet_total t WHERE {where})"
        )
        extra_params += where_params
    typed = fuzzy_text(query)
    # OFFSET 0: the subquery is computed once (not pulled up into each use of its columns)
    cursor.execute(
        f"SELECT {', '.join(names)}, lower(unaccent(%s)),"
        " to_regprocedure('ipsp_search_matches(tsquery)') IS NOT NULL,"
        " (SELECT min(id) FROM search_entry), (SELECT max(id) FROM search_entry)"
        f"{extra_sql} FROM (SELECT"
        f" {', '.join(f'{column} AS c{number}' for number, column in enumerate(columns))}"
        " OFFSET 0) AS l",
        [typed, *extra_params, *params],
    )
    row = list(cursor.fetchone())
    sizes: dict[tuple[str, str, str], int] | None = None
    if filters is not None:
        sizes = {
            (kind, facet, code): int(entries) for kind, facet, code, entries in row.pop() or []
        }
    estimated = float(row.pop()) if estimate else None
    texts = iter(row[:-4])
    resolved: dict[Phrase, tuple[str, list[Any]]] = {}
    every_copy: dict[Phrase, tuple[str, list[Any]]] = {}
    for phrase, phrase_leaves in zip(phrases, leaves, strict=True):
        copies = [next(texts) for _leaf in phrase_leaves]
        distinct = list(dict.fromkeys(copies))
        resolved[phrase] = ("(" + " || ".join(["%s::tsquery"] * len(distinct)) + ")", distinct)
        every_copy[phrase] = ("(" + " || ".join(["%s::tsquery"] * len(copies)) + ")", copies)
    sql, sql_params = _tsquery_of(query, resolved.__getitem__)
    headline_sql, headline_params = _tsquery_of(query, every_copy.__getitem__)
    return sizes, ResolvedQuery(
        clauses=query.clauses,
        excluded=query.excluded,
        notices=query.notices,
        tsquery=sql,
        tsquery_params=tuple(sql_params),
        headline_tsquery=headline_sql,
        headline_params=tuple(headline_params),
        low_id=row[-2],
        high_id=row[-1],
        matches_function=bool(row[-3]),
        fuzzy_typed=row[-4],
        estimate=estimated,
    )


def _fuzzy_threshold_set(cursor: Any) -> None:
    """``pg_trgm.word_similarity_threshold`` (what ``<%`` tests) for typo tolerance: set
    once per connection, for the session, outside a transaction; inside one, for that
    transaction only (it would be undone by a rollback), every time."""
    if connection.in_atomic_block:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [FUZZY_THRESHOLD]
        )
        return
    # the database connection that has it (a new one after a reconnection does not)
    raw = connection.connection
    if getattr(connection, "ipsp_fuzzy_threshold_on", None) is raw:
        return
    cursor.execute(
        "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [FUZZY_THRESHOLD]
    )
    connection.ipsp_fuzzy_threshold_on = raw  # type: ignore[attr-defined]


def _vacuum_index_tables() -> None:
    if connection.in_atomic_block:  # still inside an outer transaction: autovacuum will
        return
    with connection.cursor() as cursor:
        for table in INDEX_TABLES:
            cursor.execute(f"VACUUM {table}")


def _not_frequent_by_statistics(cursor: Any, words: Sequence[str], cap: int) -> list[int]:
    """The indexes of the words the planner does not expect in more than ``cap`` entries
    (or ``COMMON_WORD_ESTIMATE``, whichever is more: a small index has no statistics worth
    trusting below that).

    PostgreSQL's statistics of the tsvector column list its most common lexemes (about
    a thousand, each in 1-2 % of the entries or more at 100,000): such a word is too
    common to be distinctive, and counting its matches up to the cap makes the planner
    read the table in order, every row's tsvector, until it has found enough (~0.1 s a
    word). One ``EXPLAIN`` of all the words at once, each as its unstemmed lexeme
    (``ipsp_simple``, in every entry's vector); each branch of the plan outputs its word's
    number.
    """
    if not words:
        return []
    parts = [
        f"SELECT {index} FROM search_pg p WHERE p.vector @@ plainto_tsquery('{SIMPLE}', %s)"
        for index in range(len(words))
    ]
    cursor.execute("EXPLAIN (FORMAT JSON, VERBOSE) " + " UNION ALL ".join(parts), list(words))
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimates: dict[int, float] = {}
    nodes = [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        output = node.get("Output") or []
        if node.get("Relation Name") == "search_pg" and len(output) == 1 and output[0].isdigit():
            estimates[int(output[0])] = float(node.get("Plan Rows", 0))
    limit = max(cap, COMMON_WORD_ESTIMATE)
    return [index for index in range(len(words)) if estimates.get(index, 0.0) <= limit]


def _fresh_name(name: str) -> str:
    return f"{name}{FRESH_SUFFIX}"


def _fresh_table_create(cursor: Any, table: str, fresh: str) -> None:
    """``fresh``, empty, with ``table``'s columns, defaults, identity, storage and compression
    (``LIKE``) and its storage parameters and its TOAST table's (``fillfactor``,
    ``toast_tuple_target``..., which ``LIKE`` does not copy); a ``fresh`` left by a
    rebuild that failed is dropped first."""
    cursor.execute(f"DROP TABLE IF EXISTS {fresh}")
    cursor.execute(
        f"CREATE TABLE {fresh} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY"
        " INCLUDING STORAGE INCLUDING COMPRESSION)"
    )
    cursor.execute(
        "SELECT c.reloptions, t.reloptions FROM pg_class c"
        " LEFT JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = %s::regclass",
        [table],
    )
    options, toast_options = cursor.fetchone()
    if options or toast_options:
        cursor.execute(
            f"ALTER TABLE {fresh} SET ({_options_sql(options or [], toast_options or [])})"
        )


def _options_sql(options: Sequence[str], toast_options: Sequence[str] = ()) -> str:
    """Storage parameters as ``pg_class.reloptions`` holds them ("name=value"), and a
    TOAST table's, as SQL: each value quoted as a literal."""
    assignments = []
    for prefix, option in [("", o) for o in options] + [("toast.", o) for o in toast_options]:
        name, value = option.split("=", 1)
        assignments.append(f"{prefix}{name} = '{value.replace(chr(39), chr(39) * 2)}'")
    return ", ".join(assignments)


def _build_like(cursor: Any, table: str, fresh: str) -> list[tuple[str, str]]:
    """Give ``fresh`` the constraints, indexes and statistics objects ``table`` has (read
    from the catalogue, so that a migration changing them needs nothing here), under
    their names with ``FRESH_SUFFIX``; returns what to rename once ``table`` is gone:
    (ALTER statement's start, name)."""
    renames: list[tuple[str, str]] = []
    # pg_get_constraintdef leaves out the options of a key's index (its fillfactor...)
    cursor.execute(
        "SELECT k.conname, pg_get_constraintdef(k.oid), i.reloptions FROM pg_constraint k"
        " LEFT JOIN pg_class i ON i.oid = k.conindid"
        " WHERE k.conrelid = %s::regclass AND k.contype IN ('p', 'u', 'x') ORDER BY k.conname",
        [table],
    )
    for name, definition, index_options in cursor.fetchall():
        if index_options and " WITH (" not in definition:
            definition += f" WITH ({_options_sql(index_options)})"
        cursor.execute(f'ALTER TABLE {fresh} ADD CONSTRAINT "{_fresh_name(name)}" {definition}')
        renames.append((f"ALTER TABLE {table} RENAME CONSTRAINT", name))
    cursor.execute(
        "SELECT c.relname, x.indisunique, pg_get_indexdef(x.indexrelid) FROM pg_index x"
        " JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = %s::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
        " ORDER BY c.relname",
        [table],
    )
    for name, unique, definition in cursor.fetchall():
        _head, method_and_columns = definition.split(" USING ", 1)
        cursor.execute(
            f'CREATE {"UNIQUE " if unique else ""}INDEX "{_fresh_name(name)}" ON {fresh}'
            f" USING {method_and_columns}"
        )
        renames.append(("ALTER INDEX", name))
    cursor.execute(
        "SELECT stxname, pg_get_statisticsobjdef(oid) FROM pg_statistic_ext"
        " WHERE stxrelid = %s::regclass ORDER BY stxname",
        [table],
    )
    for name, definition in cursor.fetchall():
        # "CREATE STATISTICS schema.name (kinds) ON columns FROM table"
        kinds_and_columns = definition.split(" ", 3)[3].rsplit(" FROM ", 1)[0]
        cursor.execute(f'CREATE STATISTICS "{_fresh_name(name)}" {kinds_and_columns} FROM {fresh}')
        renames.append(("ALTER STATISTICS", name))
    return renames


def _swap_in(cursor: Any, table: str, fresh: str, renames: list[tuple[str, str]]) -> None:
    """Drop ``table`` and give ``fresh`` its place: its name, its objects' names, and its
    identity sequences continuing from the further of the old ones and their own (ids
    keep growing across rebuilds; search_entry's come from the old sequence during the
    load, search_facet's and search_point's from the new one)."""
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attidentity <> ''"
        " AND NOT attisdropped",
        [table],
    )
    sequences = []
    for (column,) in cursor.fetchall():
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s), pg_get_serial_sequence(%s, %s)",
            [table, column, fresh, column],
        )
        old, new = cursor.fetchone()
        following = []  # the value each sequence would give next
        for sequence in (old, new):
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last_value, is_called = cursor.fetchone()
            following.append(last_value + 1 if is_called else last_value)
        cursor.execute("SELECT setval(%s::regclass, %s, false)", [new, max(following)])
        sequences.append((new, old.rsplit(".", 1)[-1].strip('"')))
    cursor.execute(f"DROP TABLE {table}")  # no CASCADE: nothing else may depend on it
    cursor.execute(f"ALTER TABLE {fresh} RENAME TO {table}")
    for statement, name in renames:
        # "RENAME CONSTRAINT x TO y" for a table, "x RENAME TO y" for the others
        rename = " TO " if statement.endswith("CONSTRAINT") else " RENAME TO "
        cursor.execute(f'{statement} "{_fresh_name(name)}"{rename}"{name}"')
    for new, name in sequences:
        cursor.execute(f'ALTER SEQUENCE {new} RENAME TO "{name}"')


# one entry's text row: (vector parameters, title, head vector parameters, other columns)
Shaped = tuple[list[Any], str, list[Any], list[Any]]


class FreshTables(dict[str, str]):
    """A full rebuild's fresh tables ({table: new name}) and its ``VectorWorker``."""

    worker: VectorWorker


class VectorWorker:
    """Computes a rebuild's tsvectors on a connection of its own, in a thread, while the
    rebuild's connection goes on reading the next documents (most of a rebuild's time
    is either the documents, in Python, or the tsvectors, in the server: on two cores
    they overlap). The vectors come back as text and are copied into the fresh table
    with the rest of the row; one batch is computed while the next is made.

    The statements are pure functions of their parameters (no table is read), so the
    worker's connection needs no part in the rebuild's transaction.
    """

    def __init__(self) -> None:
        self.connection = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipsp-vectors")
        self.pending: list[tuple[Future[list[tuple[Any, ...]]], list[list[Any]]]] = []

    def submit(self, sql: str, params: list[list[Any]], rest: list[list[Any]]) -> None:
        """Compute ``sql`` for each of ``params``; ``rest``: each row's other columns."""
        self.pending.append((self.executor.submit(self._compute, sql, params), rest))

    def _compute(self, sql: str, params: list[list[Any]]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, params, returning=True)
            rows: list[tuple[Any, ...]] = []
            while True:
                rows += cursor.fetchall()
                if not cursor.nextset():
                    return rows

    def copy_done(self, cursor: Any, table: str, keep: int = 0) -> None:
        """Copy the computed rows into ``table``, waiting for all but the last ``keep``
        batches (in the order they were submitted)."""
        while len(self.pending) > keep:
            future, rest = self.pending.pop(0)
            computed = future.result()
            with cursor.cursor.copy(
                f"COPY {table} (entry_id, vector, title_norm, head_vector, body, config,"
                " facets, head) FROM STDIN"
            ) as copy:
                for values, others in zip(computed, rest, strict=True):
                    copy.write_row((*values, *others))

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.connection.close()


class PostgresBackend(SqlSearchBackend):
    vendor = "postgresql"
    json_placeholder = "%s::jsonb"
    # the planner's estimate decides alone above this many matches (below it, or when
    # the table has no statistics yet, the matches are counted up to the cap)
    estimate_floor = ESTIMATE_FLOOR
    match_cap = PG_MATCH_CAP

    def _text_store(
        self,
        cursor: Any,
        rows: list[tuple[int, SearchDocument]],
        into: Mapping[str, str] | None = None,
    ) -> None:
        table = (into or {}).get("search_pg", "search_pg")
        by_shape: dict[tuple[int, int, int | None], list[Shaped]] = {}
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
            title_norm = normalise(" ".join(title for _lang, title in titles))
            others: list[Any] = [
                normalise("\n\n".join(text for _lang, text in doc.texts)),
                config_for(doc.language),
                [facet_key(name, code) for name, code in doc.facet_pairs()],
            ]
            heads = text_heads(list(doc.texts))
            heads_count = None
            head_params: list[Any] = []
            if heads is not None:  # search_pg.head and head_vector (migration 0013)
                head_parts = _grouped(heads)
                heads_count = len(head_parts)
                others.append(normalise("\n\n".join(head for _lang, head in heads)))
                for config, text in title_parts:
                    head_params += [config, text]
                head_params.append(title_cjk)
                for config, text in head_parts:
                    head_params += [config, text]
                head_params.append(cjk_index_text(head for _lang, head in heads))
            else:
                others.append(None)
            by_shape.setdefault((len(title_parts), len(body_parts), heads_count), []).append(
                (params, title_norm, head_params, others)
            )
        worker = into.worker if isinstance(into, FreshTables) else None
        for (titles_count, bodies_count, heads_count), shaped in by_shape.items():
            if worker is not None:
                head_vector = (
                    "NULL" if heads_count is None else _vector_sql(titles_count, heads_count)
                )
                worker.submit(
                    f"SELECT %s::bigint, ({_vector_sql(titles_count, bodies_count)})::text,"
                    f" lower(unaccent(%s)), ({head_vector})::text",
                    [[*params, title_norm, *head] for params, title_norm, head, _o in shaped],
                    [others for _p, _t, _h, others in shaped],
                )
                continue
            batch = [
                [*params, title_norm, *others[:-1], *([others[-1], *head] if head else [])]
                for params, title_norm, head, others in shaped
            ]
            vector = _vector_sql(titles_count, bodies_count)
            head = (
                "NULL, NULL"
                if heads_count is None
                else f"%s, {_vector_sql(titles_count, heads_count)}"
            )
            cursor.executemany(
                f"INSERT INTO {table} (entry_id, vector, title_norm, body, config, facets,"
                f" head, head_vector) VALUES (%s, {vector}, lower(unaccent(%s)), %s, %s, %s,"
                f" {head})",
                batch,
            )
        if worker is not None:  # the previous batch's vectors, while this one's are made
            worker.copy_done(cursor, table, keep=len(by_shape))

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

    def flag_set(self, kind: str, public_id: str, flagged: bool) -> None:
        """As every backend does, and the match's own row (``search_pg.facets``) too."""
        key = facet_key("flagged", "yes")
        with transaction.atomic():
            super().flag_set(kind, public_id, flagged)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE search_pg p SET facets = array_remove(p.facets, %s)"
                    " || (CASE WHEN %s THEN ARRAY[%s] ELSE ARRAY[]::text[] END)"
                    " FROM search_entry e"
                    " WHERE e.id = p.entry_id AND e.kind = %s AND e.public_id = %s",
                    [key, flagged, key, kind, public_id],
                )

    def _write_start(self, cursor: Any) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [INDEX_WRITE_LOCK])

    def _fresh_tables_prepare(self) -> bool:
        """A full rebuild's fresh tables created and committed before its transaction (when
        it is not inside another one), under a session lock that another rebuild waits for.

        ``COPY`` into a table created in the same transaction does not look for free space
        in the pages it has filled: a row that does not fit in the last page starts a new
        one. ``search_pg``'s rows of ~2.5-3 kB then left a quarter of the table empty (two
        rows a page where three fit: 391 MB of heap instead of 314 at 100,000 entries of
        100 words). Into a table created before, ``COPY`` fills the pages it left.
        """
        if connection.in_atomic_block:  # its transaction is another's: created in it
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
            try:
                for table in INDEX_TABLES:
                    _fresh_table_create(cursor, table, _fresh_name(table))
            except BaseException:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
                raise
        return True

    def _fresh_tables_release(self, prepared: bool, *, failed: bool) -> None:
        """The prepared fresh tables of a rebuild that failed dropped (after its rollback,
        they are empty; after a commit they are the index), and the session lock released.
        A connection that failed keeps nothing: its tables are dropped by the next rebuild."""
        if not prepared:
            return
        with contextlib.suppress(Error), connection.cursor() as cursor:
            if failed:
                for table in INDEX_TABLES:
                    cursor.execute(f"DROP TABLE IF EXISTS {_fresh_name(table)}")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])

    def _fresh_tables_start(self, cursor: Any, prepared: bool = False) -> dict[str, str] | None:
        """A full rebuild loads new tables without indexes, while searches keep reading the
        old ones; ``_fresh_tables_end`` indexes them once (one sort each, far cheaper than
        keeping the GIN and B-tree indexes in step row by row) and swaps them in. The tables
        are created here unless ``_fresh_tables_prepare`` created them (``prepared``)."""
        # ``index`` and ``remove`` (a publication meanwhile) wait for the swap, then apply to
        # the new tables; searches go on. Not a lock on the tables: a writer that read them
        # before waiting would hold up the swap, which waits for it (a deadlock)
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_WRITE_LOCK])
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        tables = FreshTables((table, _fresh_name(table)) for table in INDEX_TABLES)
        if not prepared:  # and no prepared rebuild meanwhile
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REBUILD_LOCK])
            for table, fresh in tables.items():
                _fresh_table_create(cursor, table, fresh)
        tables.worker = VectorWorker()
        return tables

    def _fresh_tables_close(self, tables: dict[str, str]) -> None:
        if isinstance(tables, FreshTables):
            tables.worker.close()

    def _fresh_tables_end(self, cursor: Any, tables: dict[str, str]) -> None:
        if isinstance(tables, FreshTables):
            tables.worker.copy_done(cursor, tables["search_pg"])
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{REBUILD_MAINTENANCE_MEMORY}'")
        renames = {table: _build_like(cursor, table, fresh) for table, fresh in tables.items()}
        for fresh in tables.values():
            cursor.execute(f"ANALYZE {fresh}")
        totals_recompute(cursor, entries=tables["search_entry"], facets=tables["search_facet"])
        # last, so that searches wait for the old tables' locks as short a time as possible
        for table, fresh in tables.items():
            _swap_in(cursor, table, fresh, renames[table])
        # VACUUM (not possible inside the transaction) marks the new pages all-visible,
        # so that filters read the facet index alone (index-only scans)
        transaction.on_commit(_vacuum_index_tables)

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

    # --- what related entries and the topic job read -----------------------------------
    def text_table_sql(self) -> tuple[str, str, str, str]:
        return "search_pg", "entry_id", "title_norm", "t.body"

    def entry_text_sql(self, kind: str, public_id: str, chars: int) -> tuple[str, list[Any]]:
        return (
            "SELECT title_norm, left(body, %s) FROM search_pg WHERE entry_id ="
            " (SELECT id FROM search_entry WHERE kind = %s AND public_id = %s)",
            [chars, kind, public_id],
        )

    def words_ranked_sql(self, words: Sequence[str], limit: int) -> tuple[str, list[Any]]:
        """The matches are gathered first (a few rare words: a few thousand through the GIN
        index), then the most recent are ranked, as a search ranks them (``RANK_SQL``):
        handed the LIMIT directly, the planner, overestimating an OR of every
        configuration's stems, walks the primary key backwards testing each entry's
        tsvector (~1-2 s at 100,000)."""
        query = ParsedQuery.any_of_words(words)
        match_sql, match_params = self._match_sql(query, {})
        tsquery, tsquery_params = tsquery_sql(query)
        return (
            f"WITH matches AS MATERIALIZED ({match_sql})"
            f" SELECT p.entry_id AS id, {RANK_SQL} AS relevance"
            " FROM (SELECT id FROM matches ORDER BY id DESC LIMIT %s) AS c"
            " JOIN search_pg p ON p.entry_id = c.id"
            f" CROSS JOIN (SELECT {tsquery} AS q) AS query",
            [*match_params, limit, *tsquery_params],
        )

    def word_counts(self, cursor: Any, words: Sequence[str], cap: int) -> dict[int, int]:
        """Only the words the column's statistics do not show to be common are counted
        (``_not_frequent_by_statistics``), each as its unstemmed lexeme: the planner then
        counts the few matches through the GIN index (with every configuration's stems the
        estimate grows and it reads the table in order instead, until it has enough)."""
        indexes = _not_frequent_by_statistics(cursor, words, cap)
        if not indexes:
            return {}
        parts = [
            f"SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_pg p WHERE p.vector @@"
            f" plainto_tsquery('{SIMPLE}', %s) LIMIT %s) AS w{index})"
            for index in indexes
        ]
        params = [value for index in indexes for value in (index, words[index], cap + 1)]
        cursor.execute(" UNION ALL ".join(parts), params)
        return {int(index): min(int(count), cap + 1) for index, count in cursor.fetchall()}

    def _search_start(
        self, cursor: Any, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[dict[tuple[str, str, str], int], ParsedQuery]:
        """With words, one statement for the filters' sizes, the words' tsquery and the
        planner's estimate of their matches (``resolve_search``). Without filters, a
        search with words needs no sizes (they serve to drop unknown codes)."""
        if query.is_empty:
            return super()._search_start(cursor, query, filters)
        sizes, resolved = resolve_search(
            cursor,
            query,
            filters or None,
            estimate="ipsp_search_estimate" in _functions(),
        )
        return sizes or {}, resolved

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
        """The base class's steps in fewer statements: the tsquery resolved once
        (``resolve_query``: the later steps use the resolved query), then one statement
        that reads the matches once for the cap, the considered matches passing the
        filters, their facet counts and, sorted by relevance, the page (``_considered``:
        relevance is computed for the ranked matches only; ``_relevance_hits`` returns
        that page)."""
        resolved = query if isinstance(query, ResolvedQuery) else resolve_query(cursor, query)
        bound, scale, ids, facet_counts, exact, any_match, page_hits = self._considered(
            cursor, resolved, kept, requested_facets, (page, page_size) if relevance else None
        )
        if page_hits is not None:
            resolved = dataclasses.replace(resolved, page=page_hits)
        candidates = [(entry_id, 0.0) for entry_id in ids]
        return resolved, Considered(bound, scale, candidates, facet_counts, exact, any_match)

    def _relevance_hits(
        self,
        cursor: Any,
        query: ParsedQuery,
        ranked: list[tuple[int, float]],
        offset: int,
        limit: int,
    ) -> list[Hit]:
        assert isinstance(query, ResolvedQuery)  # from _considered_matches
        if query.page is not None and query.page[:2] == (offset, limit):
            return list(query.page[2])  # read with the matches
        return self._ranked_page_hits(
            cursor, query, [entry_id for entry_id, _r in ranked], offset, limit
        )

    def _ranked_page_hits(
        self, cursor: Any, query: ResolvedQuery, ids: list[int], offset: int, limit: int
    ) -> list[Hit]:
        """The page of the ranked matches ``ids`` with titles and snippets, in one
        statement: ``final_score`` (relevance, times the boost, the freshness and the flag's boost)
        computed in SQL with the same float operations, sorted as
        ``SqlSearchBackend._score_page`` sorts (score, then the newest), then
        ``ts_headline`` for the page's rows only."""
        ranked_sql = "SELECT unnest(%s::bigint[]) AS id"
        page_sql, page_params = self._page_sql(query, ranked_sql, [ids], "%s", [offset], limit)
        cursor.execute(
            f"WITH {page_sql} SELECT h.id, h.kind, h.public_id, h.title, h.score, h.snippet"
            " FROM h ORDER BY h.score DESC, h.id DESC",
            page_params,
        )
        return self._page_hits(query, cursor.fetchall())

    def _page_sql(
        self,
        query: ResolvedQuery,
        ranked_sql: str,
        ranked_params: list[Any],
        offset_sql: str,
        offset_params: list[Any],
        limit: int,
    ) -> tuple[str, list[Any]]:
        """CTEs ``r`` and ``h``: the page (``limit`` rows from ``offset_sql``) of the ranked
        matches ``ranked_sql`` selects, with titles and snippets: ``final_score``
        (relevance, times the boost, the freshness and the flag's boost) computed in SQL
        with the same float operations, sorted as ``SqlSearchBackend._score_page`` sorts
        (score, then the newest), then ``ts_headline`` for the page's rows only (CJK: the
        text, cut in Python by ``_page_hits``)."""
        tsquery, params = tsquery_sql(query)
        cjk = any(phrase.is_cjk for phrase in query.phrases())
        snippet_sql = (
            "coalesce(p.head, p.body)"
            if cjk
            else "ts_headline(p.config::regconfig, coalesce(p.head, p.body), hq.q, %s)"
        )
        snippet_params = [] if cjk else [HEADLINE_OPTIONS]
        # the ranked ids listed first (an init plan), then each entry read by primary key
        return (
            "r AS (SELECT e.id, e.kind, e.public_id, e.title,"
            f" {RANK_SQL}::float8"
            " * (CASE WHEN e.boost IS NULL OR e.boost = 0 THEN 1.0::float8 ELSE e.boost END)"
            " * (CASE WHEN e.fresh_at IS NULL THEN 1.0::float8 ELSE 1.0::float8 + %s::float8"
            " * power(0.5::float8, greatest(0.0::float8,"
            " extract(epoch FROM (%s::timestamptz - e.fresh_at))::float8 / 86400.0::float8)"
            " / %s::float8) END)"
            " * (CASE WHEN e.flagged THEN %s::float8 ELSE 1.0::float8 END) AS score"
            " FROM search_entry e JOIN search_pg p ON p.entry_id = e.id,"
            f" (SELECT {tsquery} AS q) AS query WHERE e.id = ANY(ARRAY({ranked_sql}))"
            f" ORDER BY score DESC, e.id DESC LIMIT %s OFFSET {offset_sql}),"
            f" h AS (SELECT r.id, r.kind, r.public_id, r.title, r.score, {snippet_sql} AS snippet"
            f" FROM r JOIN search_pg p ON p.entry_id = r.id,"
            f" (SELECT {query.headline_tsquery or 'NULL::tsquery'} AS q) AS hq)",
            [
                FRESH_BOOST,
                timezone.now(),
                FRESH_HALF_LIFE_DAYS,
                FLAGGED_BOOST,
                *params,
                *ranked_params,
                limit,
                *offset_params,
                *snippet_params,
                *query.headline_params,
            ],
        )

    def _page_function_sql(
        self,
        query: ResolvedQuery,
        ranked_sql: str,
        ranked_params: list[Any],
        offset_sql: str,
        offset_params: list[Any],
        limit: int,
    ) -> tuple[str, list[Any]]:
        """The call of ``ipsp_search_page`` (migration 0013) giving what ``_page_sql``'s
        ``h`` gives, from the same expressions with the same values."""
        tsquery, params = tsquery_sql(query)
        return (
            f"ipsp_search_page(ARRAY({ranked_sql}), {tsquery},"
            f" {query.headline_tsquery or 'NULL::tsquery'}, %s::timestamptz, %s::float8,"
            " %s::float8, %s::float8, %s::real[], %s::real, %s::int,"
            f" {offset_sql}::int, %s::text, %s::boolean)",
            [
                *ranked_params,
                *params,
                *query.headline_params,
                timezone.now(),
                FRESH_BOOST,
                FRESH_HALF_LIFE_DAYS,
                FLAGGED_BOOST,
                RANK_WEIGHTS,
                RANK_BEYOND_HEAD,
                limit,
                *offset_params,
                HEADLINE_OPTIONS,
                any(phrase.is_cjk for phrase in query.phrases()),
            ],
        )

    def _page_hits(self, query: ResolvedQuery, rows: Sequence[Sequence[Any]]) -> list[Hit]:
        """Hits of the rows (id, kind, public id, title, score, snippet) ``h`` gives."""
        cjk = any(phrase.is_cjk for phrase in query.phrases())
        needles = [word for phrase in query.phrases() for word in phrase.words]
        return [
            Hit(
                kind=kind,
                public_id=public_id,
                title=title,
                score=round(score, 6),
                snippet=highlighted(snippet_around(text or "", needles) if cjk else text or ""),
            )
            for _id, kind, public_id, title, score, text in rows
        ]

    def _considered(
        self,
        cursor: Any,
        query: ResolvedQuery,
        filters: dict[str, list[str]],
        facets: list[str],
        page: tuple[int, int] | None = None,
    ) -> tuple[
        int | None,
        float,
        list[int],
        dict[str, tuple[FacetCount, ...]],
        bool,
        bool,
        tuple[int, int, tuple[Hit, ...]] | None,
    ]:
        """(bound, scale, ids, facet counts, exact, any match, page): the cap (see
        ``SqlSearchBackend._cap_bound``), the ids of the considered matches passing the
        filters, the most recently indexed first, their facet counts (as
        ``SqlSearchBackend._candidate_facets`` counts them), and whether the words match
        any entry at all, filters aside, in one statement; with ``page`` (number, size),
        that page of the matches by relevance, as ``SqlSearchBackend._text_search``
        numbers it (out of range: the last), as (offset, size, hits) (``_page_sql``).

        The planner's estimate of the matches (statistics of the tsvector column) decides:
        when it is large, the bound is taken from it without reading the matches (a word
        in 90% of the entries); otherwise the statement reads the matches once, through
        the GIN index, for their count, the cap's bound, the filters and the facets (the
        codes are on the same row: ``search_pg.facets``).
        """
        tsquery, params = tsquery_sql(query)
        passes, filter_params = self._array_filter_sql(filters)
        low, high = query.low_id, query.high_id
        if low is None or high is None:
            return None, 1.0, [], dict.fromkeys(facets, ()), True, False, None
        estimate = query.estimate
        if estimate is None:  # not read with the tsquery (a database before migration 0013)
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_pg p WHERE p.vector @@ ({tsquery})",
                params,
            )
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            estimate = float(plan[0]["Plan"]["Plan Rows"])
        counts_sql, counts_params = self._sample_counts_sql(facets)
        page_ctes, page_columns = "", ""
        page_cte_params: list[Any] = []
        page_column_params: list[Any] = []
        if page is not None:
            number, size = page
            # the offset of the page asked for, else of the last (of the ranked matches)
            offset_sql = (
                "((least(greatest(1, %s::int), greatest(1, ceil(least((SELECT count(*) FROM c),"
                " %s)::numeric / %s)::int)) - 1) * %s)"
            )
            offset_params = [number, self.rank_limit, size, size]
            ranked_sql = "SELECT c.id FROM c ORDER BY c.id DESC LIMIT %s"
            if "ipsp_search_page" in _functions():
                # the same page from a function whose statement is planned once per
                # connection (migration 0013)
                function_sql, function_params = self._page_function_sql(
                    query, ranked_sql, [self.rank_limit], offset_sql, offset_params, size
                )
                page_columns = (
                    f", {offset_sql}, (SELECT json_agg(json_build_array(h.hit_id, h.hit_kind,"
                    " h.hit_public_id, h.hit_title, h.hit_score, h.hit_snippet)"
                    f" ORDER BY h.hit_score DESC, h.hit_id DESC) FROM {function_sql} AS h)"
                )
                page_column_params = [*offset_params, *function_params]
            else:
                ctes, page_cte_params = self._page_sql(
                    query, ranked_sql, [self.rank_limit], offset_sql, offset_params, size
                )
                page_ctes = f", {ctes}"
                page_columns = (
                    f", {offset_sql}, (SELECT json_agg(json_build_array(h.id, h.kind,"
                    " h.public_id, h.title, h.score, h.snippet)"
                    " ORDER BY h.score DESC, h.id DESC) FROM h)"
                )
                page_column_params = offset_params
        source = (
            f"ipsp_search_matches({tsquery}) AS p"
            if query.matches_function
            else f"search_pg p WHERE p.vector @@ ({tsquery})"
        )
        if estimate <= max(self.match_cap * 2, self.estimate_floor):
            # the matches materialised once, through the GIN index (migration 0011: the
            # planner would read a small table whole, decompressing every tsvector); an
            # ORDER BY ... LIMIT over the table would walk the primary key backwards
            # reading every row until it has enough
            cursor.execute(
                "WITH m AS MATERIALIZED ("
                f" SELECT p.entry_id AS id, {passes} AS passes, p.facets FROM {source}),"
                " n AS (SELECT count(*) AS n FROM m),"
                " b AS (SELECT n.n, CASE WHEN n.n > %s THEN (SELECT m.id FROM m"
                " ORDER BY m.id DESC OFFSET %s LIMIT 1) END AS bound FROM n),"
                " c AS MATERIALIZED (SELECT m.id, m.facets FROM m, b"
                " WHERE m.passes AND (b.bound IS NULL OR m.id > b.bound)),"
                " s AS (SELECT c.id, c.facets FROM c ORDER BY c.id DESC"
                f" LIMIT (SELECT CASE WHEN b.bound IS NULL THEN %s ELSE %s END FROM b)){page_ctes}"
                " SELECT b.n, b.bound, (SELECT array_agg(c.id ORDER BY c.id DESC) FROM c),"
                f" {counts_sql}{page_columns} FROM b",
                [
                    *filter_params,
                    *params,
                    self.match_cap,
                    self.match_cap,
                    self.facet_exact_limit,
                    self.capped_facet_sample,
                    *page_cte_params,
                    *counts_params,
                    *page_column_params,
                ],
            )
            count, bound, ids, counted, *page_row = cursor.fetchone()
            any_match = count > 0
            if count <= self.match_cap:
                bound = None
        else:
            span = high - low + 1
            window = math.ceil(span * self.match_cap / estimate)
            bound = high - window if window < span else None
            bound_sql = " AND p.entry_id > %s" if bound is not None else ""
            cursor.execute(
                "WITH c AS MATERIALIZED (SELECT p.entry_id AS id, p.facets FROM search_pg p"
                f" WHERE p.vector @@ ({tsquery}){bound_sql} AND {passes}),"
                f" s AS (SELECT c.id, c.facets FROM c ORDER BY c.id DESC LIMIT %s){page_ctes}"
                f" SELECT (SELECT array_agg(c.id ORDER BY c.id DESC) FROM c), {counts_sql}"
                f"{page_columns}",
                [
                    *params,
                    *([bound] if bound is not None else []),
                    *filter_params,
                    self.facet_exact_limit if bound is None else self.capped_facet_sample,
                    *page_cte_params,
                    *counts_params,
                    *page_column_params,
                ],
            )
            ids, counted, *page_row = cursor.fetchone()
            any_match = True  # the planner expects many matches
        ids = list(ids or [])
        scale = 1.0 if bound is None else self._span_scale(low, high, int(bound))
        counts, exact = self._scaled_counts(facets, counted or {}, len(ids), scale)
        page_hits = None
        if page is not None:
            offset, rows = page_row
            page_hits = (int(offset), page[1], tuple(self._page_hits(query, rows or [])))
        return (
            (None if bound is None else int(bound)),
            scale,
            ids,
            counts,
            exact,
            any_match,
            page_hits,
        )

    def _few_ids(self, matched_sql: str) -> str:
        # the matches listed first (an init plan), then read by primary key and sorted:
        # with "IN (subquery)" the planner, misjudging a rare code's count, walked the
        # sort's index testing every entry (a country with 45 entries: 190 ms, now 1 ms)
        return f"e.id = ANY(ARRAY({matched_sql}))"

    def _sample_counts_sql(self, facets: list[str]) -> tuple[str, list[Any]]:
        """A column of the considered statement: {"facet:code": count} over the sample
        ``s``, as JSON."""
        if not facets:
            return "NULL", []
        return (
            "(SELECT json_object_agg(x.k, x.n) FROM (SELECT u.k, count(*) AS n FROM"
            " (SELECT unnest(s.facets) AS k FROM s) AS u"
            " WHERE split_part(u.k, ':', 1) = ANY(%s::text[]) GROUP BY u.k) AS x)",
            [facets],
        )

    def _scaled_counts(
        self, facets: list[str], counted: dict[str, int], found: int, scale: float
    ) -> tuple[dict[str, tuple[FacetCount, ...]], bool]:
        """The counts over the sample as ``SqlSearchBackend._candidate_facets`` gives them:
        exact, or scaled up to the considered matches and the whole index."""
        exact = scale == 1.0 and found <= self.facet_exact_limit
        if not exact:
            size = self.capped_facet_sample if scale != 1.0 else self.facet_exact_limit
            scale = scale * found / max(1, min(found, size))
        grouped: dict[str, list[FacetCount]] = {name: [] for name in facets}
        for key, count in counted.items():
            name, _sep, code = key.partition(":")
            if name in grouped:
                grouped[name].append(FacetCount(code, count if exact else round(count * scale)))
        return {
            name: tuple(sorted(items, key=lambda item: (-item.count, item.code)))
            for name, items in grouped.items()
        }, exact

    @staticmethod
    def _array_filter_sql(filters: dict[str, list[str]]) -> tuple[str, list[Any]]:
        """The filters on the match's own row (``search_pg.facets``, "facet:code" texts):
        AND across facets, OR within a facet (arrays that overlap)."""
        if not filters:
            return "true", []
        parts = ["p.facets && %s::text[]"] * len(filters)
        params = [[facet_key(name, code) for code in filters[name]] for name in sorted(filters)]
        return "(" + " AND ".join(parts) + ")", params

    def _ids_sql(self) -> str:
        return "SELECT unnest(%s::bigint[]) AS id"

    def _ids_param(self, ids: list[int]) -> Any:
        return ids

    def _score_rows_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        tsquery, params = tsquery_sql(query)
        return (
            "SELECT e.id, e.boost, e.flagged, e.fresh_at,"
            f" {RANK_SQL}"
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
                "SELECT e.id, e.kind, e.public_id, e.title, coalesce(p.head, p.body)"
                " FROM search_entry e"
                f" LEFT JOIN search_pg p ON p.entry_id = e.id WHERE e.id IN ({marks})",
                ids,
            )
            needles = [word for phrase in query.phrases() for word in phrase.words]
            return {
                row[0]: (row[1], row[2], row[3], snippet_around(row[4] or "", needles))
                for row in cursor.fetchall()
            }
        tsquery, tsquery_params = tsquery_sql(query)
        if isinstance(query, ResolvedQuery):
            tsquery, tsquery_params = query.headline_tsquery, list(query.headline_params)
        cursor.execute(
            "SELECT e.id, e.kind, e.public_id, e.title,"
            " ts_headline(p.config::regconfig, coalesce(p.head, p.body), query.q, %s)"
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
                    f"SELECT entry_id, coalesce(head, body) FROM search_pg"
                    f" WHERE entry_id IN ({marks})",
                    ids,
                )
                needles = [word for phrase in query.phrases() for word in phrase.words]
                return {row[0]: snippet_around(row[1] or "", needles) for row in cursor.fetchall()}
            tsquery, tsquery_params = tsquery_sql(query)
            cursor.execute(
                "SELECT p.entry_id,"
                " ts_headline(p.config::regconfig, coalesce(p.head, p.body), query.q, %s)"
                f" FROM search_pg p, (SELECT {tsquery} AS q) AS query"
                f" WHERE p.entry_id IN ({marks})",
                [HEADLINE_OPTIONS, *tsquery_params, *ids],
            )
            return {row[0]: row[1] or "" for row in cursor.fetchall()}

    def _fuzzy_ids(self, query: ParsedQuery, filters: dict[str, list[str]]) -> list[int]:
        """Typo tolerance: titles whose words are close to the query's words (pg_trgm)."""
        text = fuzzy_text(query)
        if text is None:
            return []
        typed_sql = "lower(unaccent(%s))"
        if isinstance(query, ResolvedQuery) and query.fuzzy_typed is not None:
            # folded by the statement that resolved the query: a literal here, so that
            # planning does not run unaccent again (3-5 ms under load)
            typed_sql, text = "%s::text", query.fuzzy_typed
        filter_sql, filter_params = self._filter_sql(filters, column="p.entry_id")
        with connection.cursor() as cursor:
            _fuzzy_threshold_set(cursor)
            cursor.execute(
                f"SELECT p.entry_id FROM search_pg p, (SELECT {typed_sql} AS w) AS typed"
                f" WHERE typed.w <%% p.title_norm{filter_sql}"
                " ORDER BY word_similarity(typed.w, p.title_norm) DESC, p.entry_id DESC"
                " LIMIT %s",
                [text, *filter_params, FUZZY_LIMIT],
            )
            return [row[0] for row in cursor.fetchall()]
