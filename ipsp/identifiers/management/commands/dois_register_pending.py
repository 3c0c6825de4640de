"""Enqueue registration of every DOI DataCite does not have up to date (e.g. once
credentials are configured on a platform that has been reserving DOIs without them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ipsp.identifiers import queries, services

BATCH = 1000


class Command(BaseCommand):
    help = "Enqueue DataCite registration of every reserved, failed or outdated DOI."

    def handle(self, *args: Any, **options: Any) -> None:
        if not services.registration_configured():
            raise CommandError(
                "DATACITE_USERNAME and DATACITE_PASSWORD are not set: nothing can be registered."
            )
        pending = queries.dois_pending_registration().order_by("pk")
        total = pending.count()
        count = 0
        last = 0
        # By pages of ids (keyset on pk, one transaction each): never every DOI of a large
        # table in memory, and no cursor left open across the writes.
        while ids := list(pending.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH]):
            count += services.doi_retry(doi_ids=ids)
            last = ids[-1]
            if count < total:
                self.stdout.write(f"{count} of {total} DOI(s) enqueued...")
        self.stdout.write(f"{count} DOI(s) enqueued for registration.")
