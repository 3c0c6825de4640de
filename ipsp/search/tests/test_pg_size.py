"""The search tables' storage on PostgreSQL (migration 0017): compressed columns, facet rows
without a key of their own, and a full rebuild's fresh tables created with the live ones'
settings, committed before the load when the rebuild is not inside another transaction
(``COPY`` then fills the pages it leaves)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection

from ipsp.search import registry
from ipsp.search.backends import get_backend, postgresql
from ipsp.search.documents import SearchDocument
from ipsp.search.queries import search
from ipsp.search.services import index_rebuild
from ipsp.search.tests.factories import in_thread, index, make_doc, titles

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL storage settings"
)
COMPRESSED = ("vector", "head_vector", "body", "head", "facets", "title_norm")


def _one(sql: str, params: list[str] | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _server_has_lz4() -> bool:
    return bool(
        _one(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
    )


def _compression(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [table],
        )
        return dict(cursor.fetchall())


def _options(table: str) -> tuple[list[str], list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(c.reloptions, '{}'), coalesce(t.reloptions, '{}') FROM pg_class c"
            " LEFT JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = %s::regclass",
            [table],
        )
        options, toast_options = cursor.fetchone()
    return sorted(options), sorted(toast_options)


def _storage_as_migrated() -> None:
    """What migration 0017 leaves."""
    if _server_has_lz4():
        assert {name: _compression("search_pg")[name] for name in COMPRESSED} == dict.fromkeys(
            COMPRESSED, "l"
        )
    assert (
        _one(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'search_facet'::regclass"
            " AND contype = 'p'"
        )
        == 0
    )
    assert (
        _one(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'search_facet'::regclass"
            " AND attname = 'id'"
        )
        is False
    )
    assert _index_options() == {
        "search_facet_entry": (["fillfactor=100"], ""),
        "search_facet_unique_code": (["fillfactor=100"], "u"),
    }


def _index_options() -> dict[str, tuple[list[str], str]]:
    """{index: (options, constraint type or "")} of ``search_facet``'s indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, coalesce(c.reloptions, '{}'), coalesce(k.contype, '')"
            " FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
            " LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid"
            " WHERE x.indrelid = 'search_facet'::regclass"
        )
        return {name: (options, kind) for name, options, kind in cursor.fetchall()}


def _settings_set() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_pg SET (fillfactor = 95, toast.autovacuum_enabled = false)"
        )
        cursor.execute("ALTER TABLE search_facet SET (fillfactor = 90)")


def _settings_kept() -> None:
    _storage_as_migrated()
    assert _options("search_pg") == (["fillfactor=95"], ["autovacuum_enabled=false"])
    assert _options("search_facet") == (["fillfactor=90"], [])


