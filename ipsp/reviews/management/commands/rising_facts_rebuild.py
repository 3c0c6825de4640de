"""Fill the rising actors' table from every published organisation, with a progress
bar: after a deploy, after bulk demo or benchmark data, and once a day as a safety net
(settings.SCHEDULED_JOBS)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ipsp.core.progress import command_progress
from ipsp.reviews.facts import facts_rebuild, published_count


class Command(BaseCommand):
    help = (
        "Rebuild the rising actors' table (public facts of every published organisation). "
        "The page keeps showing the old rows until the new ones are complete."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, no_progress: bool, **options: Any) -> None:
        started = time.monotonic()
        with command_progress(
            self,
            total=published_count(),
            unit="organisations",
            desc="Rising facts",
            disabled=no_progress,
        ) as bar:
            count = facts_rebuild(progress=bar.update)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Rising facts of {count} organisations in {elapsed:.1f} s.")
        )
