"""Recompute the topic pages and propose new ones (the job, run from the command line)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from ipsp.portal.topics import topics_refresh


class Command(BaseCommand):
    help = (
        "Recompute the parts of every proposed and published topic page, then propose "
        "pages for new groups of entries sharing terms or close in wording (the "
        "secretariat sets the size and the closeness)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-progress", action="store_true", help="no line per page")

    def handle(self, *args: Any, quiet_progress: bool, **options: Any) -> None:
        started = time.monotonic()
        with translation.override("en"):
            report = topics_refresh(progress=None if quiet_progress else self.stdout.write)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.recomputed} topic pages recomputed, {len(report.proposed)} proposed"
                f" in {elapsed:.1f} s."
            )
        )
