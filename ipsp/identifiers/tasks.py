"""Background registration of DOIs at DataCite, retried with backoff."""

from __future__ import annotations

from ipsp.core.tasks import retrying_task
from ipsp.identifiers import services


@retrying_task()
def doi_register(doi_id: int) -> None:
    """Send the DOI's current metadata and URL to DataCite (idempotent)."""
    services.doi_send(doi_id=doi_id)
