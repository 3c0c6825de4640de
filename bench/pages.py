"""Benchmark of the public pages on demo data: server time, SQL-bound, as a worker sees it.

    .venv/bin/python bench/pages.py                        # SQLite, 100,000 initiatives
    .venv/bin/python bench/pages.py --postgres             # the local PostgreSQL server
    .venv/bin/python bench/pages.py --phase query          # again, on the database built before
    .venv/bin/python bench/pages.py -n 300000 --phase build --postgres   # size only

Two phases, each in its own process, as bench/search.py: ``build`` creates a fresh
database (var/bench/pages-<n>.sqlite3, or ``ipsp_bench_pages_<n>`` on PostgreSQL),
runs ``manage.py demo_data --initiatives N --actors M`` (written in bulk), adds what
the pages need to be realistic (concept and version DOIs of every published
initiative, one initiative with a 5,000-word description and 20 links, one
contributor with many entries), rebuilds the search index (so related entries are
real), computes each entry's kept related entries (``related_refresh``, as the daily
job leaves them), and measures the database size. ``query`` is a web worker: it requests the
pages through Django's test client in-process (the whole request: URL routing,
middleware, view, SQL, templates), first a warm-up pass (as a running server has
warm caches), then many different initiatives, actors, searches and terms, and
times each request in wall-clock and CPU time of this process (on PostgreSQL the
server's own CPU time is not in it). The peak RSS of that process, after serving
the whole mix, is the worker's memory high-water mark.

Results are printed and written to var/bench/pages-<db>-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))

from bench.search import machine, peak_rss_mb, percentile  # noqa: E402

LONG_WORDS = 5000
LONG_LINKS = 20
MANY_ENTRIES = 300  # initiatives of the contributor whose "My entries" is measured
TARGETS = {  # what issue #6 asks, in ms (statistic, limit)
    "initiative": ("p50", 20),
    "initiative_again": ("p50", 20),
    "initiative_long": ("max", 300),
    "search_words": ("p95", 100),
    "search_no_words": ("p95", 100),
    "browse": ("p95", 100),
    "actor_list": ("p95", 100),
    "actor_search": ("p95", 100),
    "topic": ("p95", 100),
    "collection": ("p95", 100),
    "my_entries": ("p95", 100),
}


def database_name(n: int) -> str:
    return f"ipsp_bench_pages_{n}"


def setup_django(postgres: bool, n: int) -> str:
    if os.environ.get("BENCH_DATABASE_URL"):  # a copy of one's own (see docs/performance.md)
        url = os.environ["BENCH_DATABASE_URL"]
    elif postgres:
        url = f"postgres://postgres@127.0.0.1:5432/{database_name(n)}"
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{BENCH_DIR / f'pages-{n}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"  # no query log growing in memory, as in production
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


def database_size(postgres: bool, url: str) -> dict[str, float]:
    """The whole database, tables plus indexes (and the FTS index), in MB."""
    from django.db import connection

    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT pg_database_size(current_database())")
            total = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT coalesce(sum(pg_indexes_size(c.oid)), 0) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
            indexes = int(cursor.fetchone()[0])
            return {"database_mb": round(total / 2**20, 1), "indexes_mb": round(indexes / 2**20, 1)}
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(url.removeprefix("sqlite:///"))
    total = sum(
        Path(str(path) + suffix).stat().st_size
        for suffix in ("", "-wal")
        if Path(str(path) + suffix).exists()
    )
    return {"database_mb": round(total / 2**20, 1)}


def largest_tables(postgres: bool, url: str, count: int = 12) -> list[tuple[str, float]]:
    from django.db import connection

    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                " ORDER BY 2 DESC LIMIT %s",
                [count],
            )
            return [(name, round(int(size) / 2**20, 1)) for name, size in cursor.fetchall()]
        try:
            cursor.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT %s",
                [count],
            )
        except Exception:
            return []
        return [(name, round(int(size) / 2**20, 1)) for name, size in cursor.fetchall()]


# --- build ------------------------------------------------------------------------------------


def timed(what: str, report: dict[str, Any], action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    cpu = time.process_time()
    print(f"{what}…", file=sys.stderr, flush=True)
    result = action()
    report[f"{what}_s"] = round(time.perf_counter() - started, 1)
    report[f"{what}_cpu_s"] = round(time.process_time() - cpu, 1)
    return result


def add_dois(sample: int = 1000, cited: int = 200, batch: int = 5000) -> dict[str, int]:
    """Concept and version DOIs of every published initiative, as the platform keeps them
    (the hash of their DataCite metadata, and the concept's APA and Chicago references
    formatted at reservation in the site's language), written in bulk.

    Reserving them one by one through the service costs ~70 ms an initiative (hours at
    1,000,000: DataCite metadata, then citeproc for the references), so the metadata is
    computed for real for ``sample`` initiatives and the references for ``cited`` of
    them; the others get a copy of a sampled one under their own DOI, URL and title (the
    same size and shape; a copy's hash is of its own copied metadata).
    """
    from django.conf import settings
    from django.urls import reverse

    from ipsp.identifiers.citations import csl_locale, formatted
    from ipsp.identifiers.metadata import datacite_metadata, doi_name, metadata_hash
    from ipsp.identifiers.models import Doi, FormattedCitation
    from ipsp.initiatives import queries
    from ipsp.initiatives.citable import citable_record
    from ipsp.initiatives.models import Initiative

    rng = random.Random(3)
    rows = (
        Initiative.objects.filter(state__in=["published", "withdrawn"])
        .exclude(published_version=None)
        .order_by("pk")
        .values_list("public_id", "published_version__number", "published_version__title")
    )
    found = list(rows)
    locale = csl_locale(settings.LANGUAGE_CODE)
    templates: list[tuple[dict[str, Any], dict[str, Any]]] = []
    references: list[tuple[str, str, list[tuple[str, str]]]] = []  # (pid, title, texts)
    for public_id, _number, _title in rng.sample(found, min(sample, len(found))):
        initiative = queries.initiative_get_public(public_id)
        assert initiative is not None and initiative.published_version is not None
        version = initiative.published_version
        records = (
            citable_record(initiative, version, concept=True),
            citable_record(initiative, version),
        )
        templates.append((datacite_metadata(records[0]), datacite_metadata(records[1])))
        if len(references) < cited:
            texts = [
                (
                    str(formatted(record, Doi(doi=doi_name(record)), "apa", locale)),
                    str(formatted(record, Doi(doi=doi_name(record)), "chicago", locale)),
                )
                for record in records[:1]  # the concept's: versions wait for a first view
            ]
            references.append((public_id, version.title, texts))
    prefix = settings.DOI_PREFIX
    made = 0
    for start in range(0, len(found), batch):
        dois = []
        texts_of: dict[str, list[tuple[str, str]]] = {}
        for public_id, number, title in found[start : start + batch]:
            concept, versioned = rng.choice(templates)
            model_pid, model_title, model_texts = rng.choice(references)
            texts_of[public_id] = [
                tuple(  # type: ignore[misc]
                    text.replace(model_pid, public_id).replace(model_title, title) for text in pair
                )
                for pair in model_texts
            ]
            for kind, template, target_version in (
                (Doi.Kind.CONCEPT, concept, None),
                (Doi.Kind.VERSION, versioned, number or 1),
            ):
                suffix = f"ipsp.{public_id}"
                path = reverse("initiatives:detail", kwargs={"public_id": public_id})
                if target_version is not None:
                    suffix += f".v{target_version}"
                    path = reverse(
                        "initiatives:version",
                        kwargs={"public_id": public_id, "number": target_version},
                    )
                metadata = {
                    **template,
                    "doi": f"{prefix}/{suffix}",
                    "suffix": suffix,
                    "url": settings.SITE_URL + path,
                    "titles": [{**template["titles"][0], "title": title}],
                }
                dois.append(
                    Doi(
                        doi=metadata["doi"],
                        suffix=suffix,
                        kind=kind,
                        target_kind="initiative",
                        target_public_id=public_id,
                        target_version=target_version,
                        landing_url=metadata["url"],
                        metadata_hash=metadata_hash(metadata),
                    )
                )
        Doi.objects.bulk_create(dois, batch_size=1000, ignore_conflicts=True)
        saved = Doi.objects.filter(doi__in=[doi.doi for doi in dois]).values_list(
            "pk", "target_public_id", "target_version"
        )
        citations = [  # the concept's only, as the service does
            FormattedCitation(
                doi_id=pk,
                locale=locale,
                revision=1,
                apa=texts_of[public_id][0][0],
                chicago=texts_of[public_id][0][1],
            )
            for pk, public_id, version in saved
            if version is None
        ]
        FormattedCitation.objects.bulk_create(citations, batch_size=1000, ignore_conflicts=True)
        made += len(dois)
    return {
        "dois": made,
        "doi_metadata_sampled": len(templates),
        "references_sampled": len(references),
    }


def long_text(rng: random.Random, words: int) -> str:
    from ipsp.core.demo_texts import TEXTS

    sentences = [str(s) for key in ("problem", "approach", "success") for s in TEXTS["en"][key]]
    values = {"place": "Nairobi", "topic": "living wages", "Topic": "Living wages", "long": "wages"}
    out: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(rng.choice(sentences).format(**values) for _ in range(5))
        out.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(out)


def add_long_initiative(rng: random.Random) -> str:
    """One published initiative with a 5,000-word description and 20 links, made by the
    services (so its versions, events, DOIs and index row are the real ones)."""
    from ipsp.accounts.tokens import contributor_create
    from ipsp.initiatives import services
    from ipsp.initiatives.demo import _secretariat
    from ipsp.taxonomy.models import Term

    contributor = contributor_create(language="en")
    terms = list(Term.objects.active().of("theme")[:2]) + list(
        Term.objects.active().of("country").filter(code="KE")
    )
    content = services.InitiativeContent(
        title=LONG_TITLE,
        summary="What five years of negotiated wage floors changed for garment workers.",
        holders=[],
        problem=long_text(rng, LONG_WORDS // 2),
        approach=long_text(rng, LONG_WORDS // 2),
        success="",
        replication="",
        externalities="",
        evidence_level="monitored",
        start_date=None,
        end_date=None,
        project_status="active",
        language="en",
        language_confirmed=True,
        video_url="",
        terms=terms,
        organisations=["Nairobi Garment Workers' Cooperative"],
        links=[
            services.LinkInput(
                url=f"https://example.org/wages/report-{i}",
                title=f"Report {i}",
                kind="evidence" if i % 2 else "resource",
            )
            for i in range(LONG_LINKS)
        ],
        places=[
            services.PlaceInput(name="Nairobi", country_code="KE", latitude=-1.29, longitude=36.82)
        ],
    )
    initiative = services.initiative_create_draft(
        contributor=contributor, content=content, language="en"
    )
    initiative = services.initiative_submit(initiative=initiative, by=contributor)
    initiative = services.initiative_publish(initiative=initiative, by=_secretariat())
    return initiative.public_id


def add_busy_contributor() -> int:
    """One contributor who registered ``MANY_ENTRIES`` of the demo initiatives."""
    from ipsp.accounts.models import User
    from ipsp.initiatives.models import Initiative

    ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True)[:MANY_ENTRIES])
    owner = Initiative.objects.get(pk=ids[0]).contributor
    Initiative.objects.filter(pk__in=ids).update(contributor=owner)
    assert isinstance(owner, User)
    return owner.pk


def add_topics_and_collection() -> dict[str, Any]:
    """Publish the topic pages the portal proposes, and one collection of 50 entries."""
    from django.core.management import call_command
    from django.utils import timezone

    from ipsp.initiatives.models import Initiative
    from ipsp.portal.models import Collection, CollectionItem, TopicPage

    try:
        if not TopicPage.objects.exists():  # (a resumed build made them already)
            call_command("propose_topics", verbosity=0)
    except Exception as error:
        print(f"propose_topics failed: {error}", file=sys.stderr)
    TopicPage.objects.update(state="published", published_at=timezone.now())
    from ipsp.initiatives.demo import _secretariat

    collection = Collection.objects.create(
        curator=_secretariat(),
        title="Living wages around the world",
        introduction="A selection.",
        published=True,
        published_at=timezone.now(),
    )
    ids = Initiative.objects.filter(state="published").values_list("public_id", flat=True)[:50]
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, kind="initiative", entry_id=pid, order=n)
        for n, pid in enumerate(ids)
    )
    return {"topics": TopicPage.objects.count(), "collection_items": len(ids)}


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


BUILD_STEPS = ["data", "dois", "extras", "index", "topics", "related"]
LONG_TITLE = "Living wages in Nairobi's garment workshops: a five-year record"


def long_initiative_id() -> str:
    from ipsp.initiatives.models import Initiative

    return str(
        Initiative.objects.filter(published_version__title=LONG_TITLE)
        .values_list("public_id", flat=True)
        .get()
    )


def busy_contributor_id() -> int:
    from django.db.models import Count

    from ipsp.initiatives.models import Initiative

    row = (
        Initiative.objects.values("contributor")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .values_list("contributor", flat=True)
        .first()
    )
    assert row is not None
    return int(row)


def phase_build(args: argparse.Namespace) -> dict[str, Any]:
    url = setup_django(args.postgres, args.n)
    from django.core.management import call_command

    report: dict[str, Any] = {"initiatives": args.n, "actors": args.actors}
    steps = BUILD_STEPS[BUILD_STEPS.index(args.from_step) : BUILD_STEPS.index(args.until) + 1]
    if args.keep_data and "data" in steps:
        steps.remove("data")
    if "data" in steps:
        fresh_database(args.postgres, url, args.n)
        timed("migrate", report, lambda: call_command("migrate", verbosity=0))
        timed(
            "demo_data",
            report,
            lambda: call_command(
                "demo_data",
                size="benchmark",
                initiatives=args.n,
                actors=args.actors,
                no_progress=True,
                verbosity=0,
                stdout=open(os.devnull, "w"),  # noqa: SIM115 - the personas' sign-ins
            ),
        )
        report.update({"after_demo_data": database_size(args.postgres, url)})
    if "dois" in steps and not args.no_dois:
        report.update(timed("dois", report, add_dois))
    if args.size_only:
        report.update(database_size(args.postgres, url))
        return report
    if "extras" in steps:
        add_long_initiative(random.Random(args.seed))
        add_busy_contributor()
    if "index" in steps:
        timed(
            "rebuild_search_index",
            report,
            lambda: call_command("rebuild_search_index", no_progress=True, verbosity=0),
        )
    if "topics" in steps:
        report.update(timed("topics", report, add_topics_and_collection))
    if "related" in steps:  # as the daily job leaves them (docs/search.md)
        timed(
            "related_refresh",
            report,
            lambda: call_command("related_refresh", no_progress=True, verbosity=0),
        )
    if args.postgres:
        # statistics of every table, as autovacuum keeps them on a server where it runs
        # (it is off on the development machine's server): without them the planner took
        # an initiative's two organisations for 805 and read every actor (17 ms)
        timed("analyze", report, analyze)
    if BUILD_STEPS.index(args.until) >= BUILD_STEPS.index("extras"):
        report["long_initiative"] = long_initiative_id()
        report["busy_contributor"] = busy_contributor_id()
    report.update(database_size(args.postgres, url))
    report["largest_tables_mb"] = largest_tables(args.postgres, url)
    report["build_peak_rss_mb"] = round(peak_rss_mb(), 1)
    return report


# --- query ------------------------------------------------------------------------------------


def samples(args: argparse.Namespace) -> dict[str, list[str]]:
    """Addresses of the pages to request: many different entries, queries and terms."""
    from django.urls import reverse

    from ipsp.actors.models import Actor
    from ipsp.initiatives.models import Initiative
    from ipsp.portal.models import Collection, TopicPage
    from ipsp.taxonomy.models import Term

    rng = random.Random(args.seed)
    count = args.requests
    initiative_ids = list(
        Initiative.objects.filter(state="published").values_list("public_id", flat=True)
    )
    actor_ids = list(Actor.objects.filter(state="published").values_list("public_id", flat=True))
    titles = list(
        Initiative.objects.filter(state="published")
        .order_by("pk")
        .values_list("published_version__title", flat=True)[:5000]
    )
    vocabulary = sorted(
        {
            word.strip(".,:;«»\"'()").lower()
            for title in titles
            for word in title.split()
            if len(word) >= 5
        }
    )
    words = [w for w in vocabulary if w.isalpha()]
    terms = {
        vocab: list(Term.objects.active().of(vocab).values_list("code", flat=True))
        for vocab in ("theme", "sdg", "country", "discipline", "project_type")
    }
    themes = terms["theme"]
    pages: dict[str, list[str]] = {}
    pages["initiative"] = [
        reverse("initiatives:detail", kwargs={"public_id": pid})
        for pid in rng.sample(initiative_ids, min(count, len(initiative_ids)))
    ]
    # the same pages again: a running server's repeat visits (its per-worker caches warm)
    pages["initiative_again"] = [pages["initiative"][n % 10] for n in range(count // 2)]
    pages["actor"] = [
        reverse("actors:detail", kwargs={"public_id": pid})
        for pid in rng.sample(actor_ids, min(count, len(actor_ids)))
    ]
    search = reverse("search:search")
    pages["search_words"] = [
        f"{search}?q={'+'.join(rng.sample(words, rng.choice((1, 1, 2))))}"
        + (f"&theme={rng.choice(themes)}" if i % 3 == 0 else "")
        for i in range(count)
    ]
    pages["search_no_words"] = [
        f"{search}?theme={rng.choice(themes)}&page={rng.randint(1, 5)}" if i % 2 else search
        for i in range(count)
    ]
    browse = [
        (vocab, code)
        for vocab in ("theme", "sdg", "country", "discipline", "project_type")
        for code in terms[vocab]
    ]
    pages["browse"] = [
        reverse("search:browse", kwargs={"vocabulary": vocab, "code": code})
        for vocab, code in (rng.choice(browse) for _ in range(count))
    ]
    pages["actor_list"] = [
        f"{search}?kind=actor"
        + (f"&page={rng.randint(2, 20)}" if i % 2 else "")
        + (f"&country={rng.choice(terms['country'])}" if i % 3 == 1 else "")
        for i in range(count)
    ]
    pages["actor_search"] = [f"{search}?kind=actor&q={rng.choice(words)}" for _ in range(count)]
    topics = list(TopicPage.objects.filter(state="published").values_list("public_id", "slug"))
    pages["topic"] = [
        reverse("portal:topic_detail", kwargs={"public_id": pid, "slug": slug or "-"})
        for pid, slug in (rng.choice(topics) for _ in range(min(count, 20 * len(topics))))
    ]
    collections = list(
        Collection.objects.filter(published=True).values_list("public_id", flat=True)
    )
    pages["collection"] = [
        reverse("portal:collection_detail", kwargs={"public_id": rng.choice(collections)})
        for _ in range(min(count // 4, 50 * len(collections)))
    ]
    pages["my_entries"] = [reverse("accounts:my_entries")] * (count // 4)
    pages["initiative_long"] = [
        reverse("initiatives:detail", kwargs={"public_id": long_initiative_id()})
    ] * 20
    return pages


def db_label(args: argparse.Namespace) -> str:
    return "postgresql" if args.postgres else "sqlite"


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def warm_os_cache(url: str) -> None:
    """A server that has been running has the database file in the page cache."""
    path = Path(url.removeprefix("sqlite:///"))
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def phase_query(args: argparse.Namespace) -> dict[str, Any]:
    url = setup_django(args.postgres, args.n)
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ipsp.accounts.models import User

    if not args.postgres:
        warm_os_cache(url)
    pages = samples(args)
    if args.only:
        pages = {name: urls for name, urls in pages.items() if name in args.only.split(",")}
    setup_rss = current_rss_mb()  # Django, the app and the list of addresses to request
    if not args.no_gc_freeze:
        from ipsp.core.runtime import after_start_up

        after_start_up()  # what ipsp.wsgi / ipsp.asgi do once the application is loaded
    visitor = Client(raise_request_exception=True)
    contributor = Client(raise_request_exception=True)
    contributor.force_login(User.objects.get(pk=busy_contributor_id()))
    order = list(pages)
    report: dict[str, Any] = {"requests": {name: len(urls) for name, urls in pages.items()}}
    # warm-up: every kind of page a few times (templates, translations, caches loaded)
    for name in order:
        client = contributor if name == "my_entries" else visitor
        for url_ in pages[name][:5]:
            response = client.get(url_)
            assert response.status_code == 200, (url_, response.status_code)
    results: dict[str, dict[str, Any]] = {}
    rng = random.Random(args.seed + 2)
    mix = [(name, url_) for name in order for url_ in pages[name]]
    rng.shuffle(mix)  # a worker serves a mix, not one kind after another
    wall: dict[str, list[float]] = {name: [] for name in order}
    cpu: dict[str, list[float]] = {name: [] for name in order}
    sql: dict[str, list[int]] = {name: [] for name in order}
    statuses: dict[str, dict[int, int]] = {name: {} for name in order}
    for name, url_ in mix:
        client = contributor if name == "my_entries" else visitor
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            cpu_started = time.process_time()
            response = client.get(url_)
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - cpu_started) * 1000)
        sql[name].append(len(captured))
        statuses[name][response.status_code] = statuses[name].get(response.status_code, 0) + 1
        reset_queries()
    for name in order:
        if not wall[name]:
            continue
        results[name] = {
            "n": len(wall[name]),
            "p50_ms": round(percentile(wall[name], 0.5), 1),
            "p95_ms": round(percentile(wall[name], 0.95), 1),
            "max_ms": round(max(wall[name]), 1),
            "cpu_p50_ms": round(percentile(cpu[name], 0.5), 1),
            "cpu_p95_ms": round(percentile(cpu[name], 0.95), 1),
            "cpu_max_ms": round(max(cpu[name]), 1),
            "sql_max": max(sql[name]),
            "statuses": statuses[name],
        }
        target = TARGETS.get(name)
        if target:
            statistic, limit = target
            value = results[name][f"{statistic}_ms"]
            results[name]["target"] = f"{statistic} <= {limit} ms"
            results[name]["met_wall"] = value <= limit
            results[name]["met_cpu"] = results[name][f"cpu_{statistic}_ms"] <= limit
    report["pages"] = results
    report["worker_rss_before_requests_mb"] = setup_rss
    report["worker_peak_rss_mb"] = round(peak_rss_mb(), 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100_000, help="initiatives to generate")
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL server")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind of page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dois", action="store_true", help="leave the DOIs out of the build")
    parser.add_argument(
        "--from-step",
        choices=BUILD_STEPS,
        default="data",
        help="build: start from this step (the steps before it were done by an earlier run)",
    )
    parser.add_argument(
        "--until",
        choices=BUILD_STEPS,
        default=BUILD_STEPS[-1],
        help="build: stop after this step (index: data, DOIs and index, for the size)",
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="build: keep the database's demo data (made by demo_data before), add the rest",
    )
    parser.add_argument(
        "--size-only", action="store_true", help="build: stop after the data and the size"
    )
    parser.add_argument("--tag", default="", help="added to the result file's name")
    parser.add_argument(
        "--only", default="", help="query: only these kinds of page, e.g. initiative,browse"
    )
    parser.add_argument("--phase", choices=["all", "build", "query"], default="all")
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="query: leave out gc.freeze() after start-up (ipsp.core.runtime), to compare",
    )
    args = parser.parse_args()
    label = "postgresql" if args.postgres else "sqlite"
    if args.phase in {"build", "query"} and os.environ.get("BENCH_CHILD"):
        result = phase_build(args) if args.phase == "build" else phase_query(args)
        print(json.dumps(result))
        return
    phases = ["build", "query"] if args.phase == "all" else [args.phase]
    if args.size_only:
        phases = ["build"]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for phase in phases:
        report: dict[str, Any] = {
            "database": label,
            "machine": machine(),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_at_start": os.getloadavg(),
        }
        argv = [a for a in sys.argv[1:] if not a.startswith("--phase")]
        if "--phase" in sys.argv:
            position = sys.argv.index("--phase")
            argv = sys.argv[1:position] + sys.argv[position + 2 :]
        command = [sys.executable, __file__, "--phase", phase, *argv]
        output = subprocess.run(
            command,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "BENCH_CHILD": "1"},
        )
        report[phase] = json.loads(output.stdout.strip().splitlines()[-1])
        report["load_average_at_end"] = os.getloadavg()
        if args.postgres:
            setup_django(True, args.n)
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                report["machine"]["postgresql"] = cursor.fetchone()[0]
        suffix = ("-size" if args.size_only else "") + (f"-{args.tag}" if args.tag else "")
        out = BENCH_DIR / f"pages-{phase}-{label}-{args.n}{suffix}.json"
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report, indent=2))
        print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
