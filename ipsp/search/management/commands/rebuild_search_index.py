"""Rebuild the search index from every registered provider, with a progress bar."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ipsp.core.progress import command_progress
from ipsp.search.registry import providers
from ipsp.search.services import index_expected_count, index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the full-text and facet index from the published entries of every kind "
        "(or only --kind ones). Searches keep working from the old index meanwhile."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--kind", action="append", dest="kinds", help="only this kind (repeatable)"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args: Any, kinds: list[str] | None, no_progress: bool, **options: Any
    ) -> None:
        known = {provider.kind for provider in providers()}
        if kinds:
            unknown = sorted(set(kinds) - known)
            if unknown:
                raise CommandError(
                    f"No provider for {', '.join(unknown)}; known kinds: "
                    f"{', '.join(sorted(known)) or 'none'}."
                )
        if not known:
            self.stdout.write("No provider is registered: the index will be emptied.")
        started = time.monotonic()
        with command_progress(
            self,
            total=index_expected_count(kinds=kinds),
            unit="entries",
            desc="Indexing",
            disabled=no_progress,
        ) as bar:
            count = index_rebuild(kinds=kinds, progress=bar.update)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} entries in {elapsed:.1f} s."))
