"""Benchmark of the search engine on generated multilingual documents.

    .venv/bin/python bench/search.py                     # SQLite, 100,000 documents of ~100 words
    .venv/bin/python bench/search.py --words 5000 -n 20000
    .venv/bin/python bench/search.py --postgres          # the local PostgreSQL server

Two phases, each in its own process so that the query phase's peak memory is
that of a web worker: ``build`` creates a fresh database (var/bench/*.sqlite3, or
a database ``ipsp_bench_search_<n>_<words>`` on PostgreSQL), generates the documents and
times a full rebuild of the index; ``query`` times searches (text + two facet
filters + facet counts, through the same code the pages use) against the bare
full-text query they rest on (FTS5 MATCH ranked by bm25 / tsvector @@ ranked by
ts_rank_cd, same expression, top 20), and the worst query: a word found in most
entries. Results are printed and written to var/bench/search-<db>-<n>-<words>.json.
"""

# ruff: noqa: RUF001 - the syllables are Cyrillic, Arabic... on purpose

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
COMMON_WORD = "social"  # put in 90% of the documents: the worst query
TAG = ""  # --tag: a suffix for the database (file) and the report (runs side by side)

LANGUAGES = [  # (code, share of documents, script)
    ("en", 0.36, "latin"),
    ("fr", 0.14, "latin-fr"),
    ("es", 0.14, "latin-es"),
    ("pt", 0.08, "latin-es"),
    ("sw", 0.03, "latin"),
    ("ru", 0.05, "cyrillic"),
    ("ar", 0.05, "arabic"),
    ("hi", 0.04, "devanagari"),
    ("bn", 0.03, "bengali"),
    ("zh-hans", 0.05, "han"),
    ("ja", 0.03, "kana"),
]
SYLLABLES = {
    "latin": [
        "ba",
        "be",
        "bi",
        "bo",
        "bu",
        "ca",
        "ce",
        "ci",
        "co",
        "cu",
        "da",
        "de",
        "di",
        "do",
        "du",
        "fa",
        "fe",
        "fi",
        "ga",
        "ge",
        "gi",
        "go",
        "la",
        "le",
        "li",
        "lo",
        "lu",
        "ma",
        "me",
        "mi",
        "mo",
        "mu",
        "na",
        "ne",
        "ni",
        "no",
        "nu",
        "pa",
        "pe",
        "pi",
        "po",
        "pu",
        "ra",
        "re",
        "ri",
        "ro",
        "ru",
        "sa",
        "se",
        "si",
        "so",
        "su",
        "ta",
        "te",
        "ti",
        "to",
        "tu",
        "va",
        "ve",
        "vi",
        "vo",
        "wa",
        "we",
        "ka",
        "ke",
        "ki",
        "ko",
        "ku",
        "ya",
        "yo",
    ],
    "latin-fr": [
        "ba",
        "bé",
        "bi",
        "bo",
        "ca",
        "cé",
        "ci",
        "co",
        "da",
        "dé",
        "di",
        "do",
        "fa",
        "fè",
        "fi",
        "ga",
        "gé",
        "go",
        "la",
        "lé",
        "li",
        "lo",
        "ma",
        "mè",
        "mi",
        "mo",
        "na",
        "né",
        "ni",
        "no",
        "pa",
        "pé",
        "pi",
        "po",
        "ra",
        "ré",
        "ri",
        "ro",
        "sa",
        "sé",
        "si",
        "so",
        "ta",
        "té",
        "ti",
        "to",
        "va",
        "vé",
        "vi",
        "ça",
        "ço",
    ],
    "latin-es": [
        "ba",
        "be",
        "bi",
        "bo",
        "ca",
        "ce",
        "ci",
        "co",
        "da",
        "de",
        "di",
        "do",
        "fa",
        "fe",
        "fi",
        "ga",
        "ge",
        "go",
        "la",
        "le",
        "li",
        "lo",
        "ma",
        "me",
        "mi",
        "mo",
        "na",
        "ne",
        "ni",
        "no",
        "ña",
        "ño",
        "pa",
        "pe",
        "pi",
        "po",
        "ra",
        "re",
        "ri",
        "ro",
        "sa",
        "se",
        "si",
        "so",
        "ta",
        "te",
        "ti",
        "to",
        "va",
        "ve",
        "vi",
        "ción",
        "ão",
    ],
    "cyrillic": [
        "ба",
        "бе",
        "би",
        "бо",
        "ва",
        "ве",
        "ви",
        "во",
        "да",
        "де",
        "ди",
        "до",
        "жа",
        "за",
        "зе",
        "зи",
        "ка",
        "ке",
        "ки",
        "ко",
        "ла",
        "ле",
        "ли",
        "ло",
        "ма",
        "ме",
        "ми",
        "мо",
        "на",
        "не",
        "ни",
        "но",
        "па",
        "пе",
        "пи",
        "по",
        "ра",
        "ре",
        "ри",
        "ро",
        "са",
        "се",
        "си",
        "со",
        "та",
        "те",
        "ти",
        "то",
        "ё",
    ],
    "arabic": [
        "با",
        "بي",
        "بو",
        "تا",
        "تي",
        "تو",
        "جا",
        "جي",
        "دا",
        "دي",
        "را",
        "ري",
        "زا",
        "سا",
        "سي",
        "شا",
        "صا",
        "طا",
        "عا",
        "عي",
        "فا",
        "في",
        "قا",
        "كا",
        "لا",
        "لي",
        "ما",
        "مي",
        "نا",
        "ني",
        "ها",
        "هي",
        "وا",
        "يا",
    ],
    "devanagari": [
        "क",
        "का",
        "कि",
        "की",
        "कु",
        "ग",
        "गा",
        "जा",
        "जी",
        "त",
        "ता",
        "ति",
        "द",
        "दा",
        "न",
        "ना",
        "नि",
        "प",
        "पा",
        "म",
        "मा",
        "मि",
        "य",
        "या",
        "र",
        "रा",
        "रि",
        "ल",
        "ला",
        "व",
        "वा",
        "स",
        "सा",
        "सि",
        "ह",
        "हा",
    ],
    "bengali": [
        "ক",
        "কা",
        "কি",
        "কে",
        "গ",
        "গা",
        "জ",
        "জা",
        "ত",
        "তা",
        "দ",
        "দা",
        "ন",
        "না",
        "নি",
        "প",
        "পা",
        "ম",
        "মা",
        "মি",
        "য়",
        "র",
        "রা",
        "ল",
        "লা",
        "স",
        "সা",
        "সি",
        "হ",
        "হা",
    ],
    "han": list(
        "社会进步平台教育农村地区保障妇女就业儿童免费健康城市住房经济合作发展环境"
        "政策研究项目公共服务技术创新文化交流劳动工资权利"
    ),
    "kana": list(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよ"
        "らりるれろわをんアイウエオカキクケコサシスセソ地域食堂子"
    ),
}
FACETS = {
    "agenda": [f"agenda-{i}" for i in range(6)],
    "theme": [f"theme-{i}" for i in range(14)],
    "sdg": [f"sdg-{i}" for i in range(1, 18)],
    "discipline": [f"fos-{i}" for i in range(40)],
    "project_type": [f"type-{i}" for i in range(8)],
    "actor_type": [f"actor-{i}" for i in range(10)],
    "region": [f"m49-{i}" for i in range(22)],
    "status": ["planned", "active", "evolved", "completed", "terminated"],
    "evidence_level": ["none", "anecdotal", "evaluated", "experimental"],
}
COUNTRIES = [f"C{i:03d}" for i in range(200)]
VOCABULARY_SIZE = 20_000
POOL_SIZE = 1 << 20


