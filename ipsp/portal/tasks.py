"""Background work of the portal: the topic pages job, and pages following their entries.

``topics_refresh_task`` recomputes the parts of every proposed and published topic
page and proposes new groups (sharing terms, or close in wording). Run it regularly
(``manage.py propose_topics`` from cron, or enqueue it); it is idempotent: a group
already proposed, published or dismissed is never proposed twice.

``topics_follow_entries_task`` is enqueued when a transaction that indexed or removed
entries commits (publication, new published version, withdrawal: see
``topics.entry_index_changed``): it recomputes the pages that hold those entries or
should now hold them. Recomputing is idempotent, so a retry is harmless.
"""

from __future__ import annotations

import logging

from ipsp.core.tasks import retrying_task

logger = logging.getLogger(__name__)


@retrying_task()
def topics_refresh_task() -> None:
    from ipsp.portal.topics import topics_refresh

    report = topics_refresh()
    logger.info("topic pages: %s recomputed, %s proposed", report.recomputed, len(report.proposed))


@retrying_task()
def topics_follow_entries_task(keys: list[list[str]]) -> None:
    """``keys``: ``[kind, public_id]`` of the entries indexed or removed."""
    from ipsp.portal.topics import topics_follow_entries

    pages = topics_follow_entries([(kind, public_id) for kind, public_id in keys])
    logger.info("topic pages: %s recomputed after %s entries changed", len(pages), len(keys))
