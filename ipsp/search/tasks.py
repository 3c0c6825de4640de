"""Background work of the search package.

``related_follow_entries_task`` is enqueued when a transaction that indexed or removed
entries commits (``related.entry_index_changed``, an index listener): it recomputes the
kept related entries of those entries and of their neighbours (``related.related_follow``).
Recomputing is idempotent, so a retry is harmless.
"""

from __future__ import annotations

import logging

from ipsp.core.tasks import retrying_task

logger = logging.getLogger(__name__)


@retrying_task()
def related_follow_entries_task(keys: list[list[str]]) -> None:
    """``keys``: ``[kind, public_id]`` of the entries indexed or removed."""
    from ipsp.search.related import related_follow

    count = related_follow([(kind, public_id) for kind, public_id in keys])
    logger.info("related entries: %s lists recomputed after %s entries changed", count, len(keys))