def make_vocabulary(rng: random.Random, script: str) -> list[str]:
    syllables = SYLLABLES[script]
    cjk = script in {"han", "kana"}
    words: dict[str, None] = {}
    while len(words) < VOCABULARY_SIZE:
        count = rng.choice((2, 2, 3) if cjk else (2, 3, 3, 4))
        words["".join(rng.choice(syllables) for _ in range(count))] = None
    return list(words)


class Generator:
    """Deterministic documents: Zipf-distributed words, skewed countries, realistic facets."""

    def __init__(self, seed: int, words: int) -> None:
        self.rng = random.Random(seed)
        self.words = words
        self.vocab = {script: make_vocabulary(self.rng, script) for script in SYLLABLES}
        self.pools: dict[str, list[str]] = {}
        self.cum_weights: list[float] = []
        total = 0.0
        for rank in range(VOCABULARY_SIZE):
            total += 1.0 / (rank + 1)
            self.cum_weights.append(total)
        country_total = 0.0
        self.country_weights = []
        for rank in range(len(COUNTRIES)):
            country_total += 1.0 / (rank + 1) ** 0.8
            self.country_weights.append(country_total)
        self.language_weights = []
        share_total = 0.0
        for _code, share, _script in LANGUAGES:
            share_total += share
            self.language_weights.append(share_total)

    def text(self, script: str, count: int) -> str:
        """``count`` Zipf-distributed words: a window of a pre-drawn pool (fast at 1,000,000)."""
        pool = self._pool(script, count)
        start = self.rng.randrange(len(pool) - count)
        words = pool[start : start + count]
        if script in {"han", "kana"}:  # written without spaces, sentences of ~12 words
            return "。".join("".join(words[i : i + 12]) for i in range(0, len(words), 12))
        return " ".join(words)

    def _pool(self, script: str, count: int) -> list[str]:
        """Words drawn once per script; each text is a window at a random offset of them.

        Drawing every word of every text (``random.choices``) took 150 s per 1,000,000
        documents; a window of a pool 200 times longer than a text keeps the Zipf
        frequencies, and texts overlap rarely enough for phrase counts to stay realistic.
        """
        size = max(POOL_SIZE, count * 200)
        pool = self.pools.get(script)
        if pool is None or len(pool) < size:
            pool = self.rng.choices(self.vocab[script], cum_weights=self.cum_weights, k=size)
            self.pools[script] = pool
        return pool

    def documents(self, count: int) -> Iterator[Any]:
        from ipsp.search.documents import SearchDocument

        rng = self.rng
        now = datetime.now(UTC)
        for number in range(count):
            language, _share, script = LANGUAGES[
                self._pick(self.language_weights, rng.random() * self.language_weights[-1])
            ]
            kind = "actor" if number % 6 == 5 else "initiative"
            body = self.text(script, self.words)
            if rng.random() < 0.9:
                body = f"{COMMON_WORD} {body}"
            texts = [(language, body)]
            other_titles = []
            if language != "en" and rng.random() < 0.4:  # machine or human translation
                texts.append(("en", self.text("latin", self.words)))
                other_titles.append(("en", self.text("latin", 6)))
            facets: dict[str, list[str]] = {
                name: rng.sample(codes, rng.choice((1, 1, 2)))
                for name, codes in FACETS.items()
                if not (kind == "actor" and name in {"project_type", "status"})
                and not (kind == "initiative" and name == "actor_type")
            }
            facets["country"] = sorted(
                {
                    COUNTRIES[
                        self._pick(self.country_weights, rng.random() * self.country_weights[-1])
                    ]
                    for _ in range(rng.choice((1, 1, 2)))
                }
            )
            facets["start_year"] = [str(rng.randint(1990, 2026))]
            published = now - timedelta(days=rng.random() * 3000)
            yield SearchDocument(
                kind=kind,
                public_id=f"b{number:08d}",
                language=language,
                title=self.text(script, 6),
                texts=tuple(texts),
                other_titles=tuple(other_titles),
                facets=facets,
                published_at=published,
                updated_at=published + timedelta(days=rng.random() * 100),
                flagged=rng.random() < 0.05,
                points=((rng.uniform(-50, 60), rng.uniform(-120, 150)),),
            )

    @staticmethod
    def _pick(cum_weights: list[float], value: float) -> int:
        import bisect

        return min(bisect.bisect_left(cum_weights, value), len(cum_weights) - 1)


