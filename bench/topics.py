"""Benchmark of the topic job: groups close in wording over a realistic index.

    .venv/bin/python bench/topics.py                  # SQLite, 100,000 documents of ~100 words
    .venv/bin/python bench/topics.py -n 20000 --words 1000
    .venv/bin/python bench/topics.py --postgres       # the local PostgreSQL server

Builds a fresh index (var/bench/topics-<n>-<words>.sqlite3, or the database
``ipsp_bench_topics`` on PostgreSQL) of the search benchmark's generated documents
(Zipf-distributed words in 11 languages and scripts, realistic facets), into which
``--clusters`` groups of ``--cluster-size`` documents are planted: each document of a
group carries 8 of the group's 12 own words, each twice (a description repeats what it
is about), among its ordinary ones, and no term in common. Then times, in one process:

- ``text_groups``: the two passes over the indexed text, the close pairs and the groups;
- how many planted groups are found (a found group holding 80 % of a planted one);
- ``topics_refresh``: the whole job (term groups, text groups, proposals);
- ``topics_follow_entries``: what one publication costs once pages exist.

Results are printed and written to var/bench/topics-<db>-<n>-<words>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
PG_URL = "postgres://postgres@127.0.0.1:5432/ipsp_bench_topics"


def setup_django(postgres: bool, n: int, words: int) -> str:
    if postgres:
        url = PG_URL
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{BENCH_DIR / f'topics-{n}-{words}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django

    django.setup()
    return url


def fresh_database(postgres: bool, url: str) -> None:
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS ipsp_bench_topics")
            c.execute("CREATE DATABASE ipsp_bench_topics")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def planted_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(4))


def documents(args: argparse.Namespace, planted: list[list[str]]) -> Iterator[Any]:
    """The search benchmark's documents, some of them rewritten into planted groups."""
    import dataclasses

    from bench.search import Generator

    rng = random.Random(args.seed + 1)
    every = max(1, args.n // max(1, args.clusters * args.cluster_size))
    slots: dict[int, int] = {}
    for group in range(args.clusters):
        for member in range(args.cluster_size):
            slots[(group * args.cluster_size + member) * every] = group
    for number, doc in enumerate(Generator(args.seed, args.words).documents(args.n)):
        group = slots.get(number)
        if group is not None:
            own = rng.sample(planted[group], 8) * 2
            _language, body = doc.texts[0]
            words = body.split(" ")
            for word in own:
                words.insert(rng.randrange(len(words) + 1), word)
            doc = dataclasses.replace(
                doc,
                language="en",
                texts=(("en", " ".join(words)), *doc.texts[1:]),
                facets={"country": [f"P{number % 997:03d}"]},  # nothing shared
            )
        yield doc


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--cluster-size", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep an index already built")
    args = parser.parse_args()
    url = setup_django(args.postgres, args.n, args.words)
    report: dict[str, Any] = {
        "database": "postgresql" if args.postgres else "sqlite",
        "documents": args.n,
        "words_per_description": args.words,
        "planted_groups": args.clusters,
        "planted_group_size": args.cluster_size,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": os.getloadavg(),
    }
    rng = random.Random(args.seed + 2)
    planted = [[planted_word(rng) for _ in range(12)] for _ in range(args.clusters)]
    from django.core.management import call_command

    if not args.reuse:
        fresh_database(args.postgres, url)
        call_command("migrate", verbosity=0)
        from ipsp.search.backends import get_backend

        started = time.perf_counter()
        get_backend().rebuild(documents(args, planted))
        report["index_build_s"] = round(time.perf_counter() - started, 1)

    from ipsp.portal import topic_text, topics
    from ipsp.portal.models import PortalSettings, TopicPage

    setting = PortalSettings.current()
    setting.topic_min_entries = 8
    setting.topic_max_entries = 400
    setting.save()
    TopicPage.objects.all().delete()

    started = time.perf_counter()
    cpu = time.process_time()
    groups = topic_text.text_groups(
        threshold=setting.topic_text_similarity / 100,
        min_size=setting.topic_min_entries,
        max_size=setting.topic_max_entries,
        progress=lambda line: print(line, file=sys.stderr),
    )
    report["text_groups_s"] = round(time.perf_counter() - started, 1)
    report["text_groups_cpu_s"] = round(time.process_time() - cpu, 1)
    report["text_groups_found"] = len(groups)
    found = 0
    for words in planted:
        own = set(words)
        if any(len(own & set(group.key_words)) >= 3 for group in groups):
            found += 1
    report["planted_groups_found"] = found
    report["text_groups_peak_rss_mb"] = round(peak_rss_mb(), 1)

    setting.topic_proposals_per_run = 100
    setting.save()
    started = time.perf_counter()
    result = topics.topics_refresh()
    report["refresh_s"] = round(time.perf_counter() - started, 1)
    report["refresh_proposed"] = len(result.proposed)
    report["refresh_proposed_close_in_wording"] = sum(1 for t in result.proposed if t.words)

    for topic in result.proposed:
        TopicPage.objects.filter(pk=topic.pk).update(state=TopicPage.State.PUBLISHED)
    sample = [
        (entry["kind"], entry["public_id"])
        for topic in result.proposed[:5]
        for entry in topic.computed["entries"][:1]
    ]
    timings = []
    for key in sample:
        started = time.perf_counter()
        topics.topics_follow_entries([key])
        timings.append(time.perf_counter() - started)
    report["follow_one_entry_s"] = round(max(timings), 2) if timings else None
    report["peak_rss_mb"] = round(peak_rss_mb(), 1)
    report["load_average_at_end"] = os.getloadavg()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"topics-{report['database']}-{args.n}-{args.words}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
