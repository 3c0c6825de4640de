"""SQLite: ``search_facet`` stored once in (document_id, facet, code) order.

The table held each (document, facet, code) three times: in its rows (keyed by an ``id``
no query reads), in the unique constraint's index (facet, code, document_id) and in the
``search_facet_entry`` index (document_id, facet, code). As a ``WITHOUT ROWID`` table
whose primary key is (document_id, facet, code) the rows are that index, and the
unique index on (facet, code, document_id) needs nothing more: 121 MB became 73 MB at
100,000 entries of ~15 codes each. Every query the backends write reads one of the two
orders, as before. The ``id`` column stays for Django (an ordinary nullable column the
backends leave empty; a facet row is never read or deleted by its id). The Django state
is unchanged, so ``search_facet_entry`` names no index on SQLite any more (its primary
key does that work). PostgreSQL is untouched.
"""

from django.db import migrations

WITHOUT_ROWID = """
CREATE TABLE "search_facet_new" (
    "id" integer NULL,
    "document_id" bigint NOT NULL,
    "facet" varchar(32) NOT NULL,
    "code" varchar(64) NOT NULL,
    PRIMARY KEY ("document_id", "facet", "code")
) WITHOUT ROWID
"""
CODE_INDEX = (
    'CREATE UNIQUE INDEX "search_facet_unique_code" ON "search_facet" ("facet", "code",'
    ' "document_id")'
)
WITH_ROWID = """
CREATE TABLE "search_facet_new" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "facet" varchar(32) NOT NULL,
    "code" varchar(64) NOT NULL,
    "document_id" bigint NOT NULL,
    CONSTRAINT "search_facet_unique_code" UNIQUE ("facet", "code", "document_id")
)
"""
ENTRY_INDEX = 'CREATE INDEX "search_facet_entry" ON "search_facet" ("document_id", "facet", "code")'


def _replace(schema_editor, create: str, after: str) -> None:
    cursor = schema_editor.connection.cursor()
    cursor.execute(create)
    cursor.execute(
        'INSERT INTO "search_facet_new" ("document_id", "facet", "code")'
        ' SELECT "document_id", "facet", "code" FROM "search_facet"'
        ' ORDER BY "document_id", "facet", "code"'
    )
    cursor.execute('DROP TABLE "search_facet"')
    cursor.execute('ALTER TABLE "search_facet_new" RENAME TO "search_facet"')
    cursor.execute(after)


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        _replace(schema_editor, WITHOUT_ROWID, CODE_INDEX)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        _replace(schema_editor, WITH_ROWID, ENTRY_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_search_pg_facets_and_inline_vectors")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
