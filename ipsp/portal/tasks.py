"""Background work of the portal: the topic pages job.

``topics_refresh_task`` recomputes the parts of every proposed and published topic
page (so published pages follow their entries) and proposes new groups. Run it
regularly (``manage.py propose_topics`` from cron, or enqueue it); it is idempotent:
a group already proposed, published or dismissed is never proposed twice.
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
