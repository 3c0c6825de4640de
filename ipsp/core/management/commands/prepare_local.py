"""What `make run` does before starting: migrate, load the taxonomy, demo data once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare var/ for a local run: migrate, load the taxonomy, and demo data on first run."

    def handle(self, *args: Any, **options: Any) -> None:
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_taxonomy", verbosity=0)
        marker = settings.VAR_DIR / "demo-data-loaded"
        if not marker.exists():
            self.stdout.write("First run: creating the small demo data set…")
            call_command("demo_data", size="small", seed=1)
            marker.write_text("small\n")
