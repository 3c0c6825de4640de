"""Benchmark of the search map's GeoJSON on generated entries.

    .venv/bin/python bench/map.py                 # SQLite, 100,000 documents
    .venv/bin/python bench/map.py -n 20000
    .venv/bin/python bench/map.py --postgres      # the local PostgreSQL server

The documents are bench/search.py's (same generator, same seed), with real country
codes from the taxonomy instead of its placeholders, themes and SDGs that are
taxonomy terms (so that the map's filters accept them), and one place per country
(a third of the entries work in two countries, so ~1.3 places per entry).

Two phases, each in its own process: ``build`` makes a fresh database
(var/bench/map-<n>.sqlite3, or ``ipsp_bench_map`` on PostgreSQL) and rebuilds the
index; ``query`` asks ``/en/search/map.geojson`` through Django's test client (the
whole request: URL parameters checked against the taxonomy, the SQL, the JSON, the
middleware), for the states a visitor reaches: the whole directory (cut at the map's
limit of places), one country, one theme, a theme in a country, words with a filter,
a word found in most entries, and the counts per country. Results are printed and
written to var/bench/map-<db>-<n>.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_URL = "postgres://postgres@127.0.0.1:5432/ipsp_bench_map"


def _search_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_search"] = module
    spec.loader.exec_module(module)
    return module


search_bench = _search_bench()


def setup_django(postgres: bool, n: int) -> str:
    if postgres:
        url = PG_URL
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{BENCH_DIR / f'map-{n}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "false")  # as in production: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url


def taxonomy_codes() -> dict[str, list[str]]:
    from ipsp.taxonomy.models import Term

    return {
        vocabulary: sorted(Term.objects.of(vocabulary).values_list("code", flat=True))
        for vocabulary in ("country", "theme", "sdg")
    }


def documents(seed: int, n: int, codes: dict[str, list[str]]) -> Iterator[Any]:
    """bench/search.py's documents with taxonomy codes and one place per country."""
    generator = search_bench.Generator(seed, 100)
    countries = codes["country"]
    themes = codes["theme"]
    sdgs = codes["sdg"]
    for doc in generator.documents(n):
        facets = dict(doc.facets)
        # "C017" -> the 18th country; the generator's skew (a few countries hold many
        # entries) is kept
        chosen = [countries[int(code[1:]) % len(countries)] for code in facets["country"]]
        facets["country"] = chosen
        facets["theme"] = [
            themes[int(code.rsplit("-", 1)[1]) % len(themes)] for code in facets["theme"]
        ]
        facets["sdg"] = [sdgs[int(code.rsplit("-", 1)[1]) % len(sdgs)] for code in facets["sdg"]]
        facets.pop("region", None)  # placeholders the filters would drop
        latitude, longitude, _country = doc.points[0]
        points = [(latitude, longitude, chosen[0])]
        points += [(latitude + 1.5, longitude - 2.0, code) for code in chosen[1:]]
        yield dataclasses.replace(doc, facets=facets, points=points)


def phase_build(args: argparse.Namespace) -> dict[str, Any]:
    url = setup_django(args.postgres, args.n)
    if args.postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS ipsp_bench_map")
            c.execute("CREATE DATABASE ipsp_bench_map")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    from django.core.management import call_command
    from tqdm import tqdm

    from ipsp.search.backends import get_backend
    from ipsp.search.models import SearchPoint

    call_command("migrate", verbosity=0)
    codes = taxonomy_codes()
    started = time.perf_counter()
    with tqdm(total=args.n, unit="docs", desc="Rebuilding the index", file=sys.stderr) as bar:
        get_backend().rebuild(documents(args.seed, args.n, codes), progress=bar.update)
    return {
        "documents": args.n,
        "places": SearchPoint.objects.count(),
        "build_s": round(time.perf_counter() - started, 1),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def phase_query(args: argparse.Namespace) -> dict[str, Any]:
    setup_django(args.postgres, args.n)
    from django.db.models import Count
    from django.test import Client

    from ipsp.search.map import MAP_POINT_LIMIT
    from ipsp.search.models import SearchFacet

    def most_common(facet: str, rank: int) -> str:
        rows = (
            SearchFacet.objects.filter(facet=facet)
            .values("code")
            .annotate(n=Count("id"))
            .order_by("-n", "code")
        )
        return rows[rank]["code"]

    big_country = most_common("country", 0)
    mid_country = most_common("country", 20)
    theme = most_common("theme", 3)
    word = search_bench.Generator(args.seed, 100).vocab["latin"][200]
    states = {
        "whole directory (cut at the limit)": "",
        "largest country": f"country={big_country}",
        "21st country": f"country={mid_country}",
        "one theme": f"theme={theme}",
        "a theme in the largest country": f"theme={theme}&country={big_country}",
        "a word and a theme": f"q={word}&theme={theme}",
        "word found in 90% of entries (cut)": f"q={search_bench.COMMON_WORD}",
        "counts per country, whole directory": "view=countries",
        "counts per country, a theme": f"view=countries&theme={theme}",
    }
    client = Client()
    results: dict[str, Any] = {}
    for label, query in states.items():
        url = f"/en/search/map.geojson?{query}"
        for _ in range(2):  # warm the caches
            client.get(url)
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(args.repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, response.content[:300]
        body = json.loads(response.content)
        results[label] = {
            "query": query,
            "features": len(body["features"]),
            "truncated": body.get("truncated", False),
            "kilobytes": round(len(response.content) / 1024),
            "p50_ms": round(percentile(wall, 0.5), 1),
            "p95_ms": round(percentile(wall, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        }
        print(f"{label}: {results[label]}", file=sys.stderr)
    return {"point_limit": MAP_POINT_LIMIT, "states": results}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100_000, help="documents to generate")
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL server")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", choices=["all", "build", "query"], default="all")
    args = parser.parse_args()
    if args.phase != "all":
        result = phase_build(args) if args.phase == "build" else phase_query(args)
        print(json.dumps(result))
        return
    report: dict[str, Any] = {
        "database": "postgresql" if args.postgres else "sqlite",
        "machine": search_bench.machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
    }
    for phase in ("build", "query"):
        command = [sys.executable, __file__, "--phase", phase, *sys.argv[1:]]
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        report[phase] = json.loads(output.stdout.strip().splitlines()[-1])
    report["load_average_at_end"] = os.getloadavg()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"map-{report['database']}-{args.n}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
