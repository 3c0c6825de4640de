# ruff: noqa: RUF001  (alphabets of other scripts)
"""Build the labelled corpus of level 1: ``python -m ipsp.verification.corpus.build``.

Legitimate submissions describe social-progress initiatives the way the seed
asks (what problem, for whom, how, what changed, with whom, what next); spam is
of five kinds (SEO links, scams, off-topic ads, gibberish, copy-paste floods).
Everything comes from the hand-written templates and vocabularies in
``templates_*.py`` and a fixed random seed, so the same files come out every time.

The split is fixed and recorded in the files (train.jsonl, heldout.jsonl). To
keep the held-out part honest, training items are written only with the first
three quarters of every list of sentences and words, while held-out items may
use any of them: the held-out part contains phrasing the classifier never saw.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipsp.verification.corpus.templates_ham import HAM
from ipsp.verification.corpus.templates_spam import SPAM, SPAM_DOMAINS, SPAM_PRODUCTS

HERE = Path(__file__).resolve().parent
SEED = 20260214
LEGITIMATE_PER_LANGUAGE = 40
SPAM_PER_KIND = 8  # five kinds: 40 per language
HELDOUT_SHARE = 0.3
SPAM_KINDS = ("seo", "scam", "ad", "gibberish", "flood")


class Writer:
    """Draws from lists, restricted to their first three quarters for training items."""

    def __init__(self, rng: random.Random, heldout: bool) -> None:
        self.rng = rng
        self.heldout = heldout

    def pick(self, items: Sequence[Any]) -> Any:
        usable = len(items) if self.heldout else max(1, (len(items) * 3 + 3) // 4)
        return items[self.rng.randrange(usable)]

    def sample(self, items: Sequence[Any], count: int) -> list[Any]:
        usable = len(items) if self.heldout else max(1, (len(items) * 3 + 3) // 4)
        return self.rng.sample(list(items[:usable]), min(count, usable))


def _slug(text: str, rng: random.Random) -> str:
    letters = [ch for ch in text.lower() if ch in string.ascii_lowercase]
    base = "".join(letters)[:12] or "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    return base


def legitimate(language: str, w: Writer) -> dict[str, Any]:
    data = HAM[language]
    topic = w.pick(data["topics"])
    group = w.pick(data["groups"])
    place, country = w.pick(data["places"])
    org = w.pick(data["orgs"]).format(place=place)
    values = {
        "topic": topic[0],
        "topic_title": topic[1],
        "group": group,
        "place": place,
        "org": org,
        "n": w.rng.choice([12, 18, 25, 40, 60, 85, 120, 150, 240, 300, 450, 800, 1200, 3000]),
        "year": w.rng.randint(2012, 2024),
        "pct": w.rng.choice([15, 20, 25, 30, 35, 40, 60]),
    }
    title = w.pick(data["titles"]).format(**values)
    sentences = [w.pick(data["problem"]), w.pick(data["approach"])]
    if w.rng.random() < 0.8:
        sentences.append(w.pick(data["results"]))
    if w.rng.random() < 0.6:
        sentences.append(w.pick(data["partners"]))
    if w.rng.random() < 0.5:
        sentences.append(w.pick(data["next"]))
    paragraphs = [" ".join(s.format(**values) for s in sentences[:2])]
    paragraphs.append(" ".join(s.format(**values) for s in sentences[2:]))
    links: list[str] = []
    if w.rng.random() < 0.5:
        site = f"https://www.{_slug(org, w.rng) or 'initiative'}.org"
        links.append(site)
        if w.rng.random() < 0.4:
            paragraphs.append(w.pick(data["more"]).format(url=site))
    return {
        "kind": "legitimate",
        "label": "ham",
        "title": title,
        "organisation": org,
        "country": country,
        "body": "\n\n".join(p for p in paragraphs if p),
        "links": links,
    }


def _spam_url(w: Writer) -> str:
    domain = w.pick(SPAM_DOMAINS)
    path = w.rng.choice(
        ["", "/buy", "/promo", "/offer", "/go", "/?ref=" + str(w.rng.randint(100, 999))]
    )
    scheme = w.rng.choice(["https://", "http://", "https://www."])
    return f"{scheme}{domain}{path}"


def _random_string(rng: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


GIBBERISH_ALPHABETS = {
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "zh": (
        "的一是不了人我在有他这中大来上国个到说们为子和你地"
        "出道也时年得就那要下以生会自着去之过家学对可"
    ),
    "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "hi": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह",
}


def gibberish(language: str, w: Writer) -> str:
    rng = w.rng
    style = rng.choice(
        ["bot", "mash", "script"] if language in GIBBERISH_ALPHABETS else ["bot", "mash"]
    )
    words = []
    for _ in range(rng.randint(6, 30)):
        if style == "bot":
            words.append(_random_string(rng, string.ascii_letters, 6, 14))
        elif style == "mash":
            row = rng.choice(["qwertyuiop", "asdfghjkl", "zxcvbnm", "qwerasdfzxcv", "hjkluiop"])
            words.append(_random_string(rng, row, 3, 9))
        else:
            alphabet = GIBBERISH_ALPHABETS[language]
            if language == "zh":
                words.append(_random_string(rng, alphabet, 2, 6) + rng.choice(["", "，", "。"]))
            else:
                words.append(_random_string(rng, alphabet, 3, 9))
    sep = "" if style == "script" and language == "zh" else " "
    return sep.join(words)


def spam(language: str, kind: str, w: Writer) -> dict[str, Any]:
    data = SPAM[language]
    product = w.pick(SPAM_PRODUCTS[language])
    values = {
        "product": product,
        "url": _spam_url(w),
        "url2": _spam_url(w),
        "url3": _spam_url(w),
        "amount": w.rng.choice(
            ["4,500,000", "7.8 million", "12,000,000", "950,000", "2.5 million"]
        ),
        "email": w.rng.choice(
            ["agent.claims@", "barrister.office@", "support.wallet@", "promo.desk@", "lucky.draw@"]
        )
        + w.rng.choice(["gmail.example", "mail.example", "outlook.example"]),
        "phone": "+"
        + str(w.rng.randint(1, 998))
        + " "
        + str(w.rng.randint(100_000_000, 999_999_999)),
        "price": w.rng.choice(["9.99", "19", "29.90", "49", "99", "5"]),
        "pct": w.rng.choice([50, 60, 70, 80, 90]),
        "n": w.rng.choice([2, 3, 5, 10]),
    }
    links: list[str] = []
    organisation = ""
    country = ""
    if kind == "gibberish":
        title = gibberish(language, w)[:60]
        body = gibberish(language, w)
        if w.rng.random() < 0.3:
            body += " " + values["url"]
    elif kind == "flood":
        line = w.pick(data["flood"]).format(**values)
        times = w.rng.randint(6, 25)
        joiner = w.rng.choice([" ", "\n", " !!! ", "\n\n"])
        body = joiner.join([line] * times)
        title = line[:70]
    else:
        title = w.pick(data[kind + "_titles"]).format(**values)
        sentences = w.sample(data[kind], w.rng.randint(2, 4))
        body = " ".join(s.format(**values) for s in sentences)
        if kind == "seo":
            links = [values["url"]]
            organisation = w.pick(data["seo_orgs"]).format(**values)
        elif kind == "ad":
            organisation = w.pick(data["ad_orgs"]).format(**values)
    return {
        "kind": kind,
        "label": "spam",
        "title": title,
        "organisation": organisation,
        "country": country,
        "body": body,
        "links": links,
    }


def build() -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(SEED)
    splits: dict[str, list[dict[str, Any]]] = {"train": [], "heldout": []}
    counter = 0
    for language in sorted(HAM):
        plan = [("legitimate", LEGITIMATE_PER_LANGUAGE)] + [(k, SPAM_PER_KIND) for k in SPAM_KINDS]
        for kind, count in plan:
            heldout_count = round(count * HELDOUT_SHARE)
            order = [True] * heldout_count + [False] * (count - heldout_count)
            rng.shuffle(order)
            for is_heldout in order:
                w = Writer(rng, heldout=is_heldout)
                item = legitimate(language, w) if kind == "legitimate" else spam(language, kind, w)
                counter += 1
                split = "heldout" if is_heldout else "train"
                record = {"id": f"{language}-{counter:04d}", "split": split, "language": language}
                record.update(item)
                splits[split].append(record)
    return splits


def main() -> None:
    splits = build()
    for split, items in splits.items():
        with (HERE / f"{split}.jsonl").open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        spam_count = sum(item["label"] == "spam" for item in items)
        print(
            f"{split}: {len(items)} items, {len(items) - spam_count} legitimate, {spam_count} spam"
        )


if __name__ == "__main__":
    main()