def setup_django(postgres: bool, n: int, words: int) -> str:
    if postgres:
        url = f"{PG_SERVER}/{pg_database(n, words)}"
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        tag = f"-{TAG}" if TAG else ""
        url = f"sqlite:///{BENCH_DIR / f'search-{n}-{words}{tag}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url


def pg_database(n: int, words: int) -> str:
    # a tag must be a valid part of an identifier (letters, digits, "_")
    return f"ipsp_bench_search_{n}_{words}" + (f"_{TAG}" if TAG else "")


def fresh_database(postgres: bool, url: str) -> None:
    if postgres:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_size_mb(postgres: bool, url: str) -> float:
    from django.db import connection

    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 1024 / 1024
    with connection.cursor() as cursor:  # the rebuild's pages are still in the WAL
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(url.removeprefix("sqlite:///"))
    return (
        sum(
            Path(str(path) + suffix).stat().st_size
            for suffix in ("", "-wal")
            if Path(str(path) + suffix).exists()
        )
        / 1024
        / 1024
    )


def sqlite_sizes_mb() -> dict[str, float]:
    """MB per table and index of the search index (SQLite's dbstat), the full-text
    table's shadow tables apart: search_fts_data is the index, search_fts_docsize the
    token counts bm25 reads; search_text_packed is the text FTS5 reads for snippets,
    compressed (before migration 0016, FTS5's own copy: search_fts_content)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%%'"
            " OR name LIKE 'sqlite_autoindex_search%%' GROUP BY name ORDER BY 2 DESC"
        )
        return {name: round(size / 1024 / 1024, 1) for name, size in cursor.fetchall()}


def phase_build(args: argparse.Namespace) -> dict[str, Any]:
    url = setup_django(args.postgres, args.n, args.words)
    fresh_database(args.postgres, url)
    from django.core.management import call_command
    from tqdm import tqdm

    from ipsp.search.backends import get_backend

    call_command("migrate", verbosity=0)
    backend = get_backend()
    spent = [0.0, 0.0]  # wall and CPU seconds spent generating, taken out of the rebuild's

    def documents() -> Iterator[Any]:
        iterator = Generator(args.seed, args.words).documents(args.n)
        while True:
            started, cpu_started = time.perf_counter(), time.process_time()
            doc = next(iterator, None)
            spent[0] += time.perf_counter() - started
            spent[1] += time.process_time() - cpu_started
            if doc is None:
                return
            yield doc

    started = time.perf_counter()
    cpu_started = time.process_time()
    with tqdm(
        total=args.n, unit="docs", desc="Rebuilding the index", file=sys.stderr, mininterval=5
    ) as bar:
        backend.rebuild(documents(), progress=bar.update)
    rebuild = time.perf_counter() - started - spent[0]
    cpu = time.process_time() - cpu_started - spent[1]
    generation, generation_cpu = spent
    return {
        "documents": args.n,
        "generation_s": round(generation, 1),
        "generation_cpu_s": round(generation_cpu, 1),
        "rebuild_s": round(rebuild, 1),
        "rebuild_s_per_100k": round(rebuild * 100_000 / args.n, 1),
        # CPU seconds of this process (SQLite runs inside it): unaffected by other load
        "rebuild_cpu_s_per_100k": round(cpu * 100_000 / args.n, 1),
        "database_mb": round(database_size_mb(args.postgres, url), 1),
        "build_peak_rss_mb": round(peak_rss_mb(), 1),
        **({} if args.postgres else {"sizes_mb": sqlite_sizes_mb()}),
    }


def phase_replicate(args: argparse.Namespace) -> dict[str, Any]:
    """An index of ``n`` entries made of ``--replicate-from``'s, copied in SQL.

    Indexing a million documents takes the better part of an hour on a shared machine;
    the worst query at 1,000,000 entries needs the entries, not their indexing. The
    smaller benchmark database is copied, then its entries are copied again under new
    ids and public ids (the text, tsvectors and facets as they are) until there are
    ``n``; PostgreSQL rebuilds the GIN index once at the end. The copies keep the
    smaller corpus's word frequencies (the worst word is still in 90% of the entries).
    """
    import shutil

    source_n = args.replicate_from
    copies = args.n // source_n
    url = setup_django(args.postgres, args.n, args.words)
    if args.postgres:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name} TEMPLATE {pg_database(source_n, args.words)}")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        tag = f"-{TAG}" if TAG else ""
        shutil.copyfile(BENCH_DIR / f"search-{source_n}-{args.words}{tag}.sqlite3", path)
    from django.db import connection, transaction

    from ipsp.search.backends import get_backend

    backend: Any = get_backend()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT max(id) FROM search_entry), (SELECT max(id) FROM search_point)"
        )
        top, top_point = (int(value) for value in cursor.fetchone())
        token = backend._bulk_load_start(cursor)  # as a rebuild: indexes after the load
        if args.postgres:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("DROP INDEX search_pg_vector")
            # typo tolerance (titles' trigrams) plays no part in the benchmark's queries
            cursor.execute("DROP INDEX search_pg_title_trgm")
        for copy in range(1, copies):
            shift = copy * top
            cursor.execute(
                "INSERT INTO search_entry (id, kind, public_id, language, title, published_at,"
                " updated_at, fresh_at, flagged, boost, points, facet_codes)"
                " SELECT id + %s, kind, public_id || %s, language, title, published_at,"
                " updated_at, fresh_at, flagged, boost, points, facet_codes FROM search_entry"
                " WHERE id <= %s",
                [shift, f"-{copy}", top],
            )
            cursor.execute(  # on SQLite the rows have no id (migration 0010)
                "INSERT INTO search_facet (document_id, facet, code)"
                " SELECT document_id + %s, facet, code FROM search_facet WHERE document_id <= %s",
                [shift, top],
            )
            cursor.execute(
                "INSERT INTO search_point (document_id, latitude, longitude, country)"
                " SELECT document_id + %s, latitude, longitude, country FROM search_point"
                " WHERE id <= %s",
                [shift, top_point],
            )
            if args.postgres:
                cursor.execute(
                    "INSERT INTO search_pg (entry_id, vector, title_norm, body, config, facets)"
                    " SELECT entry_id + %s, vector, title_norm, body, config, facets"
                    " FROM search_pg"
                    " WHERE entry_id <= %s",
                    [shift, top],
                )
            else:  # the packed text, and the index of the same values (migration 0016)
                from ipsp.search.backends.sqlite import COLUMNS

                cursor.execute(
                    f"INSERT INTO search_fts (rowid, {COLUMNS})"  # noqa: S608
                    f" SELECT id + %s, {COLUMNS} FROM search_text WHERE id <= %s",
                    [shift, top],
                )
                cursor.execute(
                    "INSERT INTO search_text_packed (id, packed)"
                    " SELECT id + %s, packed FROM search_text_packed WHERE id <= %s",
                    [shift, top],
                )
            print(f"copy {copy} of {copies - 1}", file=sys.stderr, flush=True)
        backend._bulk_load_end(cursor, token)
        if args.postgres:
            cursor.execute("CREATE INDEX search_pg_vector ON search_pg USING gin (vector)")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('search_entry', 'id'), %s)",
                [copies * top],
            )
        else:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    if args.postgres:
        with connection.cursor() as cursor:
            for table in ("search_pg", "search_entry", "search_facet", "search_point"):
                cursor.execute(f"ANALYZE {table}")
    return {
        "documents": copies * top,
        "replicated_from": source_n,
        "replicate_s": round(time.perf_counter() - started, 1),
        "note": "copied in SQL; PostgreSQL: the titles' trigram index is not rebuilt",
        "database_mb": round(database_size_mb(args.postgres, url), 1),
        **({} if args.postgres else {"sizes_mb": sqlite_sizes_mb()}),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ratio(values: list[float], bare: list[float], share: float) -> float:
    return round(percentile(values, share) / max(percentile(bare, share), 1e-6), 2)


def server_cpu_clock() -> Any:
    """PostgreSQL on this machine: a function giving the CPU time (ms) the benchmark's
    server process has used so far (/proc/<pid>/schedstat, in nanoseconds), or None.

    The load-independent cost of the server's side, as the process's CPU time is of the
    client's: under load the wall time also counts the waits for a core."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not path.exists():
        return None
    return lambda: int(path.read_text().split()[0]) / 1e6


