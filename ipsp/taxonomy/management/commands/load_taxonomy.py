"""Create or update the taxonomy from ipsp/taxonomy/data (and pycountry)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipsp.taxonomy import services
from ipsp.taxonomy.loader import TaxonomyDataError, VocabularyReport


class Command(BaseCommand):
    help = (
        "Load the taxonomy: create or update vocabularies and terms from the data files. "
        "Safe to run again: unchanged terms are left alone, secretariat edits are kept, "
        "terms gone from the data are retired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "vocabularies", nargs="*", help="Only these vocabularies (codes); all by default."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        started = time.monotonic()

        def progress(report: VocabularyReport) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {report}")

        try:
            reports = services.taxonomy_load(
                only=options["vocabularies"] or None, progress=progress
            )
        except TaxonomyDataError as error:
            raise CommandError(f"Taxonomy data error: {error}") from error
        if verbosity >= 1:
            touched = sum(1 for report in reports if report.touched)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Taxonomy loaded: {len(reports)} vocabularies, {touched} changed, "
                    f"in {time.monotonic() - started:.2f} s."
                )
            )
