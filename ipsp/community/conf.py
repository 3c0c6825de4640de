"""Limits of the message relay, each overridable in settings.py as ``COMMUNITY_<NAME>``."""

from __future__ import annotations

from django.conf import settings

DEFAULTS: dict[str, int] = {
    # New conversations one person may start in 24 hours.
    "NEW_CONVERSATIONS_PER_DAY": 10,
    # Messages (first ones and answers) one person may write in 24 hours.
    "MESSAGES_PER_DAY": 60,
}


def get(name: str) -> int:
    return int(getattr(settings, f"COMMUNITY_{name}", DEFAULTS[name]))
