"""SQLite: the full-text table gets a short column for snippets.

``search_fts`` had one ``body`` column holding every text of an entry; FTS5's
``snippet()`` tokenises the whole column it cuts a snippet from, so a 5,000-word
description cost 8 times the search itself. The table is made again with ``body``
holding the beginning of the text (about ``HEAD_CHARS`` characters, cut after a
sentence or between words) and ``body_more`` the rest; queries read both, snippets
only ``body``. Existing rows are copied over (their texts' beginning taken from the
whole stored body; a rebuild then takes the beginning of each translation too).

The prefix index on the first three characters goes (kept: two): it held 30% of the
full-text index, and a three-character prefix query costs a millisecond without it
(a two-character one 10 to 70 ms at 100,000 entries, hence the two are kept).
PostgreSQL is untouched.
"""

import re

from django.db import migrations

HEAD_CHARS = 1000
BATCH = 500
SENTENCE_END = re.compile(r"[.!?;:\u3002\uff01\uff1f\uff1b\n]\s*")
SPACE = re.compile(r"\s+")
TOKENIZE = "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\""
NEW_TABLE = f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, body_more, title_cjk, body_cjk,
    {TOKENIZE},
    prefix = '2'
)
"""
OLD_TABLE = f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, title_cjk, body_cjk,
    {TOKENIZE},
    prefix = '2 3'
)
"""


def head_length(text: str) -> int:
    """A frozen copy of ``ipsp.search.backends.sqlite.head_length``."""
    if len(text) <= HEAD_CHARS:
        return len(text)
    ends = [match.end() for match in SENTENCE_END.finditer(text, HEAD_CHARS // 2, HEAD_CHARS)]
    if ends:
        return ends[-1]
    spaces = [match.start() for match in SPACE.finditer(text, HEAD_CHARS // 2, HEAD_CHARS)]
    return spaces[-1] if spaces else HEAD_CHARS


def _copy(schema_editor, create: str, select: str, insert: str, convert) -> None:
    cursor = schema_editor.connection.cursor()
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")
    if cursor.fetchone() is None:
        cursor.execute(create)
        return
    cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_old")
    cursor.execute(create)
    last = 0
    while True:
        cursor.execute(select, [last, BATCH])
        rows = cursor.fetchall()
        if not rows:
            break
        cursor.executemany(insert, [convert(row) for row in rows])
        last = rows[-1][0]
    cursor.execute("DROP TABLE search_fts_old")
    cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def split(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return

    def convert(row):
        rowid, title, body, title_cjk, body_cjk = row
        body = body or ""
        cut = head_length(body)
        return (rowid, title, body[:cut], body[cut:], title_cjk, body_cjk)

    _copy(
        schema_editor,
        NEW_TABLE,
        "SELECT rowid, title, body, title_cjk, body_cjk FROM search_fts_old"
        " WHERE rowid > %s ORDER BY rowid LIMIT %s",
        "INSERT INTO search_fts (rowid, title, body, body_more, title_cjk, body_cjk)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        convert,
    )


def join(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return

    def convert(row):
        rowid, title, body, body_more, title_cjk, body_cjk = row
        return (rowid, title, (body or "") + (body_more or ""), title_cjk, body_cjk)

    _copy(
        schema_editor,
        OLD_TABLE,
        "SELECT rowid, title, body, body_more, title_cjk, body_cjk FROM search_fts_old"
        " WHERE rowid > %s ORDER BY rowid LIMIT %s",
        "INSERT INTO search_fts (rowid, title, body, title_cjk, body_cjk)"
        " VALUES (%s, %s, %s, %s, %s)",
        convert,
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_facet_statistics_on_postgresql")]

    operations = [migrations.RunPython(split, join, elidable=False)]
