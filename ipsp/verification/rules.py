"""The weighted rules of level 1. Each returns Signals whose scores add up.

The form rules (honeypot, fill time, challenge) are in services.py because
they depend on the request; these look only at what was written.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from ipsp.verification import classifier, conf
from ipsp.verification.models import BlockedDomain, BlockedWord, Level1Check
from ipsp.verification.textutil import (
    domain_of,
    find_links,
    normalise_text,
    script_of,
    word_count,
    words,
)
from ipsp.verification.types import Signal, Submission

HOMOGLYPH_SCRIPTS = {"CYRILLIC", "GREEK"}
LATIN_VOWELS = set("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ")
CYRILLIC_VOWELS = set("аеёиоуыэюяіїє")


def link_density(submission: Submission) -> list[Signal]:
    """Links written in the text per 100 words, above a free allowance."""
    text = "\n".join(submission.texts)
    links = find_links(text) + find_links(submission.title)
    if len(links) <= 1:  # one website link is what an honest description has
        return []
    words = max(word_count(text), 20)
    density = len(links) * 100 / words
    excess = density - conf.weight("links_free")
    if excess <= 0:
        return []
    score = min(conf.weight("link_density_max"), excess * conf.weight("link_density"))
    return [Signal("link_density", score, f"{len(links)} links, {density:.1f} per 100 words")]


def blocked_domains(submission: Submission) -> list[Signal]:
    domains = {domain_of(link) for link in find_links(submission.full_text)}
    domains |= {domain_of(link) for link in submission.links}
    domains.discard("")
    if not domains:
        return []
    # a listed domain also covers its subdomains
    candidates: set[str] = set()
    for domain in domains:
        parts = domain.split(".")
        candidates.update(".".join(parts[i:]) for i in range(len(parts) - 1))
    listed = BlockedDomain.objects.filter(domain__in=candidates)
    return [Signal("blocked_domain", item.weight, item.domain) for item in listed]


def blocked_words(submission: Submission) -> list[Signal]:
    language = classifier.language_key(submission.language)
    text = " " + " ".join(words(normalise_text(submission.full_text))) + " "
    signals = []
    for item in BlockedWord.objects.filter(language__in=["", language]):
        phrase = " ".join(words(item.word))
        if not phrase:
            continue
        # whole words in spaced scripts; anywhere in scripts written without spaces
        unspaced = any(script_of(ch) in {"CJK", "HIRAGANA", "KATAKANA", "THAI"} for ch in phrase)
        if (phrase in text) if unspaced else (f" {phrase} " in text):
            signals.append(Signal("blocked_word", item.weight, item.word))
    return signals


def mixed_scripts(submission: Submission) -> list[Signal]:
    """Words mixing Latin letters with Cyrillic or Greek look-alikes (homoglyphs)."""
    mixed = []
    for word in words(submission.full_text):
        scripts = {script_of(ch) for ch in word} - {""}
        if "LATIN" in scripts and scripts & HOMOGLYPH_SCRIPTS:
            mixed.append(word)
    if not mixed:
        return []
    score = min(conf.weight("mixed_script_max"), len(mixed) * conf.weight("mixed_script"))
    return [Signal("mixed_script", score, ", ".join(sorted(set(mixed))[:5]))]


def repeated_text(submission: Submission) -> list[Signal]:
    """The same words pasted over and over: the text compresses far better than prose."""
    raw = normalise_text("\n".join(submission.texts)).encode()
    if len(raw) < 300:
        return []
    ratio = len(zlib.compress(raw, 9)) / len(raw)
    if ratio >= 0.25:
        return []
    return [Signal("repeated_text", conf.weight("repeated_text"), f"compresses to {ratio:.0%}")]


def fingerprint(submission: Submission) -> str:
    found = words(normalise_text(" ".join(submission.texts)))
    if len(found) < 5:
        return ""
    return hashlib.sha256(" ".join(found).encode()).hexdigest()


def repeated_elsewhere(submission: Submission, text_fingerprint: str) -> list[Signal]:
    """The same text recently sent for other entries: a copy-paste flood."""
    if not text_fingerprint:
        return []
    since = timezone.now() - timedelta(days=conf.get("REPEAT_WINDOW_DAYS"))
    others = (
        Level1Check.objects.filter(text_fingerprint=text_fingerprint, created_at__gte=since)
        .exclude(kind=submission.kind, entry_public_id=submission.public_id)
        .values("entry_public_id")
        .distinct()
        .count()
    )
    if not others:
        return []
    score = min(conf.weight("repeated_elsewhere_max"), others * conf.weight("repeated_elsewhere"))
    return [Signal("repeated_elsewhere", score, f"{others} other entries")]


def _looks_random(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 5:
        return False
    scripts = {script_of(ch) for ch in letters}
    if scripts != {"LATIN"} and scripts != {"CYRILLIC"}:
        return False
    lower = [ch.lower() for ch in letters]
    vowels = LATIN_VOWELS if scripts == {"LATIN"} else CYRILLIC_VOWELS
    vowel_share = sum(ch in vowels for ch in lower) / len(lower)
    switches = sum(1 for a, b in itertools.pairwise(letters) if a.islower() != b.islower())
    run = max(
        (len(m) for m in re.findall(r"[^" + "".join(vowels) + "]+", "".join(lower))), default=0
    )
    return vowel_share < 0.15 or switches >= 4 or run >= 6


def gibberish(submission: Submission) -> list[Signal]:
    """Random letter strings: words without vowels, with long consonant runs or case noise."""
    found = [w for w in words(submission.full_text) if not w.isdigit()]
    if len(found) < 3:
        return []
    random_words = [w for w in found if _looks_random(w)]
    share = len(random_words) / len(found)
    if share < 0.3:
        return []
    return [Signal("gibberish", conf.weight("gibberish"), f"{share:.0%} of words look random")]


def token_history(submission: Submission) -> list[Signal]:
    if submission.token_known_good:
        return [Signal("known_good_token", conf.weight("known_good"))]
    if (
        submission.token_id is None
        or not Level1Check.objects.filter(token_id=submission.token_id).exists()
    ):
        return [Signal("new_token", conf.weight("new_token"))]
    return []


def text_classifier(submission: Submission) -> list[Signal]:
    result = classifier.spam_probability(submission.full_text, submission.language)
    if result is None:
        return []
    model, probability = result
    if probability >= 0.5:
        score = conf.weight("classifier_spam") * (2 * probability - 1)
    else:
        score = conf.weight("classifier_ham") * (1 - 2 * probability)
    return [Signal("classifier", score, f"P(spam)={probability:.3f} ({model})")]


CONTENT_RULES = (
    link_density,
    blocked_domains,
    blocked_words,
    mixed_scripts,
    repeated_text,
    gibberish,
    token_history,
    text_classifier,
)


def content_signals(submission: Submission, text_fingerprint: str) -> list[Signal]:
    found: list[Signal] = []
    for rule in CONTENT_RULES:
        found.extend(rule(submission))
    found.extend(repeated_elsewhere(submission, text_fingerprint))
    return found


def total(signals: Iterable[Signal]) -> float:
    return round(sum(signal.score for signal in signals), 3)
