from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ipsp.core.demo import SIZES, DemoContext, generators


class Command(BaseCommand):
    help = "Create reproducible demo data (small for trying the platform, benchmark for bench/)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--initiatives", type=int, help="how many initiatives (instead of the size's count)"
        )
        parser.add_argument("--actors", type=int, help="how many actors (same)")

    def handle(
        self,
        *args: Any,
        size: str,
        seed: int,
        no_progress: bool,
        initiatives: int | None = None,
        actors: int | None = None,
        **options: Any,
    ) -> None:
        counts = {
            what: value
            for what, value in (("initiatives", initiatives), ("actors", actors))
            if value is not None
        }
        if any(value < 0 for value in counts.values()):
            raise CommandError("Counts cannot be negative.")
        ctx = DemoContext(
            size=size,
            seed=seed,
            stdout=self.stdout,
            show_progress=not no_progress,
            counts=counts,
        )
        for label, generate in generators():
            self.stdout.write(f"{label}…")
            with transaction.atomic():
                generate(ctx)
        described = ", ".join(f"{value} {what}" for what, value in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ({size}{', ' + described if described else ''}, seed {seed}) created."
            )
        )
