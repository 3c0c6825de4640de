"""The full-text tables, one per database vendor.

SQLite: an FTS5 table whose rowid is the SearchEntry id. The tokenizer folds
accents (remove_diacritics 2) and keeps combining marks inside words (categories
M*), which Bengali, Hindi and Arabic need. Chinese, Japanese and Korean runs are
indexed a second time as overlapping character bigrams in the *_cjk columns.

PostgreSQL: a table with one tsvector per entry (GIN index) and the normalised
title for pg_trgm typo tolerance, plus text search configurations that fold
accents (unaccent) before the 'simple' dictionary or a language's stemmer.
"""

from django.db import migrations

# PostgreSQL stemmers used by the index (kept here so the migration stays frozen).
PG_STEMMERS = ("arabic", "english", "french", "hindi", "portuguese", "russian", "spanish")

SQLITE_CREATE = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title, body, title_cjk, body_cjk,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
    prefix = '2 3'
)
"""

PG_CREATE = """
CREATE TABLE IF NOT EXISTS search_pg (
    entry_id bigint PRIMARY KEY REFERENCES search_entry(id) ON DELETE CASCADE,
    vector tsvector NOT NULL,
    title_norm text NOT NULL,
    body text NOT NULL,
    config text NOT NULL DEFAULT 'ipsp_simple'
);
CREATE INDEX IF NOT EXISTS search_pg_vector ON search_pg USING gin (vector);
CREATE INDEX IF NOT EXISTS search_pg_title_trgm ON search_pg USING gin (title_norm gin_trgm_ops);
"""


def _pg_configs(schema_editor) -> None:
    cursor = schema_editor.connection.cursor()
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'ipsp_simple'")
    if not cursor.fetchone():
        schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION ipsp_simple (COPY = simple)")
        schema_editor.execute(
            "ALTER TEXT SEARCH CONFIGURATION ipsp_simple "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
    for config in PG_STEMMERS:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [f"ipsp_{config}"])
        if cursor.fetchone():
            continue
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [f"{config}_stem"])
        if not cursor.fetchone():
            continue  # an older server without this stemmer: 'simple' covers the language
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION ipsp_{config} (COPY = {config})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION ipsp_{config} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {config}_stem"
        )


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _pg_configs(schema_editor)
        schema_editor.execute(PG_CREATE)


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS search_pg")
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS ipsp_simple")
        for config in PG_STEMMERS:
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS ipsp_{config}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
