"""Recompute the kept related entries that are missing or old, with a progress bar."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ipsp.core.progress import command_progress
from ipsp.search.related import related_refresh, related_refresh_count


class Command(BaseCommand):
    help = (
        "Recompute each entry's kept related entries where none is kept or it is older "
        "than RELATED_MAX_AGE_DAYS (--all: every one). Pages compute a missing list "
        "themselves meanwhile. Run daily (SCHEDULED_JOBS) and after rebuild_search_index."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", dest="everything")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, everything: bool, no_progress: bool, **options: Any) -> None:
        started = time.monotonic()
        with command_progress(
            self,
            total=related_refresh_count(everything=everything),
            unit="entries",
            desc="Related entries",
            disabled=no_progress,
        ) as bar:
            count = related_refresh(everything=everything, progress=bar.update)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Recomputed the related entries of {count} entries in {elapsed:.1f} s"
                f" (older than {settings.RELATED_MAX_AGE_DAYS} days or missing)."
                if not everything
                else f"Recomputed the related entries of {count} entries in {elapsed:.1f} s."
            )
        )