def _advisory_locks_held() -> int:
    """Advisory locks held by this connection (the rebuild's)."""
    return int(
        _one(  # type: ignore[call-overload]
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
    )


def _fresh_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE '%%\\_\\_fresh'")
        return sorted(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.django_db
def test_the_migrated_tables_are_compressed_and_facets_have_no_key() -> None:
    _storage_as_migrated()


@postgres_only
@pytest.mark.django_db
def test_facet_rows_are_written_and_read_without_ids() -> None:
    index(
        make_doc("Housing cooperative", "tenants and wages", country=["KE"], theme=["housing"]),
        make_doc("Tea growers", "wages", country=["UG"]),
    )
    assert _one("SELECT count(*) FROM search_facet WHERE id IS NOT NULL") == 0
    assert titles(search("wages", filters={"country": ["KE"]})) == ["Housing cooperative"]
    assert search("", filters={"country": ["UG"]}).total == 1
    assert _one("SELECT count(*) FROM search_facet WHERE facet = 'country'") == 2


@postgres_only
@pytest.mark.django_db
def test_a_rebuild_inside_a_transaction_keeps_the_settings() -> None:
    _settings_set()
    docs = [make_doc(f"Entry {n}", "wages " * 400, country=["KE"]) for n in range(3)]
    assert get_backend().rebuild(docs) == 3

    _settings_kept()
    assert _fresh_tables() == []
    assert search("wages", filters={"country": ["KE"]}).total == 3
    assert _one("SELECT count(*) FROM search_facet WHERE id IS NOT NULL") == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_creates_its_tables_before_its_transaction_and_keeps_the_settings(
    clean_registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings_set()
    seen: list[object] = []
    load = postgresql.PostgresBackend._load

    def spied(self: object, *args: object, **kwargs: object) -> int:
        # another connection sees the fresh tables: they were committed before the load
        with psycopg.connect(**connection.get_connection_params()) as other:
            row = other.execute("SELECT to_regclass('search_pg__fresh')::text").fetchone()
            seen.append(row[0] if row else None)
        return load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(postgresql.PostgresBackend, "_load", spied)
    registry.register_provider(
        "initiative", lambda: [make_doc(f"Entry {n}", "wages", country=["KE"]) for n in range(3)]
    )
    assert not connection.in_atomic_block
    index_rebuild()

    assert seen == ["search_pg__fresh"]
    _settings_kept()
    assert _fresh_tables() == []
    assert search("wages", filters={"country": ["KE"]}).total == 3
    # the session lock is released
    assert _advisory_locks_held() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_rebuild_leaves_the_index_and_no_fresh_tables(clean_registry: None) -> None:
    index(make_doc("Kept entry", "wages"))

    def documents() -> Iterator[SearchDocument]:
        yield make_doc("Never stored", "wages")
        raise RuntimeError("the provider failed")

    registry.register_provider("initiative", documents)
    with pytest.raises(RuntimeError):
        index_rebuild()

    assert titles(search("wages")) == ["Kept entry"]
    assert _fresh_tables() == []
    assert _advisory_locks_held() == 0
    registry._providers.clear()  # the next rebuild works as before
    registry.register_provider("initiative", lambda: [make_doc("Rebuilt", "wages")])
    index_rebuild()
    assert titles(search("wages")) == ["Rebuilt"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_drops_the_fresh_tables_a_failed_one_left(clean_registry: None) -> None:
    # a rebuild whose connection was lost cannot drop them itself
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE search_pg__fresh (leftover int)")
    registry.register_provider("initiative", lambda: [make_doc("Rebuilt", "wages")])
    index_rebuild()

    assert titles(search("wages")) == ["Rebuilt"]
    assert _fresh_tables() == []


def test_the_migration_runs_nothing_on_sqlite() -> None:
    migration = importlib.import_module("ipsp.search.migrations.0017_pg_search_tables_smaller")
    executed: list[str] = []

    class Editor:
        connection = SimpleNamespace(vendor="sqlite", cursor=lambda: pytest.fail("read"))

        def execute(self, sql: str, params: object = None) -> None:
            executed.append(sql)

    migration.forward(None, Editor())
    migration.backward(None, Editor())
    assert executed == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_second_rebuild_waits_for_the_first_and_keeps_its_tables(
    clean_registry: None,
) -> None:
    loading, release = threading.Event(), threading.Event()
    calls = iter(range(2))

    def documents() -> Iterator[SearchDocument]:
        if next(calls) == 0:  # the first rebuild holds on, its fresh tables created
            yield make_doc("First rebuild", "wages")
            loading.set()
            release.wait(WAIT)
        else:
            yield make_doc("Second rebuild", "wages")

    registry.register_provider("initiative", documents)
    first, first_done = in_thread(index_rebuild)
    assert loading.wait(WAIT)
    second, second_done = in_thread(index_rebuild)
    second.join(1)
    assert second.is_alive()  # waits for the first's lock, its tables untouched

    release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert first_done == [1] and second_done == [1]
    assert titles(search("wages")) == ["Second rebuild"]
    assert _fresh_tables() == []


WAIT = 30  # seconds: a limit for a stuck test, not a measure
