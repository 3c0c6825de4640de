"""Benchmark of level 1: spam stopped and legitimate submissions held, on held-out data.

    .venv/bin/python bench/spam_filter.py [--folds 5] [--json result.json]

It uses a throw-away SQLite database, so it never touches var/. Steps:

1. Cross-validation on the TRAINING part only (k folds): each fold is checked by
   the real ``level1_check`` after training on the other folds. The scores give
   the threshold table that the defaults in ipsp/verification/conf.py were chosen
   from. The held-out part plays no role in this choice.
2. The classifier is trained on the whole training part; the blocked-domain list
   gets the domains that appear in at least two training spam items and in no
   legitimate one (what the secretariat would add after seeing them).
3. Every held-out item goes through ``level1_check`` as a submission from a new
   contributor (no known-good token, no form signals: only the content counts),
   in a fixed random order, so copies of one text meet as they would in real life.

Target (issue 4): >= 90 % of spam stopped (held or spam), <= 2 % of legitimate held.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(workdir: Path) -> None:
    os.environ["IPSP_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def submission_of(item: Any) -> Any:
    from ipsp.verification.types import Submission

    return Submission(
        kind="bench",
        public_id=item.id,
        language=item.language,
        title=item.title,
        texts=(item.body,),
        organisation=item.organisation,
        country=item.country,
        links=tuple(item.links),
    )


def reset(train_items: list[Any]) -> None:
    from ipsp.verification import classifier
    from ipsp.verification.models import (
        BlockedDomain,
        Level1Check,
        RateEvent,
        TrainingExample,
    )
    from ipsp.verification.services import classifier_train
    from ipsp.verification.textutil import domain_of, find_links

    Level1Check.objects.all().delete()
    RateEvent.objects.all().delete()
    TrainingExample.objects.all().delete()
    BlockedDomain.objects.all().delete()
    TrainingExample.objects.bulk_create(
        TrainingExample(text=i.text, language=i.language, label=i.label, source="corpus")
        for i in train_items
    )
    classifier.clear_cache()
    classifier_train(seed_corpus=False)
    spam_domains: Counter[str] = Counter()
    ham_domains: set[str] = set()
    for item in train_items:
        domains = {domain_of(link) for link in find_links(item.text) + list(item.links)} - {""}
        if item.label == "spam":
            spam_domains.update(domains)
        else:
            ham_domains.update(domains)
    for domain, count in spam_domains.items():
        if count >= 2 and domain not in ham_domains:
            BlockedDomain.objects.create(domain=domain, note="bench: seen in training spam")


def run_checks(items: list[Any]) -> list[dict[str, Any]]:
    from ipsp.verification.services import level1_check

    results = []
    for item in items:
        outcome = level1_check(submission_of(item))
        results.append(
            {
                "id": item.id,
                "label": item.label,
                "kind": item.kind,
                "language": item.language,
                "score": outcome.score,
                "forced_hold": "no_javascript" in outcome.reasons,
                "decision": outcome.decision,
                "signals": [s.code for s in outcome.signals if s.score],
            }
        )
    return results


def rates(results: list[dict[str, Any]], hold: float) -> tuple[float, float]:
    spam = [r for r in results if r["label"] == "spam"]
    ham = [r for r in results if r["label"] == "ham"]
    stopped = sum(r["score"] >= hold for r in spam) / max(len(spam), 1)
    held = sum(r["score"] >= hold for r in ham) / max(len(ham), 1)
    return stopped, held


def cross_validate(train_items: list[Any], folds: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    shuffled = train_items[:]
    rng.shuffle(shuffled)
    results: list[dict[str, Any]] = []
    for fold in range(folds):
        test = shuffled[fold::folds]
        rest = [item for index, item in enumerate(shuffled) if index % folds != fold]
        reset(rest)
        results.extend(run_checks(test))
    return results


def table(results: list[dict[str, Any]], key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[f"{r[key]} {r['label']}" if key == "language" else r[key]].append(r)
    out = {}
    for name, rows in sorted(groups.items()):
        stopped = sum(r["decision"] != "pass" for r in rows)
        out[name] = {"items": len(rows), "stopped_or_held_%": round(100 * stopped / len(rows), 1)}
    return out


def machine() -> dict[str, str]:
    import subprocess

    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        lscpu = "\n".join(lscpu.splitlines()[:10])
    except OSError:
        lscpu = platform.processor()
    return {"python": sys.version.split()[0], "platform": platform.platform(), "lscpu": lscpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipsp-bench-") as tmp:
        setup_django(Path(tmp))
        from ipsp.verification import conf, corpus

        train_items = corpus.load("train")
        heldout_items = corpus.load("heldout")
        hold, spam_score = conf.get("HOLD_SCORE"), conf.get("SPAM_SCORE")

        print(f"Corpus: {len(train_items)} training items, {len(heldout_items)} held out.")
        print(f"\n1. {args.folds}-fold cross-validation on the training part (threshold choice)")
        cv = cross_validate(train_items, args.folds)
        sweep = []
        for candidate in [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]:
            stopped, held = rates(cv, candidate)
            sweep.append(
                {
                    "hold_score": candidate,
                    "spam_stopped_%": round(100 * stopped, 1),
                    "legitimate_held_%": round(100 * held, 1),
                }
            )
            print(
                f"   hold at score >= {candidate:>4}: spam stopped {100 * stopped:5.1f} %, "
                f"legitimate held {100 * held:4.1f} %"
            )

        print(f"\n2. Held-out part, HOLD_SCORE={hold}, SPAM_SCORE={spam_score}")
        reset(train_items)
        order = heldout_items[:]
        random.Random(11).shuffle(order)
        started = time.perf_counter()
        results = run_checks(order)
        elapsed = time.perf_counter() - started
        spam = [r for r in results if r["label"] == "spam"]
        ham = [r for r in results if r["label"] == "ham"]
        stopped = sum(r["decision"] != "pass" for r in spam)
        into_folder = sum(r["decision"] == "spam" for r in spam)
        held = sum(r["decision"] != "pass" for r in ham)
        ham_in_folder = sum(r["decision"] == "spam" for r in ham)
        figures = {
            "heldout_spam": len(spam),
            "heldout_legitimate": len(ham),
            "spam_stopped_%": round(100 * stopped / len(spam), 1),
            "spam_into_spam_folder_%": round(100 * into_folder / len(spam), 1),
            "legitimate_held_%": round(100 * held / len(ham), 1),
            "legitimate_into_spam_folder_%": round(100 * ham_in_folder / len(ham), 1),
            "ms_per_check": round(1000 * elapsed / len(results), 2),
        }
        print(
            f"   spam stopped at level 1: {stopped}/{len(spam)} = {figures['spam_stopped_%']} % "
            f"({figures['spam_into_spam_folder_%']} % straight into the spam folder)"
        )
        print(
            f"   legitimate wrongly held: {held}/{len(ham)} = {figures['legitimate_held_%']} % "
            f"({figures['legitimate_into_spam_folder_%']} % into the spam folder)"
        )
        print(f"   {figures['ms_per_check']} ms per check")
        by_kind = table(results, "kind")
        by_language = table(results, "language")
        print(
            "   by kind:     "
            + ", ".join(
                f"{k} {v['stopped_or_held_%']} % of {v['items']}" for k, v in by_kind.items()
            )
        )
        print(
            "   by language: "
            + ", ".join(
                f"{k} {v['stopped_or_held_%']} % of {v['items']}" for k, v in by_language.items()
            )
        )
        misses = [r for r in spam if r["decision"] == "pass"] + [
            r for r in ham if r["decision"] != "pass"
        ]
        for r in misses:
            print(
                f"   - {r['id']} ({r['label']}, {r['kind']}): score {r['score']:.2f}, "
                f"{r['decision']}, {r['signals']}"
            )
        print("\n3. The same held-out part with the classifier switched off (rules alone)")
        from django.conf import settings

        settings.VERIFICATION_WEIGHTS = {"classifier_spam": 0.0, "classifier_ham": 0.0}
        reset(train_items)
        rules_only = run_checks(order)
        rules_spam = [r for r in rules_only if r["label"] == "spam"]
        rules_ham = [r for r in rules_only if r["label"] == "ham"]
        figures["rules_only_spam_stopped_%"] = round(
            100 * sum(r["decision"] != "pass" for r in rules_spam) / len(rules_spam), 1
        )
        figures["rules_only_legitimate_held_%"] = round(
            100 * sum(r["decision"] != "pass" for r in rules_ham) / len(rules_ham), 1
        )
        print(
            f"   spam stopped {figures['rules_only_spam_stopped_%']} %, "
            f"legitimate held {figures['rules_only_legitimate_held_%']} %"
        )
        rules_by_kind = table(rules_only, "kind")
        print(
            "   by kind:     "
            + ", ".join(
                f"{k} {v['stopped_or_held_%']} % of {v['items']}" for k, v in rules_by_kind.items()
            )
        )
        info = machine()
        print(f"\nPython {info['python']} on {info['platform']}\n{info['lscpu']}")
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "cross_validation": sweep,
                        "heldout": figures,
                        "by_kind": by_kind,
                        "by_language": by_language,
                        "rules_only_by_kind": rules_by_kind,
                        "machine": info,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )


if __name__ == "__main__":
    main()
