"""SQLite keeps the indexed text compressed (migration 0016): ``search_fts`` is an FTS5
external content table reading ``search_text``, a view unpacking ``search_text_packed``.
An external content index whose content changes under it, or which is told other values
on a delete, is corrupted silently, so every write is followed by FTS5's integrity-check,
which compares the index with the content (``rank`` 1)."""

from __future__ import annotations

import json
import threading
import zlib
from typing import Any

import pytest
from django.db import DatabaseError, connection, connections, transaction

from conftest import migrate_to
from ipsp.search.backends import get_backend
from ipsp.search.backends import sqlite as sqlite_backend
from ipsp.search.backends.sqlite import (
    SqliteFts5Backend,
    document_columns,
    pack_columns,
    unpacker,
)
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.services import document_index, document_remove
from ipsp.search.tests.factories import index, make_doc, titles

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")

BEFORE = [("search", "0015_pg_flags_in_search_pg_facets")]
LONG_TEXT = "Les coopératives laitières partagent le lait. " * 40 + "Le fromage vient à la fin."


def assert_index_in_step() -> None:
    """FTS5's integrity-check: raises if the index does not match the packed text."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")


def packed_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM search_text_packed ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def edited(doc: SearchDocument, title: str, text: str) -> SearchDocument:
    return SearchDocument(
        kind=doc.kind,
        public_id=doc.public_id,
        language=doc.language,
        title=title,
        texts=((doc.language, text),),
    )


@sqlite_only
@pytest.mark.django_db
def test_fts5_keeps_no_copy_of_its_own_and_the_packed_row_holds_the_columns() -> None:
    doc = make_doc("Coopérative laitière", LONG_TEXT, language="fr")
    index(doc)

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts_content'")
        assert cursor.fetchone() is None
        cursor.execute("SELECT packed FROM search_text_packed")
        (packed,) = cursor.fetchone()
    assert json.loads(zlib.decompress(packed)) == list(document_columns(doc))
    assert len(packed) < len(LONG_TEXT) / 4  # the repeated sentence compresses well
    assert_index_in_step()


@sqlite_only
@pytest.mark.django_db
def test_indexing_editing_and_removing_keep_the_index_in_step() -> None:
    kept = make_doc("Wages in Kenya", "living wages for tea pickers")
    removed = make_doc("Wages in Ghana", "living wages for cocoa farmers")
    index(kept, removed)
    assert_index_in_step()

    document_index(edited(kept, "Wages in Uganda", "fair prices for coffee growers"))
    assert_index_in_step()
    document_remove(kind="initiative", public_id=removed.public_id)
    assert_index_in_step()

    assert search("pickers").total == 0
    assert search("cocoa").total == 0
    assert titles(search("coffee")) == ["Wages in Uganda"]
    assert len(packed_ids()) == 1


@sqlite_only
@pytest.mark.django_db
def test_rebuilding_one_kind_and_everything_keep_the_index_in_step() -> None:
    initiative = make_doc("Tea cooperative", "tea pickers")
    actor = make_doc("Tea union", "tea workers", kind="actor")
    index(initiative, actor)
    backend = get_backend()

    backend.rebuild([make_doc("Coffee union", "coffee workers", kind="actor")], kinds=["actor"])
    assert_index_in_step()
    assert titles(search("workers")) == ["Coffee union"]
    assert titles(search("pickers")) == ["Tea cooperative"]

    backend.rebuild([make_doc("Cocoa cooperative", "cocoa farmers")])
    assert_index_in_step()
    assert titles(search("farmers")) == ["Cocoa cooperative"]
    assert search("pickers").total == 0
    assert len(packed_ids()) == 1


@sqlite_only
@pytest.mark.django_db
def test_a_rolled_back_write_leaves_index_and_text_as_they_were() -> None:
    kept = make_doc("Wages in Kenya", "tea pickers")
    other = make_doc("Wages in Ghana", "cocoa farmers")
    index(kept, other)
    before = packed_ids()

    with pytest.raises(RuntimeError), transaction.atomic():
        document_index(edited(kept, "Wages in Uganda", "coffee growers"))
        document_remove(kind="initiative", public_id=other.public_id)
        index(make_doc("Wages in Togo", "cotton growers"))
        raise RuntimeError

    assert_index_in_step()
    assert packed_ids() == before
    assert titles(search("pickers")) == ["Wages in Kenya"]
    assert titles(search("farmers")) == ["Wages in Ghana"]
    assert search("growers").total == 0


@sqlite_only
@pytest.mark.django_db
def test_integrity_check_notices_text_changed_under_the_index() -> None:
    """The check the tests above rely on can fail: a packed row replaced without the
    index being told (an update, which nothing in the backend does)."""
    doc = make_doc("Wages in Kenya", "tea pickers")
    index(doc)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_text_packed SET packed = %s",
            [pack_columns(document_columns(make_doc("Other", "coffee growers")))],
        )

    with pytest.raises(DatabaseError):
        assert_index_in_step()


@sqlite_only
@pytest.mark.django_db
def test_snippets_and_entry_texts_are_read_from_the_packed_text() -> None:
    doc = make_doc("Coopérative laitière", LONG_TEXT, language="fr")
    index(doc, make_doc("Tea cooperative", "tea pickers"))

    (hit,) = search("laitieres").hits
    assert "laitières" in hit.snippet
    backend = get_backend()
    assert isinstance(backend, SqliteFts5Backend)
    sql, params = backend.entry_text_sql("initiative", doc.public_id, 30)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchone() == ("Coopérative laitière", LONG_TEXT[:30])
    # a word only found after the text's beginning: the beginning is the snippet
    (hit,) = search("fromage").hits
    assert hit.snippet.startswith("Les coopératives")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_every_new_connection_can_read_the_text() -> None:
    index(make_doc("Coopérative laitière", LONG_TEXT, language="fr"))
    found: list[Any] = []

    def search_elsewhere() -> None:
        try:
            found.append(search("laitieres").hits[0].snippet)
        finally:
            connections.close_all()

    thread = threading.Thread(target=search_elsewhere)
    thread.start()
    thread.join()

    assert len(found) == 1
    assert "laitières" in found[0]


def test_a_rows_five_columns_are_unpacked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    decompress = zlib.decompress

    def counted(data: bytes) -> bytes:
        calls.append(data)
        return decompress(data)

    monkeypatch.setattr(sqlite_backend.zlib, "decompress", counted)
    unpack = unpacker()
    first = pack_columns(["a", "b", "c", "", None])
    second = pack_columns(["d", "e", "f", "g", "h"])

    assert [unpack(first, column) for column in range(5)] == ["a", "b", "c", "", None]
    assert [unpack(second, column) for column in range(5)] == ["d", "e", "f", "g", "h"]
    assert unpack(first, 1) == "b"
    assert unpack(None, 0) is None
    assert len(calls) == 3


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_migration_packs_an_existing_index_and_unpacks_it_backwards() -> None:
    doc = make_doc("Coopérative laitière", LONG_TEXT, language="fr")
    other = make_doc("Tea cooperative", "tea pickers")
    index(doc, other)
    columns = {doc.public_id: document_columns(doc), other.public_id: document_columns(other)}

    migrate_to(BEFORE)

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_text%%'")
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT e.public_id, t.title, t.body, t.body_more, t.title_cjk, t.body_cjk"
            " FROM search_fts t JOIN search_entry e ON e.id = t.rowid"
        )
        assert {row[0]: row[1:] for row in cursor.fetchall()} == columns
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
        # a row indexed before the migration, with a column left NULL
        cursor.execute(
            "INSERT INTO search_fts (rowid, title, body, body_more, title_cjk, body_cjk)"
            " VALUES (1000, 'Lone row', 'cotton growers', NULL, '', '')"
        )

    migrate_to(None)

    assert_index_in_step()
    assert titles(search("pickers")) == ["Tea cooperative"]
    assert "laitières" in search("laitieres").hits[0].snippet
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, packed FROM search_text_packed ORDER BY id")
        rows = cursor.fetchall()
    assert [json.loads(zlib.decompress(packed)) for _id, packed in rows[:2]] == [
        list(columns[doc.public_id]),
        list(columns[other.public_id]),
    ]
    assert rows[2] == (1000, pack_columns(["Lone row", "cotton growers", None, "", ""]))
    with connection.cursor() as cursor:  # the lone row leaves the index like any other
        cursor.execute("DELETE FROM search_text_packed WHERE id = 1000")
    assert_index_in_step()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_migration_of_an_empty_index_both_ways() -> None:
    migrate_to(BEFORE)
    migrate_to(None)

    assert_index_in_step()
    index(make_doc("Tea cooperative", "tea pickers"))
    assert titles(search("pickers")) == ["Tea cooperative"]
    assert_index_in_step()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_migration_finds_the_tables_already_packed_after_a_partial_migrate() -> None:
    """``migrate search 0015`` on an empty index: the post_migrate handler empties the
    text table by creating the tables anew, in their packed form; 0016 then keeps them,
    and unapplying it again finds them packed."""
    migrate_to(BEFORE)
    with connection.cursor() as cursor:
        get_backend()._text_delete_all(cursor, None)  # type: ignore[attr-defined]

    migrate_to(None)
    index(make_doc("Tea cooperative", "tea pickers"))
    assert titles(search("pickers")) == ["Tea cooperative"]
    assert_index_in_step()
    migrate_to(BEFORE)
    migrate_to(None)
    assert titles(search("pickers")) == ["Tea cooperative"]
    assert_index_in_step()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tables")
def test_migration_leaves_postgresql_as_it_was() -> None:
    index(make_doc("Tea cooperative", "tea pickers"))
    migrate_to(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id, vector::text, body FROM search_pg")
        before = cursor.fetchall()

    migrate_to([("search", "0016_sqlite_fts_compressed_content")])

    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id, vector::text, body FROM search_pg")
        assert cursor.fetchall() == before
        cursor.execute("SELECT to_regclass('search_text_packed')")
        assert cursor.fetchone() == (None,)
    migrate_to(None)
    assert titles(search("pickers")) == ["Tea cooperative"]
