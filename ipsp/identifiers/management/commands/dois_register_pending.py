"""Enqueue registration of every DOI DataCite does not have up to date (e.g. once
credentials are configured on a platform that has been reserving DOIs without them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ipsp.identifiers import queries, services


class Command(BaseCommand):
    help = "Enqueue DataCite registration of every reserved, failed or outdated DOI."

    def handle(self, *args: Any, **options: Any) -> None:
        if not services.registration_configured():
            raise CommandError(
                "DATACITE_USERNAME and DATACITE_PASSWORD are not set: nothing can be registered."
            )
        pending = [doi.pk for doi in queries.dois_pending_registration()]
        count = services.doi_retry(doi_ids=pending)
        self.stdout.write(f"{count} DOI(s) enqueued for registration.")
