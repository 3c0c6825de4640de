from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ipsp.core.demo import SIZES, DemoContext, generators


class Command(BaseCommand):
    help = "Create reproducible demo data (small for trying the platform, benchmark for bench/)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, size: str, seed: int, no_progress: bool, **options: Any) -> None:
        ctx = DemoContext(size=size, seed=seed, stdout=self.stdout, show_progress=not no_progress)
        for label, generate in generators():
            self.stdout.write(f"{label}…")
            with transaction.atomic():
                generate(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data ({size}, seed {seed}) created."))