def bare_query(parsed: Any, postgres: bool) -> None:
    """The full-text query alone: same expression, ranked, top 20, nothing else."""
    from django.db import connection

    with connection.cursor() as cursor:
        if postgres:
            from ipsp.search.backends.postgresql import resolve_query, tsquery_sql

            # the tsquery the search uses: resolved once (one statement, timed here too),
            # each configuration's copy of a lexeme dropped; ranked from what the search
            # ranks from (a long text's beginning, ``head_vector``, else the whole vector)
            sql, params = tsquery_sql(resolve_query(cursor, parsed))
            cursor.execute(
                "SELECT p.entry_id FROM search_pg p, (SELECT " + sql + " AS q) AS query"  # noqa: S608
                " WHERE p.vector @@ query.q"
                " ORDER BY ts_rank_cd(coalesce(p.head_vector, p.vector), query.q) DESC LIMIT 20",
                params,
            )
        else:
            from ipsp.search.backends.sqlite import match_expression

            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT 20",
                [match_expression(parsed)],
            )
        cursor.fetchall()


def query_set(args: argparse.Namespace) -> list[tuple[str, dict[str, list[str]]]]:
    generator = Generator(args.seed, args.words)  # same vocabularies as the build
    rng = random.Random(args.seed + 1)
    queries = []
    for number in range(args.queries):
        roll = number % 10
        if roll < 6:
            text = " ".join(
                generator.vocab["latin"][rng.randint(30, 3000)] for _ in range(rng.choice((1, 2)))
            )
        elif roll == 6:
            text = generator.vocab["latin-fr"][rng.randint(30, 1500)] + "*"
        elif roll == 7:
            first, second = (generator.vocab["latin-es"][rng.randint(5, 300)] for _ in range(2))
            text = f'"{first} {second}"'
        elif roll == 8:
            text = generator.vocab["han"][rng.randint(10, 1000)]
        else:
            text = (
                generator.vocab["latin"][rng.randint(30, 1000)]
                + " OR "
                + generator.vocab["cyrillic"][rng.randint(30, 1000)]
            )
        filters = {
            "theme": [rng.choice(FACETS["theme"])],
            "status": [rng.choice(FACETS["status"])],
        }
        if number % 2:
            filters = {
                "country": [COUNTRIES[rng.randint(0, 20)]],
                "sdg": [rng.choice(FACETS["sdg"])],
            }
        queries.append((text, filters))
    return queries


