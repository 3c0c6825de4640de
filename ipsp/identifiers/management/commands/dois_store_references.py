"""Format and keep the APA and Chicago references of every concept DOI that has none for
its current revision (e.g. entries published before references were stored). Pages do
it themselves at the first view; this does it ahead, ~28 ms of CPU an entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef

from ipsp.identifiers.citations import csl_locale, references_store
from ipsp.identifiers.models import Doi, FormattedCitation
from ipsp.identifiers.records import record_source


class Command(BaseCommand):
    help = "Format and store the references of concept DOIs that have none (site language)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=0, help="at most this many DOIs")

    def handle(self, *args: Any, **options: Any) -> None:
        locale = csl_locale(settings.LANGUAGE_CODE)
        current = FormattedCitation.objects.filter(
            doi=OuterRef("pk"), locale=locale, revision=OuterRef("revision")
        )
        missing = (
            Doi.objects.concepts().annotate(has=Exists(current)).filter(has=False).order_by("pk")
        )
        total = missing.count()
        if options["limit"]:
            total = min(total, options["limit"])
        done = skipped = 0
        for doi in missing[:total].iterator(chunk_size=500):
            source = record_source(doi.target_kind)
            record = source(doi.target_public_id, None) if source else None
            if record is None:
                skipped += 1
                continue
            references_store(record, doi, locales=[locale])
            done += 1
            if done % 1000 == 0:
                self.stdout.write(f"{done}/{total}")
        self.stdout.write(
            f"{done} DOI(s) got their references; {skipped} without a record to format."
        )
