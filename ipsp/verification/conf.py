"""Level 1 settings, each overridable in settings.py as ``VERIFICATION_<NAME>``.

The thresholds and weights were set on the training part of the shipped corpus
(see bench/spam_filter.py and docs/verification.md); shadow mode gives the
figures to set them on real traffic.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Report what the rules would do, but pass everything on to level 2.
    "SHADOW_MODE": False,
    # A score at or above HOLD_SCORE holds the submission; at or above SPAM_SCORE it is spam.
    "HOLD_SCORE": 4.0,
    "SPAM_SCORE": 9.0,
    # A person takes longer than this to fill in a form.
    "MIN_FILL_SECONDS": 5,
    # Proof of work: the browser tries on average MAX_NUMBER / 2 SHA-256 hashes.
    "CHALLENGE_MAX_NUMBER": 50_000,
    "CHALLENGE_TTL_SECONDS": 6 * 60 * 60,
    # (submissions, window in seconds); windows are at most 24 h, as keys are kept no longer.
    "RATE_LIMITS": {
        "network": (10, 60 * 60),
        "token": (30, 24 * 60 * 60),
        "email": (10, 24 * 60 * 60),
    },
    "SPAM_KEEP_DAYS": 30,
    # Copies of the same text from other entries are looked for this far back.
    "REPEAT_WINDOW_DAYS": 7,
    # Near duplicates at or above this score (0-100) are shown.
    "DUPLICATE_SCORE": 80.0,
    # Level 2: a claim on a queue item lapses after this many minutes.
    "CLAIM_MINUTES": 30,
    # A contributor may appeal a rejection or a spam decision this many days after it.
    "APPEAL_WINDOW_DAYS": 30,
    # The secretariat answers an appeal within this many days (the appeals queue's deadline).
    "APPEAL_DEADLINE_DAYS": 14,
    # Score of each rule (see rules.py for how each is computed).
    "WEIGHTS": {
        "honeypot": 100.0,
        "too_fast": 5.0,
        "link_density": 1.0,  # per link per 100 words above LINKS_FREE
        "link_density_max": 8.0,
        "links_free": 2.0,
        "mixed_script": 3.0,  # per word mixing Latin with Cyrillic or Greek letters
        "mixed_script_max": 9.0,
        "repeated_text": 6.0,
        "repeated_elsewhere": 3.0,  # per other entry with the same text
        "repeated_elsewhere_max": 9.0,
        "gibberish": 6.0,
        "new_token": 1.0,
        "known_good": -4.0,
        "classifier_spam": 8.0,  # at probability 1 of spam
        "classifier_ham": -2.0,  # at probability 0 of spam
    },
}


def get(name: str) -> Any:
    value = getattr(settings, f"VERIFICATION_{name}", None)
    if value is None:
        return DEFAULTS[name]
    if isinstance(value, dict) and isinstance(DEFAULTS[name], dict):
        return {**DEFAULTS[name], **value}
    return value


def weight(name: str) -> float:
    return float(get("WEIGHTS")[name])