def phase_query(args: argparse.Namespace) -> dict[str, Any]:
    setup_django(args.postgres, args.n, args.words)
    from django.db import connection

    from ipsp.search.backends import get_backend
    from ipsp.search.query import parse

    backend = get_backend()
    connection.ensure_connection()
    facets = ["country", "theme", "sdg", "kind"]
    queries = query_set(args)
    for text, filters in queries[:20]:  # warm the caches
        backend.search(parse(text), filters=filters, facets=facets)
        bare_query(parse(text), args.postgres)
    full, bare, totals = [], [], []
    full_cpu: list[float] = []
    bare_cpu: list[float] = []
    server = server_cpu_clock() if args.postgres else None
    full_server: list[float] = []
    bare_server: list[float] = []
    for text, filters in queries:
        parsed = parse(text)
        server_started = server() if server else 0.0
        started = time.perf_counter()
        cpu_started = time.process_time()
        results = backend.search(parsed, filters=filters, facets=facets)
        full.append((time.perf_counter() - started) * 1000)
        full_cpu.append((time.process_time() - cpu_started) * 1000)
        if server:
            full_server.append(server() - server_started)
            server_started = server()
        totals.append(results.total)
        started = time.perf_counter()
        cpu_started = time.process_time()
        bare_query(parsed, args.postgres)
        bare.append((time.perf_counter() - started) * 1000)
        bare_cpu.append((time.process_time() - cpu_started) * 1000)
        if server:
            bare_server.append(server() - server_started)
    server_figures = {}
    if server:
        full_both = [a + b for a, b in zip(full_cpu, full_server, strict=True)]
        bare_both = [a + b for a, b in zip(bare_cpu, bare_server, strict=True)]
        server_figures = {
            "search_server_cpu_p50_ms": round(percentile(full_server, 0.5), 2),
            "search_server_cpu_p95_ms": round(percentile(full_server, 0.95), 2),
            "bare_server_cpu_p50_ms": round(percentile(bare_server, 0.5), 2),
            "bare_server_cpu_p95_ms": round(percentile(bare_server, 0.95), 2),
            "ratio_server_cpu_p50": ratio(full_server, bare_server, 0.5),
            "ratio_server_cpu_p95": ratio(full_server, bare_server, 0.95),
            "search_client_and_server_cpu_p50_ms": round(percentile(full_both, 0.5), 2),
            "search_client_and_server_cpu_p95_ms": round(percentile(full_both, 0.95), 2),
            "bare_client_and_server_cpu_p50_ms": round(percentile(bare_both, 0.5), 2),
            "bare_client_and_server_cpu_p95_ms": round(percentile(bare_both, 0.95), 2),
            "ratio_client_and_server_cpu_p50": ratio(full_both, bare_both, 0.5),
            "ratio_client_and_server_cpu_p95": ratio(full_both, bare_both, 0.95),
        }
    worst, worst_bare = [], []
    worst_cpu: list[float] = []
    worst_bare_cpu: list[float] = []
    parsed = parse(COMMON_WORD)
    for repeat in range(args.worst_repeats):
        filters = {"theme": [FACETS["theme"][repeat % 14]], "country": [COUNTRIES[repeat % 5]]}
        started = time.perf_counter()
        cpu_started = time.process_time()
        worst_results = backend.search(parsed, filters=filters, facets=facets)
        worst.append((time.perf_counter() - started) * 1000)
        worst_cpu.append((time.process_time() - cpu_started) * 1000)
        started = time.perf_counter()
        cpu_started = time.process_time()
        unfiltered = backend.search(parsed, facets=facets)
        worst_bare.append((time.perf_counter() - started) * 1000)
        worst_bare_cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "queries": len(queries),
        "median_matches": statistics.median(totals),
        "search_p50_ms": round(percentile(full, 0.5), 2),
        "search_p95_ms": round(percentile(full, 0.95), 2),
        "bare_p50_ms": round(percentile(bare, 0.5), 2),
        "bare_p95_ms": round(percentile(bare, 0.95), 2),
        "ratio_p50": round(percentile(full, 0.5) / max(percentile(bare, 0.5), 1e-6), 2),
        "ratio_p95": round(percentile(full, 0.95) / max(percentile(bare, 0.95), 1e-6), 2),
        **server_figures,
        "search_cpu_p50_ms": round(percentile(full_cpu, 0.5), 2),
        "search_cpu_p95_ms": round(percentile(full_cpu, 0.95), 2),
        "bare_cpu_p50_ms": round(percentile(bare_cpu, 0.5), 2),
        "bare_cpu_p95_ms": round(percentile(bare_cpu, 0.95), 2),
        "worst_query": COMMON_WORD,
        "worst_matches_with_two_filters": worst_results.total,
        "worst_p50_ms": round(percentile(worst, 0.5), 2),
        "worst_p99_ms": round(percentile(worst, 0.99), 2),
        "worst_cpu_p99_ms": round(percentile(worst_cpu, 0.99), 2),
        "worst_without_filters_p50_ms": round(percentile(worst_bare, 0.5), 2),
        "worst_without_filters_p99_ms": round(percentile(worst_bare, 0.99), 2),
        "worst_without_filters_cpu_p99_ms": round(percentile(worst_bare_cpu, 0.99), 2),
        "worst_total_shown": unfiltered.total,
        "worst_total_exact": unfiltered.total_exact,
        "query_peak_rss_mb": round(peak_rss_mb(), 1),
    }


