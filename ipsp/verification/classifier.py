"""A multinomial naive Bayes text classifier per language, in plain Python.

Each document counts each feature once (binarised multinomial NB, which suits
short texts and is not fooled by a word pasted a hundred times). Models are
plain counts, stored as JSON in ``ClassifierModel`` and cached in the process
until a newer training replaces them. Languages with too few examples of
either label use the model trained on every language ("*").
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ipsp.verification.textutil import tokens

ALL_LANGUAGES = "*"
MIN_EXAMPLES_PER_LABEL = 10
LABELS = ("ham", "spam")


def language_key(language: str) -> str:
    """'zh-hans' -> 'zh', 'pt-BR' -> 'pt': one model per primary language."""
    return (language or "").strip().lower().replace("_", "-").split("-", 1)[0]


@dataclass
class NaiveBayes:
    docs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {label: Counter() for label in LABELS}
    )
    alpha: float = 1.0

    def learn(self, text: str, label: str) -> None:
        self.docs[label] += 1
        self.counts[label].update(set(tokens(text)))

    def usable(self) -> bool:
        return all(self.docs[label] >= MIN_EXAMPLES_PER_LABEL for label in LABELS)

    def spam_probability(self, text: str) -> float | None:
        """P(spam | text) with equal priors, or None when no feature is known."""
        features = set(tokens(text))
        ham, spam = self.counts["ham"], self.counts["spam"]
        vocabulary = self._vocabulary_size()
        known = [f for f in features if f in ham or f in spam]
        if not known or not vocabulary:
            return None
        # features are counted once per document, so P(f | label) is a document frequency
        ham_total = self._totals("ham") + self.alpha * vocabulary
        spam_total = self._totals("spam") + self.alpha * vocabulary
        log_odds = 0.0
        for feature in known:
            log_odds += math.log((spam[feature] + self.alpha) / spam_total)
            log_odds -= math.log((ham[feature] + self.alpha) / ham_total)
        if log_odds > 700:
            return 1.0
        if log_odds < -700:
            return 0.0
        return 1.0 / (1.0 + math.exp(-log_odds))

    def _vocabulary_size(self) -> int:
        cached = getattr(self, "_vocab_cache", None)
        if cached is None:
            cached = len(set(self.counts["ham"]) | set(self.counts["spam"]))
            self._vocab_cache = cached
        return cached

    def _totals(self, label: str) -> int:
        cache = getattr(self, "_totals_cache", None)
        if cache is None:
            cache = {name: sum(self.counts[name].values()) for name in LABELS}
            self._totals_cache = cache
        return cache[label]

    def to_json(self) -> dict[str, object]:
        return {
            "version": 1,
            "docs": dict(self.docs),
            "counts": {label: dict(self.counts[label]) for label in LABELS},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> NaiveBayes:
        docs = data.get("docs") or {}
        counts = data.get("counts") or {}
        assert isinstance(docs, dict) and isinstance(counts, dict)
        return cls(
            docs={label: int(docs.get(label, 0)) for label in LABELS},
            counts={label: Counter(counts.get(label, {})) for label in LABELS},
        )


def train(examples: Iterable[tuple[str, str, str]]) -> dict[str, NaiveBayes]:
    """Models per language key and for every language, from (text, language, label)."""
    models: dict[str, NaiveBayes] = {ALL_LANGUAGES: NaiveBayes()}
    for text, language, label in examples:
        if label not in LABELS:
            continue
        key = language_key(language)
        models.setdefault(key, NaiveBayes()).learn(text, label)
        models[ALL_LANGUAGES].learn(text, label)
    return models


def choose(models: dict[str, NaiveBayes], language: str) -> tuple[str, NaiveBayes] | None:
    key = language_key(language)
    for candidate in (key, ALL_LANGUAGES):
        model = models.get(candidate)
        if model is not None and model.usable():
            return candidate, model
    return None


# --- stored models, cached in the process -------------------------------------------

_cache: dict[str, tuple[datetime, NaiveBayes]] = {}
_lock = threading.Lock()


def stored_models(languages: Iterable[str]) -> dict[str, NaiveBayes]:
    """The stored models of these language keys, loading only those trained since cached."""
    from ipsp.verification.models import ClassifierModel

    wanted = set(languages)
    stamps = dict(
        ClassifierModel.objects.filter(language__in=wanted).values_list("language", "trained_at")
    )
    found: dict[str, NaiveBayes] = {}
    with _lock:
        for language, trained_at in stamps.items():
            cached = _cache.get(language)
            if cached is None or cached[0] != trained_at:
                row = ClassifierModel.objects.filter(language=language).first()
                if row is None:
                    continue
                cached = (row.trained_at, NaiveBayes.from_json(row.data))
                _cache[language] = cached
            found[language] = cached[1]
    return found


def spam_probability(text: str, language: str) -> tuple[str, float] | None:
    """(model used, P(spam)) from the stored models, or None when none can tell."""
    models = stored_models({language_key(language), ALL_LANGUAGES})
    chosen = choose(models, language)
    if chosen is None:
        return None
    name, model = chosen
    probability = model.spam_probability(text)
    return None if probability is None else (name, probability)


def clear_cache() -> None:
    with _lock:
        _cache.clear()
