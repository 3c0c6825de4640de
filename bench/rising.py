"""Benchmark of the rising actors page and of the upkeep of its table.

    .venv/bin/python bench/rising.py                  # SQLite, 20,000 organisations
    .venv/bin/python bench/rising.py --postgres       # the local PostgreSQL server
    .venv/bin/python bench/rising.py --phase query    # again, on the database built before

``build`` creates a fresh database (var/bench/rising-<n>.sqlite3, or
``ipsp_bench_rising_<n>`` on PostgreSQL), runs ``manage.py demo_data --actors N
--initiatives 100`` (organisations written in bulk; reviews' demo step fills the table)
and times ``rising_facts_rebuild`` once more on its own. ``query`` is a web worker: it
requests the page through Django's test client in-process (routing, middleware, view,
SQL, template), unfiltered, by region, by theme and on later pages, and times each in
wall-clock and CPU time of this process; then it times the per-organisation upkeep:
``facts_refresh`` (what the index listener does after an organisation's publication,
edit, merge or withdrawal) and ``flags_refresh`` (what a flag given or withdrawn adds
to its transaction), and counts the queries of one page.

Results are printed and written to var/bench/rising-<db>-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))


def database_name(n: int) -> str:
    return f"ipsp_bench_rising_{n}"


def setup_django(postgres: bool, n: int) -> str:
    if postgres:
        url = f"postgres://postgres@127.0.0.1:5432/{database_name(n)}"
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{BENCH_DIR / f'rising-{n}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("TASK_BACKEND", "immediate")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    import django

    django.setup()
    return url


def fresh_database(postgres: bool, url: str, n: int) -> None:
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {database_name(n)}")
            c.execute(f"CREATE DATABASE {database_name(n)}")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        "count": len(wall),
        "wall_p50_ms": round(percentile(wall, 0.5) * 1000, 2),
        "wall_p95_ms": round(percentile(wall, 0.95) * 1000, 2),
        "cpu_p50_ms": round(percentile(cpu, 0.5) * 1000, 2),
        "cpu_p95_ms": round(percentile(cpu, 0.95) * 1000, 2),
        "cpu_max_ms": round(max(cpu) * 1000, 2),
    }


def measure(action: Callable[[], Any], times: int) -> dict[str, float]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(times):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return summary(wall, cpu)


def phase_build(args: argparse.Namespace, url: str) -> dict[str, Any]:
    from django.core.management import call_command

    from ipsp.reviews.facts import facts_rebuild

    fresh_database(args.postgres, url, args.actors)
    report: dict[str, Any] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "demo_data",
        actors=args.actors,
        initiatives=100,
        no_progress=True,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    report["demo_data_s"] = round(time.perf_counter() - started, 1)
    started, started_cpu = time.perf_counter(), time.process_time()
    count = facts_rebuild()
    report["rebuild"] = {
        "organisations": count,
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(time.process_time() - started_cpu, 2),
    }
    return report


def phase_query(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ipsp.reviews.facts import facts_refresh, flags_refresh
    from ipsp.reviews.models import RisingFacts, RisingTerm

    rng = random.Random(1)
    client = Client()
    regions = sorted(
        set(RisingTerm.objects.filter(vocabulary="region").values_list("code", flat=True))
    )
    themes = sorted(
        set(RisingTerm.objects.filter(vocabulary="theme").values_list("code", flat=True))
    )
    total = RisingFacts.objects.count()
    last_page = max(1, (total + 19) // 20)
    urls = {
        "first_page": lambda: "/en/actors/rising/",
        "later_page": lambda: f"/en/actors/rising/?page={rng.randint(2, last_page)}",
        "by_region": lambda: f"/en/actors/rising/?region={rng.choice(regions)}",
        "by_theme": lambda: f"/en/actors/rising/?theme={rng.choice(themes)}",
    }
    for make in urls.values():  # warm-up, as a running worker is
        assert client.get(make()).status_code == 200
    report: dict[str, Any] = {"organisations": total}
    for label, make in urls.items():

        def get(make: Callable[[], str] = make) -> None:
            response = client.get(make())
            assert response.status_code == 200, response.status_code

        report[label] = measure(get, args.requests)
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/actors/rising/?page=3")
    report["queries_per_page"] = len(captured)

    ids = list(RisingFacts.objects.values_list("public_id", flat=True))
    sample = rng.sample(ids, min(args.updates, len(ids)))
    picks = iter(sample * 2)

    def refresh() -> None:
        with transaction.atomic():
            facts_refresh(public_id=next(picks))

    def recount() -> None:
        with transaction.atomic():
            flags_refresh(public_id=next(picks))

    report["facts_refresh_one_organisation"] = measure(refresh, len(sample))
    report["flags_refresh_one_organisation"] = measure(recount, len(sample))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--actors", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--phase", choices=["all", "build", "query"], default="all")
    parser.add_argument("--requests", type=int, default=40, help="requests per kind of page")
    parser.add_argument("--updates", type=int, default=200, help="organisations refreshed")
    args = parser.parse_args()
    url = setup_django(args.postgres, args.actors)
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if args.postgres else "sqlite",
    }
    if args.phase in {"all", "build"}:
        report["build"] = phase_build(args, url)
    if args.phase in {"all", "query"}:
        report["query"] = phase_query(args)
    text = json.dumps(report, indent=2)
    print(text)
    out = BENCH_DIR / f"rising-{report['database']}-{args.actors}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")


if __name__ == "__main__":
    main()
