"""SQLite FTS5 backend (the default on SQLite).

The ``search_fts`` table (migration 0007) has five columns: ``title`` (original
title and its translations), ``body`` (the beginning of the original text and of each
translation, up to ``HEAD_CHARS`` characters each, cut between sentences or words),
``body_more`` (the rest of those texts, from ``OVERLAP_WORDS`` words before the cut so
that a phrase straddling it is found), and ``title_cjk`` / ``body_cjk`` (their CJK
runs as bigrams, see ``ipsp.search.text``). Its rowid is the ``search_entry`` id.
Ranking is bm25 with titles weighing ``TITLE_WEIGHT`` times more (``body`` and
``body_more`` weigh the same, so splitting the text changes no score: bm25 adds up a
word's weighted counts over the columns). Snippets come from FTS5's ``snippet()`` on
``body`` alone: it tokenises the column it cuts from, so its cost stays bounded
whatever the length of a description (a 5,000-word text cost 8 times the search).
A word found only further on gets the beginning of the text as its snippet.

FTS5 keeps no copy of the text of its own: ``search_fts`` is an external content table
reading the view ``search_text``, which unpacks the zlib-compressed columns of
``search_text_packed`` (migration 0016, ``SCHEMA`` below). Matching and bm25 read the
index alone; the text is unpacked for snippets and for the columns a query selects.

The MATCH expression is written here from a ``ParsedQuery``: every word is inside
an FTS5 string ("..." with quotes doubled), so nothing the visitor typed is ever
read as FTS5 syntax; the expression itself is passed as an SQL parameter.
"""

# SQL here is assembled from constants, column names and %s placeholders only; every
# value, the full-text expression included, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection

from ipsp.search.backends.base import SqlSearchBackend, _placeholders
from ipsp.search.documents import SearchDocument
from ipsp.search.query import ParsedQuery, Phrase
from ipsp.search.text import (
    CJK_RUN,
    MARK_CLOSE,
    MARK_OPEN,
    cjk_bigrams,
    cjk_index_text,
    normalise,
    snippet_around,
    split_scripts,
)

TITLE_WEIGHT = 10.0
PROBE_THRESHOLD = 5000  # up to this many text matches, filters probe the facet index
SNIPPET_TOKENS = 28
REBUILD_CACHE_KB = 256 * 1024  # page cache during a full rebuild (the default is 2 MB)

HEAD_CHARS = 1000  # of each text, in the snippets' column ``body``
OVERLAP_WORDS = 8  # the last words of ``body`` repeated at the start of ``body_more``
BODY_COLUMNS = "{title body body_more}"
CJK_COLUMNS = "{title_cjk body_cjk}"
WEIGHTS = f"{TITLE_WEIGHT}, 1.0, 1.0, {TITLE_WEIGHT}, 1.0"  # the columns' order
COLUMNS = "title, body, body_more, title_cjk, body_cjk"

