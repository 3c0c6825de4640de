"""Retrain the level 1 spam classifier from the secretariat's decisions and the corpus."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ipsp.verification.services import classifier_train


class Command(BaseCommand):
    help = "Retrain the spam classifier of every language (loads the shipped corpus once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-corpus",
            action="store_true",
            help="Do not load the shipped corpus when it is not loaded yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = classifier_train(seed_corpus=not options["no_corpus"])
        for language, examples in sorted(summary.items()):
            self.stdout.write(f"{language}: {examples} examples")
        self.stdout.write(self.style.SUCCESS("Spam classifier trained."))