def machine() -> dict[str, Any]:
    import sqlite3

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100_000, help="documents to generate")
    parser.add_argument("--words", type=int, default=100, help="words per description (e.g. 5000)")
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL server")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--worst-repeats", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", choices=["all", "build", "query"], default="all")
    parser.add_argument(
        "--replicate-from",
        type=int,
        metavar="N",
        help="instead of indexing, copy the benchmark database of N documents in SQL up to -n",
    )
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="query the existing database; keep the build figures of the last report",
    )
    parser.add_argument(
        "--tag", default="", help="a suffix for the database (SQLite file) and the report"
    )
    args = parser.parse_args()
    global TAG  # read by setup_django, in this process and in the phases'
    TAG = args.tag
    if args.phase != "all":
        if args.phase == "query":
            result = phase_query(args)
        elif args.replicate_from:
            result = phase_replicate(args)
        else:
            result = phase_build(args)
        print(json.dumps(result))
        return
    report: dict[str, Any] = {
        "database": "postgresql" if args.postgres else "sqlite",
        "words_per_description": args.words,
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
    }
    tag = f"-{args.tag}" if args.tag else ""
    out = BENCH_DIR / f"search-{report['database']}-{args.n}-{args.words}{tag}.json"
    phases = ("build", "query")
    if args.skip_build:
        phases = ("query",)
        if out.exists():
            report["build"] = json.loads(out.read_text()).get("build")
    for phase in phases:
        command = [sys.executable, __file__, "--phase", phase, *sys.argv[1:]]
        output = subprocess.run(
            command, check=True, capture_output=False, stdout=subprocess.PIPE, text=True
        )
        report[phase] = json.loads(output.stdout.strip().splitlines()[-1])
    if args.postgres:
        setup_django(True, args.n, args.words)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            report["machine"]["postgresql"] = cursor.fetchone()[0]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    report["load_average_at_end"] = os.getloadavg()
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