# The text FTS5 keeps is not a copy of its own (``search_fts_content``) but the table of
# its content (an external content table): one zlib-compressed JSON array of the five
# columns per entry in ``search_text_packed``, seen as columns through the view
# ``search_text`` (``search_text_unpack``, registered on every connection by
# ``register_functions``). A row is indexed from the very values it packs
# (``_text_store``); a trigger takes each packed row deleted out of the index with the
# values it was indexed with (the 'delete' command needs them: other values would corrupt
# the index silently), so deleting packed rows is all a removal does (migration 0016).
# Indexing through a trigger too cost a third more rebuild time (measured: FTS5 indexed
# row by row from inside the trigger), so inserts write both tables themselves.
PACKED_TABLE = "search_text_packed"
CONTENT_VIEW = "search_text"
UNPACK_FUNCTION = "search_text_unpack"
COMPRESSION_LEVEL = 6  # zlib's default: level 9 saves nothing more here, level 1 costs 5%
_UNPACKED = ", ".join(f"{UNPACK_FUNCTION}(%(row)s.packed, {index})" for index in range(5))
SCHEMA = (
    f"CREATE TABLE {PACKED_TABLE} (id INTEGER PRIMARY KEY, packed BLOB NOT NULL)",
    f"CREATE VIEW {CONTENT_VIEW} (id, {COLUMNS}) AS SELECT id, "
    + _UNPACKED % {"row": PACKED_TABLE}
    + f" FROM {PACKED_TABLE}",
    f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, body_more, title_cjk, body_cjk,
    content = '{CONTENT_VIEW}', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
    prefix = '2'
)
""",  # prefix index of two characters: longer prefixes are fast without one (migration 0007)
    f"CREATE TRIGGER {PACKED_TABLE}_unindexed AFTER DELETE ON {PACKED_TABLE} BEGIN"
    f" INSERT INTO search_fts (search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, "
    + _UNPACKED % {"row": "old"}
    + "); END",
)
DROP_SCHEMA = (  # the trigger goes with its table
    f"DROP TABLE IF EXISTS {PACKED_TABLE}",
    "DROP TABLE IF EXISTS search_fts",
    f"DROP VIEW IF EXISTS {CONTENT_VIEW}",
)
# Where a text's beginning may end: after a sentence's end, else at a space (never
# inside a word, so the two columns hold the text's tokens, each once).
_SENTENCE_END = re.compile(r"[.!?;:\u3002\uff01\uff1f\uff1b\n]\s*")
_SPACE = re.compile(r"\s+")


def _fts_string(words: list[str] | tuple[str, ...]) -> str:
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def phrase_expression(phrase: Phrase) -> str:
    if phrase.is_cjk:
        run = "".join(phrase.words)
        if len(run) == 1:  # every character starts an indexed token
            return f"{CJK_COLUMNS} : " + _fts_string([run]) + " *"
        return f"{CJK_COLUMNS} : " + _fts_string(cjk_bigrams(run))
    expression = f"{BODY_COLUMNS} : " + _fts_string(phrase.words)
    return expression + " *" if phrase.prefix else expression


def match_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression of a parsed query (never raw user syntax)."""
    clauses = [
        "(" + " OR ".join(phrase_expression(phrase) for phrase in clause) + ")"
        for clause in query.clauses
    ]
    expression = " AND ".join(clauses)
    if query.excluded:
        excluded = " OR ".join(phrase_expression(phrase) for phrase in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


def _spaced(text: str) -> str:
    # split_scripts only changes texts with CJK runs; looking for one is 10 times cheaper
    return normalise(split_scripts(text) if CJK_RUN.search(text) else text)


def head_length(text: str, limit: int = HEAD_CHARS) -> int:
    """Where the beginning of ``text`` kept for snippets ends (at most ``limit``
    characters): after the last sentence end of its second half, else before the last
    space, else (one very long word) at ``limit``."""
    if len(text) <= limit:
        return len(text)
    ends = [match.end() for match in _SENTENCE_END.finditer(text, limit // 2, limit)]
    if ends:
        return ends[-1]
    spaces = [match.start() for match in _SPACE.finditer(text, limit // 2, limit)]
    return spaces[-1] if spaces else limit


def overlap_start(text: str, cut: int, words: int = OVERLAP_WORDS) -> int:
    """Where the rest of a text cut at ``cut`` starts: ``words`` words before the cut,
    so that a phrase of up to ``words + 1`` words straddling the cut is still found (in
    ``body_more``). Those few words count twice for the ranking: negligible in a text
    long enough to be cut."""
    start = cut
    for _ in range(words):
        space = text.rfind(" ", 0, start)
        if space <= 0:
            return cut if start == cut else start
        start = space
    return start


def split_texts(texts: list[str]) -> tuple[str, str]:
    """(beginnings, rests) of the texts: each text's first ``HEAD_CHARS`` characters or
    so go to the snippets' column, the rest (from a few words before the cut) to
    ``body_more``."""
    heads: list[str] = []
    rests: list[str] = []
    for text in texts:
        cut = head_length(text)
        heads.append(text[:cut])
        if cut < len(text):
            rests.append(text[overlap_start(text, cut) :])
    return "\n\n".join(heads), "\n\n".join(rests)


def document_columns(doc: SearchDocument) -> tuple[str, str, str, str, str]:
    titles = [doc.title, *(title for _lang, title in doc.other_titles)]
    texts = [_spaced(text) for _lang, text in doc.texts]
    head, more = split_texts(texts)
    return (
        _spaced("\n".join(titles)),
        head,
        more,
        cjk_index_text(titles),
        cjk_index_text(text for _lang, text in doc.texts),
    )


def pack_columns(columns: Sequence[str | None]) -> bytes:
    """One entry's five column values as stored in ``search_text_packed``: a JSON array,
    zlib-compressed (about 2.2 times smaller on the benchmark's texts, see
    docs/search.md "Performance"; read back exactly, so FTS5 always gets the values it
    indexed)."""
    text = json.dumps(list(columns), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), COMPRESSION_LEVEL)


def unpacker() -> Callable[[bytes | None, int], str | None]:
    """The SQL function ``search_text_unpack(packed, column)``: one column of a packed row.

    A row's five columns are asked for one after the other (the view's columns, the
    trigger's values), so the last row unpacked is kept: it is decompressed once. One
    function per connection, so each keeps its own."""
    last: list[Any] = [None, None]

    def unpack(packed: bytes | None, column: int) -> str | None:
        if packed is None:
            return None
        if packed != last[0]:
            last[1] = json.loads(zlib.decompress(packed))
            last[0] = packed
        return last[1][column]

    return unpack


def register_functions(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """Give an SQLite connection ``search_text_unpack`` (``connection_created``, connected
    in ``SearchConfig.ready``): FTS5 reads the text of snippets through it, and the
    trigger unindexes deleted rows with it. Without it, those statements fail loudly."""
    if connection is None or connection.vendor != "sqlite" or connection.connection is None:
        return
    connection.connection.create_function(UNPACK_FUNCTION, 2, unpacker(), deterministic=True)


class SqliteFts5Backend(SqlSearchBackend):
    vendor = "sqlite"

    def __init__(self) -> None:
        self._selective: dict[str, bool] = {}  # per search: MATCH expression -> few matches

    def _text_store(
        self,
        cursor: Any,
        rows: list[tuple[int, SearchDocument]],
        into: Mapping[str, str] | None = None,
    ) -> None:
        # FTS5 is given the very values packed: those its trigger unindexes them with
        columns = [(entry_id, document_columns(doc)) for entry_id, doc in rows]
        cursor.executemany(
            f"INSERT INTO search_fts (rowid, {COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
            [(entry_id, *values) for entry_id, values in columns],
        )
        cursor.executemany(
            f"INSERT INTO {PACKED_TABLE} (id, packed) VALUES (%s, %s)",
            [(entry_id, pack_columns(values)) for entry_id, values in columns],
        )

    def _text_delete(self, cursor: Any, ids: list[int]) -> None:
        # the trigger takes each row out of the index with the values it was indexed with
        cursor.execute(f"DELETE FROM {PACKED_TABLE} WHERE id IN ({_placeholders(len(ids))})", ids)

    def _text_delete_all(self, cursor: Any, kinds: list[str] | None) -> None:
        if kinds is None:
            # dropping is much faster than deleting row by row, and transactional in SQLite
            for statement in (*DROP_SCHEMA, *SCHEMA):
                cursor.execute(statement)
        elif kinds:
            cursor.execute(
                f"DELETE FROM {PACKED_TABLE} WHERE id IN"
                f" (SELECT id FROM search_entry WHERE kind IN ({_placeholders(len(kinds))}))",
                kinds,
            )

    def _allocate_ids(self, cursor: Any, count: int) -> list[int]:
        # writes to SQLite are serialised (BEGIN IMMEDIATE), so max + 1 is ours
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_entry")
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))

    def _bulk_load_start(self, cursor: Any) -> Any:
        """Drop the index tables' secondary indexes (recreated after the load by one sort
        each, much faster than keeping them in step row by row) and enlarge the page
        cache for the load."""
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-REBUILD_CACHE_KB}")
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('search_entry', 'search_facet', 'search_point')"
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        return cache_size, indexes

    def _bulk_load_end(self, cursor: Any, token: Any) -> None:
        cache_size, indexes = token
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")

    def _after_rebuild(self, cursor: Any) -> None:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def _text_filter_sql(
        self, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[str, list[Any]]:
        """Facet filters on full-text matches, in the cheaper of two forms.

        When the words match few entries, each match probes the facet index
        (a correlated EXISTS). When they match many, each filter's id list is built
        once and every match is looked up in it ("+rowid IN": the "+" stops SQLite
        from handing the list to FTS5 as one "rowid = ?" per id, each re-running the
        MATCH, measured 30 times slower). Counting the matches to choose stops at
        the threshold, so the choice itself stays cheap.
        """
        if not filters:
            return "", []
        expression = match_expression(query)
        if expression not in self._selective:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM search_fts"
                    " WHERE search_fts MATCH %s LIMIT %s)",
                    [expression, PROBE_THRESHOLD + 1],
                )
                self._selective[expression] = cursor.fetchone()[0] <= PROBE_THRESHOLD
        if not self._selective[expression]:
            return self._filter_sql(filters, column="+rowid")
        parts: list[str] = []
        params: list[Any] = []
        for name, codes in sorted(filters.items()):
            parts.append(
                " AND EXISTS (SELECT 1 FROM search_facet f WHERE f.facet = %s"
                f" AND f.code IN ({_placeholders(len(codes))})"
                " AND f.document_id = search_fts.rowid)"
            )
            params += [name, *codes]
        return "".join(parts), params

    def _match_sql(
        self, query: ParsedQuery, filters: dict[str, list[str]]
    ) -> tuple[str, list[Any]]:
        filter_sql, filter_params = self._text_filter_sql(query, filters)
        return (
            f"SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s{filter_sql}",
            [match_expression(query), *filter_params],
        )

    def text_table_sql(self) -> tuple[str, str, str, str]:
        # the view FTS5 reads (one unpacking a row); the texts' beginnings and their rests
        # are two columns
        return CONTENT_VIEW, "id", "title", "t.body || ' ' || t.body_more"

    def entry_text_sql(self, kind: str, public_id: str, chars: int) -> tuple[str, list[Any]]:
        # body holds the text's first ~1,000 characters, body_more the rest
        return (
            "SELECT title, substr(body, 1, %s) FROM search_fts WHERE rowid ="
            " (SELECT id FROM search_entry WHERE kind = %s AND public_id = %s)",
            [chars, kind, public_id],
        )

    def words_ranked_sql(self, words: Sequence[str], limit: int) -> tuple[str, list[Any]]:
        return (
            f"SELECT rowid AS id, -bm25(search_fts, {WEIGHTS}) AS relevance FROM search_fts"
            " WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
            [match_expression(ParsedQuery.any_of_words(words)), limit],
        )

    def _cap_bound(self, cursor: Any, query: ParsedQuery) -> tuple[int | None, float]:
        # reads at most match_cap + 1 entries of the words' lists, newest first; min and
        # max of the ids in subqueries of their own (one index seek each)
        cursor.execute(
            "SELECT count(*), min(rowid), (SELECT min(id) FROM search_entry),"
            " (SELECT max(id) FROM search_entry) FROM (SELECT rowid FROM search_fts"
            " WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)",
            [match_expression(query), self.match_cap + 1],
        )
        count, lowest, low, high = cursor.fetchone()
        if count <= self.match_cap:
            return None, 1.0
        return int(lowest), self._span_scale(low, high, int(lowest))

    def _candidates_sql(
        self,
        query: ParsedQuery,
        filters: dict[str, list[str]],
        bound: int | None,
        relevance: bool,
    ) -> tuple[str, list[Any]]:
        # at most match_cap matches are read, so each probes the facet index for the
        # filters (building each filter's whole id list would cost more at 1,000,000)
        parts: list[str] = []
        params: list[Any] = [match_expression(query)]
        if bound is not None:
            parts.append(" AND rowid > %s")
            params.append(bound)
        for name, codes in sorted(filters.items()):
            parts.append(
                " AND EXISTS (SELECT 1 FROM search_facet f WHERE f.facet = %s"
                f" AND f.code IN ({_placeholders(len(codes))})"
                " AND f.document_id = search_fts.rowid)"
            )
            params += [name, *codes]
        score = f"-bm25(search_fts, {WEIGHTS})" if relevance else "0"
        return (
            f"SELECT rowid, {score} FROM search_fts WHERE search_fts MATCH %s{''.join(parts)}"
            " ORDER BY rowid DESC",
            params,
        )

    def _ids_sql(self) -> str:
        return "SELECT value AS id FROM json_each(%s)"

    def _snippets(self, query: ParsedQuery, ids: list[int]) -> dict[int, str]:
        marks = _placeholders(len(ids))
        with connection.cursor() as cursor:
            if any(phrase.is_cjk for phrase in query.phrases()):
                cursor.execute(f"SELECT rowid, body FROM search_fts WHERE rowid IN ({marks})", ids)
                needles = [word for phrase in query.phrases() for word in phrase.words]
                return {row[0]: snippet_around(row[1] or "", needles) for row in cursor.fetchall()}
            cursor.execute(
                f"SELECT rowid, snippet(search_fts, 1, %s, %s, '…', {SNIPPET_TOKENS})"
                f" FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [MARK_OPEN, MARK_CLOSE, match_expression(query), *ids],
            )
            return {row[0]: row[1] or "" for row in cursor.fetchall()}
