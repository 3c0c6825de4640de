"""SQLite: the full-text table no longer keeps its own uncompressed copy of the text.

``search_fts`` kept the five columns it indexes in ``search_fts_content`` as they were
given, about 1.5 kB per entry of 100 words (1.5 GB at 1,000,000 entries). It becomes an
FTS5 *external content* table: its content is the view ``search_text`` over
``search_text_packed``, one zlib-compressed JSON array of the five columns per entry,
unpacked by the SQL function ``search_text_unpack`` (registered on every connection by
``ipsp.search.backends.sqlite.register_functions``). The backend indexes each row from
the values it packs; a trigger on the packed table takes each row deleted out of the
index with the values it was indexed with. FTS5 reads the content only for snippets and
for columns selected (``entry_text_sql``, the topic job's texts); matching and bm25 read
the index alone.

Existing rows are packed in place, then FTS5 indexes them again from the view
('rebuild', about 20 seconds per 100,000 entries of 100 words); backwards, the rows are
unpacked into an ordinary FTS5 table again. PostgreSQL is untouched.
"""

# SQL here is assembled from constants only; values are parameters.
# ruff: noqa: S608

import json
import zlib

from django.db import migrations

BATCH = 1000
COLUMNS = "title, body, body_more, title_cjk, body_cjk"
TOKENIZE = "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\""
UNPACKED = ", ".join(f"search_text_unpack(%(row)s.packed, {index})" for index in range(5))
PACKED_SCHEMA = (
    "CREATE TABLE search_text_packed (id INTEGER PRIMARY KEY, packed BLOB NOT NULL)",
    f"CREATE VIEW search_text (id, {COLUMNS}) AS SELECT id, "
    + UNPACKED % {"row": "search_text_packed"}
    + " FROM search_text_packed",
    f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, body_more, title_cjk, body_cjk,
    content = 'search_text', content_rowid = 'id',
    {TOKENIZE},
    prefix = '2'
)
""",
)
UNINDEX_TRIGGER = (
    "CREATE TRIGGER search_text_packed_unindexed AFTER DELETE ON search_text_packed BEGIN"
    f" INSERT INTO search_fts (search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, "
    + UNPACKED % {"row": "old"}
    + "); END"
)
PLAIN_TABLE = f"""
CREATE VIRTUAL TABLE search_fts_plain USING fts5(
    title, body, body_more, title_cjk, body_cjk,
    {TOKENIZE},
    prefix = '2'
)
"""


def pack(columns) -> bytes:
    """A frozen copy of ``ipsp.search.backends.sqlite.pack_columns``."""
    text = json.dumps(list(columns), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 6)


def unpacker():
    """A frozen copy of ``ipsp.search.backends.sqlite.unpacker``: the SQL function, which
    keeps the last row it unpacked (a row's five columns are asked for in turn)."""
    last: list = [None, None]

    def unpack(packed, column):
        if packed is None:
            return None
        if packed != last[0]:
            last[1] = json.loads(zlib.decompress(packed))
            last[0] = packed
        return last[1][column]

    return unpack


def _batches(cursor, select: str):
    last = 0
    while True:
        cursor.execute(select, [last, BATCH])
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _registered(schema_editor):
    connection = schema_editor.connection
    connection.ensure_connection()
    connection.connection.create_function("search_text_unpack", 2, unpacker(), deterministic=True)
    return connection.cursor()


def _packed(cursor) -> bool:
    """Whether the tables already have the packed form: the search app's post_migrate
    handler empties an index with no entries left by creating the tables anew, in the
    code's current form, also after ``migrate search <an earlier migration>``."""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_text_packed'")
    return cursor.fetchone() is not None


def compress(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    cursor = _registered(schema_editor)
    if _packed(cursor):
        return
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")
    if cursor.fetchone() is not None:
        cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_old")
    cursor.execute(PACKED_SCHEMA[0])
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts_old'")
    if cursor.fetchone() is not None:
        select = (
            f"SELECT rowid, {COLUMNS} FROM search_fts_old WHERE rowid > %s ORDER BY rowid LIMIT %s"
        )
        for rows in _batches(cursor, select):
            cursor.executemany(
                "INSERT INTO search_text_packed (id, packed) VALUES (%s, %s)",
                [(row[0], pack(row[1:])) for row in rows],
            )
        cursor.execute("DROP TABLE search_fts_old")
    for statement in PACKED_SCHEMA[1:]:
        cursor.execute(statement)
    # index the packed rows from the view
    cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
    cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    cursor.execute(UNINDEX_TRIGGER)


def decompress(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    cursor = _registered(schema_editor)
    if not _packed(cursor):
        return
    cursor.execute(PLAIN_TABLE)
    select = f"SELECT id, {COLUMNS} FROM search_text WHERE id > %s ORDER BY id LIMIT %s"
    for rows in _batches(cursor, select):
        cursor.executemany(
            f"INSERT INTO search_fts_plain (rowid, {COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
    cursor.execute("DROP TABLE search_text_packed")  # with its trigger
    cursor.execute("DROP TABLE search_fts")
    cursor.execute("DROP VIEW search_text")
    cursor.execute("ALTER TABLE search_fts_plain RENAME TO search_fts")
    cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


class Migration(migrations.Migration):
    dependencies = [("search", "0015_pg_flags_in_search_pg_facets")]

    operations = [migrations.RunPython(compress, decompress, elidable=False)]
