"""Moved to ``ipsp.core.demo_texts`` (actors use the same sentences and may not import
initiatives). Kept only for ``bench/pages.py``, written in parallel; remove once it
imports ``ipsp.core.demo_texts``."""

from ipsp.core.demo_texts import HOLDERS, ORGANISATION_PATTERNS, PLACES, TEXTS

__all__ = ["HOLDERS", "ORGANISATION_PATTERNS", "PLACES", "TEXTS"]
